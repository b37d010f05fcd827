import { sqliteTable, integer, text, uniqueIndex, index, primaryKey, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { questions } from './content.ts';
import { ATTEMPT_CLOSE_REASONS, EXAM_AUDIENCES, LEAVE_KINDS, PAPER_MODES, type Difficulty, type QuestionType } from '../../../vocabulary.ts';

/**
 * Exams (任前廉政考试, annual 党规党纪 exams). The server owns every instant: an attempt's
 * deadline is fixed when it starts (the time limit, or the exam's close, whichever comes first)
 * and the attempt is closed by a conditional UPDATE — by the person's 交卷, by any process's
 * sweeper once the deadline has passed, or after too many leaves — so that exactly one closing
 * happens, on SQLite or across several processes on PostgreSQL. Times are epoch milliseconds.
 */

/** One part of a paper: which questions it draws from, how many, and what each is worth. */
export type ExamSection = {
	title: string;
	/** Question sets (banks, course quizzes, competition files); empty = all of them. */
	setIds: number[];
	/** 分类 as written in the bank ('' = any). */
	category: string;
	/** Questions citing this regulation (slug, '' = any)… */
	regulation: string;
	/** …and, if set, an article of this chapter of it (chapter title as printed). */
	chapter: string;
	type: QuestionType | '';
	difficulty: Difficulty | '';
	count: number;
	points: number;
};

/** A question of a person's paper: the question row (immutable), its section and points, and the option order shown. */
export type PaperItem = { questionId: number; section: number; points: number; options: string[] };

export const exams = sqliteTable(
	'exams',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		/** The organizing unit: organizers of its subtree run the exam; the report counts it there. */
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		audience: text('audience', { enum: EXAM_AUDIENCES }).notNull(),
		paperMode: text('paper_mode', { enum: PAPER_MODES }).notNull(),
		sections: text('sections', { mode: 'json' }).$type<ExamSection[]>().notNull(),
		/** Fixed papers: drawn once when the exam is saved, the same questions in the same order for everyone. */
		fixedPaper: text('fixed_paper', { mode: 'json' }).$type<PaperItem[] | null>(),
		shuffleOptions: integer('shuffle_options', { mode: 'boolean' }).notNull().default(true),
		opensAt: integer('opens_at').notNull(),
		closesAt: integer('closes_at').notNull(),
		timeLimitMinutes: integer('time_limit_minutes').notNull(),
		attemptsAllowed: integer('attempts_allowed').notNull().default(1),
		/** Points needed to pass (of total_points). */
		passScore: integer('pass_score').notNull(),
		totalPoints: integer('total_points').notNull(),
		/** Whether people see the right answers and explanations once the exam has closed. */
		showAnswers: integer('show_answers', { mode: 'boolean' }).notNull().default(true),
		/** 离开 N 次后自动交卷 (null: never). */
		autoSubmitLeaves: integer('auto_submit_leaves'),
		/** A 补考 is an exam of its own for those who failed or missed this one. */
		makeupOf: integer('makeup_of').references((): AnySQLiteColumn => exams.id, { onDelete: 'set null' }),
		/** Secret salt of the paper draws: papers cannot be worked out from ids. */
		seedSecret: text('seed_secret').notNull(),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		/**
		 * Set (once, by a conditional UPDATE) after the close when every attempt is closed: the wrong
		 * answers then go into the 错题本, where answers are shown, so never while others still sit the exam.
		 */
		releasedAt: integer('released_at')
	},
	(t) => [index('exams_unit').on(t.unitId), index('exams_closes').on(t.closesAt, t.releasedAt)]
);

/** The named people of an exam for named people, a 任前 batch or a 补考, with the post a 任前 candidate is to take. */
export const examPeople = sqliteTable(
	'exam_people',
	{
		examId: integer('exam_id')
			.notNull()
			.references(() => exams.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** 拟任职务 of a 任前 batch ('' otherwise). */
		note: text('note').notNull().default('')
	},
	(t) => [primaryKey({ columns: [t.examId, t.userId] }), index('exam_people_user').on(t.userId)]
);

export const examAttempts = sqliteTable(
	'exam_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		examId: integer('exam_id')
			.notNull()
			.references(() => exams.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** 1, 2 … of attempts_allowed. */
		number: integer('number').notNull(),
		/** The person's unit when they started: results and the report count the attempt there. */
		unitId: integer('unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		/** The paper, drawn at the start from the exam's secret, the person and the attempt number. */
		paper: text('paper', { mode: 'json' }).$type<PaperItem[]>().notNull(),
		totalPoints: integer('total_points').notNull(),
		startedAt: integer('started_at').notNull(),
		/** No answer is taken at or after this instant; the attempt is closed at it even if nobody asks. */
		deadlineAt: integer('deadline_at').notNull(),
		closedAt: integer('closed_at'),
		closeReason: text('close_reason', { enum: ATTEMPT_CLOSE_REASONS }),
		score: integer('score'),
		correctCount: integer('correct_count'),
		passed: integer('passed', { mode: 'boolean' })
	},
	(t) => [
		uniqueIndex('exam_attempts_number').on(t.examId, t.userId, t.number),
		index('exam_attempts_user').on(t.userId, t.closedAt),
		// The sweeper's question: which open attempts are past their deadline.
		index('exam_attempts_open').on(t.closedAt, t.deadlineAt)
	]
);

/**
 * The answer to one question of an attempt, as last saved. `revision` counts the saves applied:
 * a save names the revision it saw, so an old page (another device, a late retry) cannot
 * overwrite a newer answer, and a retry of the save that was applied is recognised.
 */
export const examAnswers = sqliteTable(
	'exam_answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		attemptId: integer('attempt_id')
			.notNull()
			.references(() => examAttempts.id, { onDelete: 'cascade' }),
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'restrict' }),
		/** Original option keys (not the letters shown), ['true'|'false'], or the text of each blank; [] = cleared. */
		response: text('response', { mode: 'json' }).$type<string[]>().notNull(),
		revision: integer('revision').notNull(),
		savedAt: integer('saved_at').notNull(),
		/** Set when the attempt is closed and graded. */
		correct: integer('correct', { mode: 'boolean' })
	},
	(t) => [uniqueIndex('exam_answers_attempt_question').on(t.attemptId, t.questionId)]
);

/** Leaving the exam page (evidence for the organizer, not a verdict): when it was noticed and when the person came back. */
export const examLeaveEvents = sqliteTable(
	'exam_leave_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		attemptId: integer('attempt_id')
			.notNull()
			.references(() => examAttempts.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: LEAVE_KINDS }).notNull(),
		leftAt: integer('left_at').notNull(),
		returnedAt: integer('returned_at')
	},
	(t) => [index('exam_leave_events_attempt').on(t.attemptId, t.id)]
);

/**
 * 合格证明: issued with the first passing attempt of a person in an exam. What the public
 * verification page shows is copied here when it is issued, so it stays what was certified.
 */
export const examCertificates = sqliteTable(
	'exam_certificates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Random, 100 bits, shown in groups: the only key of the public /verify page. */
		code: text('code').notNull().unique(),
		examId: integer('exam_id')
			.notNull()
			.references(() => exams.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		attemptId: integer('attempt_id')
			.notNull()
			.references(() => examAttempts.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		unitName: text('unit_name').notNull(),
		examTitle: text('exam_title').notNull(),
		score: integer('score').notNull(),
		totalPoints: integer('total_points').notNull(),
		issuedAt: integer('issued_at').notNull(),
		revokedAt: integer('revoked_at'),
		revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
		revokeReason: text('revoke_reason').notNull().default('')
	},
	(t) => [uniqueIndex('exam_certificates_person').on(t.examId, t.userId), index('exam_certificates_user').on(t.userId)]
);

export type Exam = typeof exams.$inferSelect;
export type ExamAttempt = typeof examAttempts.$inferSelect;
export type ExamAnswer = typeof examAnswers.$inferSelect;
export type ExamCertificate = typeof examCertificates.$inferSelect;
