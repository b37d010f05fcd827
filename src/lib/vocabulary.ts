// The platform's vocabulary: every kind, status and method the tables store, with the Chinese
// word the pages, exports and summaries show for it. One place, shared by the server (schema,
// domain modules) and the pages, so a label never reads differently in two places.

export const ROLES = ['learner', 'organizer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { learner: '学员', organizer: '组织员', admin: '管理员' };

/** Kinds of organizational unit found in party organizations and government offices. */
export const ORG_UNIT_KINDS = ['党委', '党总支', '党支部', '党小组', '科室', '单位', '其他'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

// ---- study activities -------------------------------------------------------------------------

/** Kinds of study activity an organizer reports on. 读书思廉 / 专题学习 are reading lists. */
export const ACTIVITY_KINDS = ['集中学习', '专题党课', '警示教育片', '参观廉政教育基地', '主题党日', '谈心谈话', '知识竞赛', '读书思廉', '专题学习', '其他'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** Kinds an organizer may record as an offline activity. */
export const OFFLINE_KINDS = ['集中学习', '专题党课', '警示教育片', '参观廉政教育基地', '主题党日', '谈心谈话', '知识竞赛', '其他'] as const satisfies readonly ActivityKind[];
export const READING_LIST_KINDS = ['读书思廉', '专题学习'] as const satisfies readonly ActivityKind[];

/** offline = recorded by an organizer; reading-list = a reading list; competition = a finished live competition. */
export const ACTIVITY_SOURCES = ['offline', 'reading-list', 'competition'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** How a person's attendance came about. */
export const ATTENDANCE_METHODS = ['organizer', 'qr', 'competition', 'reading-list'] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];
export const ATTENDANCE_METHOD_LABELS: Record<AttendanceMethod, string> = {
	organizer: '组织员登记',
	qr: '扫码签到',
	competition: '知识竞赛',
	'reading-list': '完成学习任务'
};

// ---- reading lists ------------------------------------------------------------------------------

/** Audience of a reading list: everyone in the unit subtree, only its 领导干部, or named people. */
export const READING_LIST_AUDIENCES = ['all', 'leaders', 'named'] as const;
export type ReadingListAudience = (typeof READING_LIST_AUDIENCES)[number];
export const READING_LIST_ITEM_TYPES = ['course', 'lesson', 'regulation'] as const;
export type ReadingListItemType = (typeof READING_LIST_ITEM_TYPES)[number];
export const READING_LIST_ITEM_LABELS: Record<ReadingListItemType, string> = { course: '课程', lesson: '课时', regulation: '法规' };

export type ProgressStatus = 'done' | 'in-progress' | 'not-started' | 'overdue';
export const PROGRESS_LABELS: Record<ProgressStatus, string> = { done: '已完成', 'in-progress': '进行中', 'not-started': '未开始', overdue: '已逾期' };

// ---- questions -----------------------------------------------------------------------------------

export const QUESTION_TYPES = ['single', 'multiple', 'truefalse', 'fill'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = { single: '单选题', multiple: '多选题', truefalse: '判断题', fill: '填空题' };
/** The two choices of a true/false question, as stored (key) and shown (text). */
export const TRUE_FALSE_OPTIONS = [
	{ key: 'true', text: '正确' },
	{ key: 'false', text: '错误' }
] as const;

// ---- live competitions -------------------------------------------------------------------------

export const COMPETITION_FORMATS = ['individual', 'team'] as const;
export type CompetitionFormat = (typeof COMPETITION_FORMATS)[number];
export const COMPETITION_FORMAT_LABELS: Record<CompetitionFormat, string> = { individual: '个人赛', team: '团体赛' };
export const COMPETITION_TEAM_MODES = ['unit', 'lobby'] as const;
export type CompetitionTeamMode = (typeof COMPETITION_TEAM_MODES)[number];
export const COMPETITION_STATUSES = ['lobby', 'running', 'ended'] as const;
export type CompetitionStatus = (typeof COMPETITION_STATUSES)[number];
export const COMPETITION_STATUS_LABELS: Record<CompetitionStatus, string> = { lobby: '等待开始', running: '进行中', ended: '已结束' };
/** 必答 (everyone answers), 抢答 (first to buzz answers), 风险题 (stake chosen before the question). */
export const ROUND_KINDS = ['required', 'buzz', 'risk'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const ROUND_KIND_LABELS: Record<RoundKind, string> = { required: '必答题', buzz: '抢答题', risk: '风险题' };
/** What the projector says a competition is doing. */
export const COMPETITION_STAGES = ['lobby', 'staking', 'open', 'closed', 'revealed', 'leaderboard', 'ended'] as const;
export type CompetitionStage = (typeof COMPETITION_STAGES)[number];
export const COMPETITION_STAGE_LABELS: Record<CompetitionStage, string> = {
	lobby: '等待开始',
	staking: '选择分值',
	open: '作答中',
	closed: '作答已截止',
	revealed: '已公布答案',
	leaderboard: '排行榜',
	ended: '已结束'
};

// ---- pledges ------------------------------------------------------------------------------------

/** 承诺书: each person of an audience signs their own copy. 责任书: a letter between two named people, both sign. */
export const PLEDGE_KINDS = ['承诺书', '责任书'] as const;
export type PledgeKind = (typeof PLEDGE_KINDS)[number];
/** Who a pledge is addressed to: a 承诺书 like a reading list; a 责任书 to the two parties of each of its letters. */
export const PLEDGE_AUDIENCES = ['all', 'leaders', 'named', 'letters'] as const;
export type PledgeAudience = (typeof PLEDGE_AUDIENCES)[number];
export const PLEDGE_AUDIENCE_LABELS: Record<PledgeAudience, string> = { all: '单位全体人员', leaders: '仅领导干部', named: '指定人员', letters: '责任书双方' };
/** Which signature on a copy: a 承诺书 has the signer's own; a 责任书 letter has 甲方 (first) and 乙方 (second). */
export const SIGNATURE_SIDES = ['self', 'first', 'second'] as const;
export type SignatureSide = (typeof SIGNATURE_SIDES)[number];
export const SIGNATURE_SIDE_LABELS: Record<SignatureSide, string> = { self: '承诺人', first: '甲方', second: '乙方' };
/** Where a person (or a letter) stands with the current text of a pledge. */
export type PledgeStatus = 'signed' | 'resign' | 'unsigned' | 'overdue';
export const PLEDGE_STATUS_LABELS: Record<PledgeStatus, string> = { signed: '已签署', resign: '待重新签署', unsigned: '未签署', overdue: '已逾期' };

// ---- writings -----------------------------------------------------------------------------------

export const WRITING_KINDS = ['心得体会', '廉政家书', '读书笔记', '征文', '书画', '其他'] as const;
export type WritingKind = (typeof WRITING_KINDS)[number];
/** The counting word of each kind, as reports say it: 心得体会 12 篇, 廉政家书 30 份, 书画 8 幅. */
export const WRITING_KIND_MEASURES: Record<WritingKind, string> = { 心得体会: '篇', 廉政家书: '份', 读书笔记: '篇', 征文: '篇', 书画: '幅', 其他: '件' };
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = { draft: '草稿', submitted: '已提交', returned: '退回修改', accepted: '已采纳' };
/** A person's standing in a collection as others see it: a draft is the author's own, so it reads 未提交. */
export type SubmissionStanding = SubmissionStatus | 'none';
export const STANDING_LABELS: Record<SubmissionStanding, string> = { none: '未提交', draft: '未提交', submitted: '待审阅', returned: '退回修改', accepted: '已采纳' };
/** What happened to a submission, in its history. */
export const SUBMISSION_EVENTS = ['submitted', 'withdrawn', 'returned', 'accepted', 'excellent', 'not-excellent', 'published', 'unpublished'] as const;
export type SubmissionEvent = (typeof SUBMISSION_EVENTS)[number];
export const SUBMISSION_EVENT_LABELS: Record<SubmissionEvent, string> = {
	submitted: '提交',
	withdrawn: '撤回',
	returned: '退回修改',
	accepted: '采纳',
	excellent: '评为优秀',
	'not-excellent': '取消优秀',
	published: '发布到作品展示',
	unpublished: '撤下作品展示'
};

// ---- uploaded files -----------------------------------------------------------------------------

/** Kinds of uploaded file, decided from the content, never from the name. */
export const FILE_KINDS = ['docx', 'image', 'pdf'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const FILE_KIND_LABELS: Record<FileKind, string> = { docx: 'Word 文档（.docx）', image: '图片（JPG、PNG、WebP）', pdf: 'PDF 文件' };
// ---- regulations and question banks -------------------------------------------------------------

/** Status of one edition of a regulation. */
export const REGULATION_STATUSES = ['current', 'amended', 'repealed'] as const;
export type RegulationStatus = (typeof REGULATION_STATUSES)[number];
export const REGULATION_STATUS_LABELS: Record<RegulationStatus, string> = { current: '现行有效', amended: '已修订', repealed: '已废止' };

/** How an article of one edition corresponds to the next edition. */
export const ARTICLE_CHANGES = ['unchanged', 'changed', 'renumbered', 'added', 'deleted'] as const;
export type ArticleChange = (typeof ARTICLE_CHANGES)[number];
export const ARTICLE_CHANGE_LABELS: Record<ArticleChange, string> = { unchanged: '未修改', changed: '有修改', renumbered: '条号变化', added: '新增', deleted: '删除' };

/** Difficulty of a question, for exam rules. */
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const DIFFICULTY_LABELS: Record<Difficulty, string> = { easy: '易', medium: '中', hard: '难' };

// ---- study activities: photos and parts ----------------------------------------------------------

/**
 * Parts of one study activity (a 主题党日 typically bundles several): what attendees read and sign,
 * the quiz or live competition they take part in, the pledge they sign. The activity counts once
 * (1 次, its attendance 人次); each part's own records count for themselves as they always do.
 */
export const ACTIVITY_PART_TYPES = ['lesson', 'regulation', 'quiz', 'competition', 'pledge'] as const;
export type ActivityPartType = (typeof ACTIVITY_PART_TYPES)[number];
export const ACTIVITY_PART_LABELS: Record<ActivityPartType, string> = {
	lesson: '学习课时（阅后签名）',
	regulation: '学习法规（阅后签名）',
	quiz: '在线测验',
	competition: '现场知识竞赛',
	pledge: '签订承诺书'
};
/** Where an attendee stands with one part of the activity. */
export type PartProgress = 'during' | 'before' | 'after' | 'not-done';
export const PART_PROGRESS_LABELS: Record<PartProgress, string> = { during: '活动中完成', before: '此前已完成', after: '活动后完成', 'not-done': '未完成' };

// ---- campaigns (系列活动方案) -------------------------------------------------------------------

/**
 * What an action of a campaign asks units to do, by the kind of record that fulfils it. Each kind
 * has an adapter in src/lib/server/campaigns/adapters (how to list, create, link and count its
 * records).
 */
export const CAMPAIGN_ACTION_KINDS = ['activity', 'reading-list', 'exam', 'competition', 'pledge', 'writing'] as const;
export type CampaignActionKind = (typeof CAMPAIGN_ACTION_KINDS)[number];
export const CAMPAIGN_ACTION_KIND_LABELS: Record<CampaignActionKind, string> = {
	activity: '学习活动',
	'reading-list': '学习任务',
	exam: '考试',
	competition: '现场知识竞赛',
	pledge: '承诺书/责任书',
	writing: '征集'
};
/** The kinds of record within an action kind an action may ask for (警示教育片, 读书思廉, 承诺书, 心得体会 …); none = any. */
export const CAMPAIGN_SUB_KINDS: Record<CampaignActionKind, readonly string[]> = {
	activity: OFFLINE_KINDS,
	'reading-list': READING_LIST_KINDS,
	exam: [],
	competition: [],
	pledge: PLEDGE_KINDS,
	writing: WRITING_KINDS
};
/** 规定动作 (every responsible unit must) and 自选动作 (units choose). */
export const CAMPAIGN_ACTION_CATEGORIES = ['required', 'optional'] as const;
export type CampaignActionCategory = (typeof CAMPAIGN_ACTION_CATEGORIES)[number];
export const CAMPAIGN_ACTION_CATEGORY_LABELS: Record<CampaignActionCategory, string> = { required: '规定动作', optional: '自选动作' };
/** A unit's target for an action: at least N records, or everyone in the unit taking part. */
export const CAMPAIGN_TARGET_MODES = ['times', 'everyone'] as const;
export type CampaignTargetMode = (typeof CAMPAIGN_TARGET_MODES)[number];
export const CAMPAIGN_TARGET_MODE_LABELS: Record<CampaignTargetMode, string> = { times: '至少开展 N 次', everyone: '单位全体人员参加' };
export type CampaignCellStatus = 'done' | 'in-progress' | 'missing';
export const CAMPAIGN_CELL_STATUS_LABELS: Record<CampaignCellStatus, string> = { done: '已完成', 'in-progress': '进行中', missing: '未开展' };
// ---- exams ----------------------------------------------------------------------------------------

/** Who takes an exam: a unit subtree, its 领导干部, named people, or a 任前 batch imported from Excel. */
export const EXAM_AUDIENCES = ['all', 'leaders', 'named', 'batch'] as const;
export type ExamAudience = (typeof EXAM_AUDIENCES)[number];
export const EXAM_AUDIENCE_LABELS: Record<ExamAudience, string> = { all: '单位全体人员', leaders: '仅领导干部', named: '指定人员', batch: '任前考试名单（Excel 导入）' };
/** random: each person's paper drawn by the rules; fixed: one paper drawn once for everyone. */
export const PAPER_MODES = ['random', 'fixed'] as const;
export type PaperMode = (typeof PAPER_MODES)[number];
export const PAPER_MODE_LABELS: Record<PaperMode, string> = { random: '随机组卷（每人一卷）', fixed: '统一试卷' };
/** How an attempt ended: handed in, closed by the server at the deadline, or after too many leaves. */
export const ATTEMPT_CLOSE_REASONS = ['submitted', 'deadline', 'leaves'] as const;
export type AttemptCloseReason = (typeof ATTEMPT_CLOSE_REASONS)[number];
export const ATTEMPT_CLOSE_REASON_LABELS: Record<AttemptCloseReason, string> = { submitted: '本人交卷', deadline: '到时自动交卷', leaves: '离开页面次数过多，自动交卷' };
/** Where a person stands with an exam. */
export type ExamStanding = 'passed' | 'failed' | 'in-progress' | 'not-taken' | 'missed';
export const EXAM_STANDING_LABELS: Record<ExamStanding, string> = { passed: '合格', failed: '不合格', 'in-progress': '作答中', 'not-taken': '未参加', missed: '缺考' };
/** What took a person away from the exam page: the page hidden (another app or tab) or the window losing focus. */
export const LEAVE_KINDS = ['hidden', 'blur'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_KIND_LABELS: Record<LeaveKind, string> = { hidden: '切换到其他页面或应用', blur: '窗口失去焦点' };

// ---- wrong-answer notebook (错题本) ------------------------------------------------------------------

/** Where a wrong answer was given. */
export const MISTAKE_SOURCES = ['quiz', 'exam', 'competition'] as const;
export type MistakeSource = (typeof MISTAKE_SOURCES)[number];
export const MISTAKE_SOURCE_LABELS: Record<MistakeSource, string> = { quiz: '测验', exam: '考试', competition: '知识竞赛' };
/** A review card's state as ts-fsrs numbers it (New, Learning, Review, Relearning). */
export const CARD_STATE_LABELS: Record<number, string> = { 0: '新错题', 1: '学习中', 2: '复习中', 3: '重新学习' };
