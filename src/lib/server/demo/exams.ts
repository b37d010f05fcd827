import { and, eq, inArray, like, notInArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { examAttempts, orgUnits, questions, questionSets, users, type ExamSection } from '../db/schema/index.ts';
import { findUnitByNamePath, scopeFor } from '../org/units.ts';
import { parseQuestions } from '../content/questions/parse.ts';
import { saveBank } from '../content/questions/banks.ts';
import { saveExam } from '../exams/exams.ts';
import { saveAnswer, startAttempt, submitAttempt } from '../exams/attempts.ts';
import { displayLetter } from '../exams/paper.ts';
import { sweepExams } from '../exams/sweeper.ts';
import { DEMO_ACCOUNTS } from './people.ts';

// Demo exams, made through the same functions people use. A question bank on the shipped sample
// regulation (content/regulations/sample-lianzheng-guize.md — every question cites the article it
// tests, and the texts are the project's own), then: a 任前廉政考试 that closed three weeks ago
// with its results, certificates and wrong answers in the 错题本; and this year's 党规党纪知识考试,
// open for all of 机关党委, which some members have already taken. The named demo accounts take
// nothing, so whoever tries the demo starts from a clean slate.

const DAY = 86_400_000;

export const DEMO_BANK_TITLE = '示例规定知识题库（演示）';

/** Questions on the sample regulation, in the format of content/README.md. */
export const DEMO_BANK_MARKDOWN = `## 单选题 {#demo-01}
管理服务对象赠送的礼品确实无法拒收的，应当在多长时间内登记上交？

- [ ] 三个工作日内
- [x] 五个工作日内
- [ ] 十个工作日内
- [ ] 一个月内

> 解析：示例规定第八条：确实无法拒收的，应当在五个工作日内登记上交。
> 依据：sample-lianzheng-guize#8
> 难度：易
> 分类：个人事项

## 单选题 {#demo-02}
开展公务接待时，下列哪项做法符合示例规定？

- [x] 凭公函按规定标准安排工作餐
- [ ] 安排高档菜肴和酒水
- [ ] 用公款赠送纪念品
- [ ] 先接待，事后补发公函

> 解析：示例规定第四条：公务接待应当有公函，按规定标准安排工作餐，不得安排高档菜肴和酒水，不得用公款赠送礼品。
> 依据：sample-lianzheng-guize#4
> 难度：易
> 分类：公务活动

## 单选题 {#demo-03}
办理审批、检查等事项，示例规定要求公开的是哪一组内容？

- [ ] 承办人员的个人信息
- [x] 依据、程序和时限
- [ ] 内部讨论记录
- [ ] 审批人员的考核结果

> 解析：示例规定第六条：办理审批、检查等事项应当公开依据、程序和时限，不得故意拖延，不得增设条件。
> 依据：sample-lianzheng-guize#6
> 难度：中
> 分类：公务活动

## 单选题 {#demo-04}
婚丧喜庆事宜在办理前后，应当按规定向谁报告？

- [ ] 局办公室
- [ ] 人事部门
- [x] 所在党支部
- [ ] 局机关党委

> 解析：示例规定第十一条：婚丧喜庆事宜应当从简办理，并在办理前后按规定向所在党支部报告，不得借机敛财。
> 依据：sample-lianzheng-guize#11
> 难度：中
> 分类：个人事项

## 单选题 {#demo-05}
示例规定由谁负责解释？

- [x] 局机关党委
- [ ] 局长办公会
- [ ] 局办公室
- [ ] 所在党支部

> 解析：示例规定第十二条：本规定由局机关党委负责解释。
> 依据：sample-lianzheng-guize#12
> 难度：易
> 分类：总则

## 单选题 {#demo-06}
下列人员或单位中，示例规定写明“参照本规定执行”的是哪一项？

- [ ] 本局在编干部
- [ ] 本局聘用人员
- [ ] 借调到本局工作的人员
- [x] 所属事业单位

> 解析：示例规定第二条：本规定适用于本局全体在编干部、聘用人员和借调到本局工作的人员；所属事业单位参照本规定执行。
> 依据：sample-lianzheng-guize#2
> 难度：难
> 分类：总则

## 多选题 {#demo-07}
下列哪些属于示例规定第八条明确不得收受的？

- [x] 管理服务对象的礼金
- [x] 管理服务对象的消费卡
- [x] 管理服务对象的有价证券
- [ ] 本单位按规定标准安排的工作餐

> 解析：第八条：不得收受管理服务对象的礼品、礼金、消费卡和有价证券。按标准安排工作餐是第四条允许的公务接待方式。
> 依据：sample-lianzheng-guize#8，sample-lianzheng-guize#4
> 难度：中
> 分类：个人事项

## 多选题 {#demo-08}
因公出差时，下列哪些做法是示例规定禁止的？

- [x] 借出差之机游览参观
- [x] 绕道办私事
- [ ] 按规定乘坐交通工具
- [ ] 按规定入住住宿场所

> 解析：示例规定第五条：因公出差应当按规定乘坐交通工具、入住住宿场所，不得借出差之机游览参观或者绕道办私事。
> 依据：sample-lianzheng-guize#5
> 难度：易
> 分类：公务活动

## 多选题 {#demo-09}
对管理服务对象，下列哪些行为是示例规定禁止的？

- [x] 在其处报销应当由个人支付的费用
- [x] 借用其车辆
- [x] 借用其房屋
- [ ] 依照公开的程序为其办理审批事项

> 解析：示例规定第十条：不得在管理服务对象处报销应当由个人支付的费用，不得借用管理服务对象的车辆、房屋。依程序办理审批是第六条的要求。
> 依据：sample-lianzheng-guize#10，sample-lianzheng-guize#6
> 难度：中
> 分类：个人事项

## 多选题 {#demo-10}
示例规定第三条提出，廉洁从业坚持哪些要求？

- [x] 教育在先
- [x] 制度管人
- [x] 监督到位
- [ ] 事后追责

> 解析：示例规定第三条：廉洁从业坚持教育在先、制度管人、监督到位，做到抓早抓小、防微杜渐。
> 依据：sample-lianzheng-guize#3
> 难度：中
> 分类：总则

## 判断题 {#demo-11}
参加调研活动时，接受与工作无关的宴请不违反示例规定。

> 答案：错误
> 解析：示例规定第七条：参加会议、培训和调研活动，不得接受与工作无关的宴请和礼品。
> 依据：sample-lianzheng-guize#7
> 难度：易
> 分类：公务活动

## 判断题 {#demo-12}
利用职务上的便利为子女的配偶经商办企业提供帮助，违反示例规定。

> 答案：正确
> 解析：示例规定第九条：不得利用职务上的便利为配偶、子女及其配偶和其他亲属经商办企业提供帮助。
> 依据：sample-lianzheng-guize#9
> 难度：中
> 分类：个人事项

## 判断题 {#demo-13}
办理审批事项时，只要不故意拖延，可以根据需要增设条件。

> 答案：错误
> 解析：示例规定第六条：办理审批、检查等事项不得故意拖延，不得增设条件。两项都不允许。
> 依据：sample-lianzheng-guize#6
> 难度：中
> 分类：公务活动

## 判断题 {#demo-14}
示例规定自2025年1月1日起施行。

> 答案：正确
> 解析：示例规定第十二条：本规定自2025年1月1日起施行。
> 依据：sample-lianzheng-guize#12
> 难度：易
> 分类：总则

## 填空题 {#demo-15}
廉洁从业要做到抓早抓小、____。

> 答案：防微杜渐
> 解析：示例规定第三条：廉洁从业坚持教育在先、制度管人、监督到位，做到抓早抓小、防微杜渐。
> 依据：sample-lianzheng-guize#3
> 难度：中
> 分类：总则

## 填空题 {#demo-16}
办理审批、检查等事项，不得故意____，不得增设条件。

> 答案：拖延
> 解析：示例规定第六条：办理审批、检查等事项应当公开依据、程序和时限，不得故意拖延，不得增设条件。
> 依据：sample-lianzheng-guize#6
> 难度：难
> 分类：公务活动
`;

/** The demo bank as a question set; returns its id. */
export async function seedDemoBank(db: DB): Promise<number> {
	const parsed = parseQuestions(DEMO_BANK_MARKDOWN, 'demo-bank.md');
	if (parsed.errors.length) throw new Error(`演示题库有误：${JSON.stringify(parsed.errors)}`);
	return await saveBank(db, { bankId: null, title: DEMO_BANK_TITLE, questions: parsed.questions, source: 'demo:示例规定知识题库' });
}

/** 单选 5 × 8, 多选 3 × 10, 判断 3 × 6, 填空 2 × 6: 100 points. */
export function demoSections(setIds: number[]): ExamSection[] {
	const base = { setIds, category: '', regulation: '', chapter: '', difficulty: '' as const };
	return [
		{ ...base, title: '一、单项选择题', type: 'single', count: 5, points: 8 },
		{ ...base, title: '二、多项选择题', type: 'multiple', count: 3, points: 10 },
		{ ...base, title: '三、判断题', type: 'truefalse', count: 3, points: 6 },
		{ ...base, title: '四、填空题', type: 'fill', count: 2, points: 6 }
	];
}

/** A person's answers: right with the given chance (deterministic per person and question), as letters shown. */
async function answerPaper(db: DB, person: { id: number }, examId: number, skill: number, at: number): Promise<void> {
	const attempt = (await db.select().from(examAttempts).where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, person.id))).get())!;
	const qs = new Map((await db.select().from(questions).where(inArray(questions.id, attempt.paper.map((p) => p.questionId))).all()).map((q) => [q.id, q]));
	for (const [i, item] of attempt.paper.entries()) {
		const q = qs.get(item.questionId)!;
		const right = (person.id * 31 + i * 17) % 100 < skill;
		let values: string[];
		if (q.type === 'fill') values = (q.answer as string[][]).map((alts) => (right ? alts[0] : '不清楚'));
		else if (q.type === 'truefalse') values = [right ? (q.answer as string[])[0] : (q.answer as string[])[0] === 'true' ? 'false' : 'true'];
		else {
			const correct = (q.answer as string[]).map((k) => displayLetter(item.options.indexOf(k)));
			const wrongLetter = displayLetter(item.options.findIndex((k) => !(q.answer as string[]).includes(k)));
			values = right ? correct : [wrongLetter];
		}
		await saveAnswer(db, { userId: person.id, examId, questionId: q.id, values, revision: 0 }, at + (i + 1) * 40_000);
	}
}

export async function seedDemoExams(db: DB, now = Date.now()): Promise<void> {
	const committee = await findUnitByNamePath(db, '市纪委监委/机关党委');
	const organizer = await db.select().from(users).where(eq(users.username, 'jgdw')).get();
	if (!committee || !organizer) return;
	const bankId = await seedDemoBank(db);
	const quizSets = (await db.select({ id: questionSets.id }).from(questionSets).where(and(eq(questionSets.kind, 'course-quiz'), eq(questionSets.active, true))).all()).map((s) => s.id);
	const scope = await scopeFor(db, organizer);
	const people = await db
		.select({ id: users.id, username: users.username, name: users.name, orgUnitId: users.orgUnitId, isLeader: users.isLeader })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(like(orgUnits.path, `${committee.path}%`), notInArray(users.username, DEMO_ACCOUNTS.map((a) => a.username)), eq(users.role, 'learner')))
		.orderBy(users.username)
		.all();
	if (people.length < 20) return;
	const year = new Date(now + 8 * 3_600_000).getUTCFullYear();

	// A 任前廉政考试 of eight candidates, held and closed three weeks ago, one make-up needed.
	const candidates = people.filter((_, i) => i % 7 === 3).slice(0, 8);
	const POSTS = ['办公室副主任', '第一党支部副书记', '综合科科长', '审理室副主任', '案件监督管理室副主任', '信访室副主任', '派驻第一纪检组副组长', '宣传部副部长'];
	const appointment = await saveExam(db, {
		scope,
		actorId: organizer.id,
		now: now - 30 * DAY,
		draft: {
			title: `${year}年第一批拟提拔干部任前廉政考试`,
			description: '根据干部选拔任用工作安排，拟提拔干部在任职前参加廉政法规知识考试，合格后方可办理任职手续。',
			unitId: committee.id,
			audience: 'batch',
			usernames: [],
			batch: candidates.map((c, i) => ({ row: i + 2, username: c.username, name: c.name, note: POSTS[i] ?? '' })),
			paperMode: 'random',
			sections: demoSections([bankId]),
			shuffleOptions: true,
			opensAt: now - 25 * DAY,
			closesAt: now - 21 * DAY,
			timeLimitMinutes: 30,
			attemptsAllowed: 1,
			passScore: 80,
			showAnswers: true,
			autoSubmitLeaves: 3
		}
	});
	if (!appointment.ok) throw new Error(`演示任前考试：${JSON.stringify(appointment.errors)}`);
	for (const [i, c] of candidates.entries()) {
		if (i === 7) continue; // absent: the 补考 is for them and for anyone who failed
		const at = now - 24 * DAY + i * 3_600_000;
		const started = await startAttempt(db, { person: c, examId: appointment.id }, at);
		if (!started.ok) throw new Error(started.message);
		await answerPaper(db, c, appointment.id, i === 5 ? 55 : 92, at);
		await submitAttempt(db, { userId: c.id, examId: appointment.id, attemptId: started.attemptId }, at + 14 * 60_000);
	}

	// This year's knowledge exam for all of 机关党委, open for two more weeks; a dozen have taken it.
	const annual = await saveExam(db, {
		scope,
		actorId: organizer.id,
		now: now - 3 * DAY,
		draft: {
			title: `${year}年度党规党纪知识考试`,
			description: '全体党员干部参加。题目从示例规定知识题库和课程测验中随机抽取，每人一卷；可参加两次，以最高分为准。',
			unitId: committee.id,
			audience: 'all',
			usernames: [],
			batch: null,
			paperMode: 'random',
			sections: demoSections([bankId, ...quizSets]),
			shuffleOptions: true,
			opensAt: now - 2 * DAY,
			closesAt: now + 14 * DAY,
			timeLimitMinutes: 30,
			attemptsAllowed: 2,
			passScore: 60,
			showAnswers: true,
			autoSubmitLeaves: null
		}
	});
	if (!annual.ok) throw new Error(`演示年度考试：${JSON.stringify(annual.errors)}`);
	for (const [i, p] of people.filter((_, k) => k % 4 === 1).slice(0, 12).entries()) {
		const at = now - 2 * DAY + i * 2 * 3_600_000;
		const started = await startAttempt(db, { person: p, examId: annual.id }, at);
		if (!started.ok) throw new Error(started.message);
		await answerPaper(db, p, annual.id, 50 + ((i * 13) % 45), at);
		await submitAttempt(db, { userId: p.id, examId: annual.id, attemptId: started.attemptId }, at + 20 * 60_000);
	}
	// The closed exam is released now, as the server's sweeper would have done at its close.
	await sweepExams(db, now);
}
