import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { attemptAnswers, questions, quizAttempts } from '../db/schema/index.ts';
import { at, courseFixture, makeUser, QUIZ, type Fixture } from '../learning/test-fixtures.ts';
import { attemptForm, attemptResult, formEntries, quizOverview, startAttempt, submitAttempt } from './attempts.ts';

let f: Fixture;
let userId: number;
let qid: Record<string, number>;
beforeEach(async () => {
	f = await courseFixture();
	userId = await makeUser(f.db, 'learner');
	qid = Object.fromEntries((await f.db.select().from(questions).orderBy(asc(questions.ordinal)).all()).map((q) => [q.key, q.id]));
});
afterEach(() => f.cleanup());

async function start(now = at('09:00:00'), user = userId) {
	const r = await startAttempt(f.db, { userId: user, courseSlug: 'demo' }, now);
	if (!r.ok) throw new Error(r.message);
	return r.attemptId;
}

/** All four right: single B, multiple A+C, true/false false, fill 四风 / 八项规定. */
function rightAnswers(): Record<string, unknown[]> {
	return { [`q${qid.s}`]: ['B'], [`q${qid.m}`]: ['C', 'A'], [`q${qid.t}`]: ['false'], [`q${qid.f}`]: [' “四风” ', '中央八项规定'] };
}

const stored = async () => ({ answers: (await f.db.select().from(attemptAnswers).all()).length, submitted: (await f.db.select().from(quizAttempts).all()).filter((a) => a.submittedAt).length });

describe('starting an attempt', () => {
	it('stamps the start, fixes the questions in order, and resumes an unfinished attempt instead of adding one', async () => {
		const id = await start(at('09:00:00'));
		const attempt = (await f.db.select().from(quizAttempts).where(eq(quizAttempts.id, id)).get())!;
		expect(attempt).toMatchObject({ userId, startedAt: at('09:00:00'), questionIds: [qid.s, qid.m, qid.t, qid.f], totalCount: 4, passScore: 75, deadlineAt: null });
		expect(await start(at('09:05:00'))).toBe(id);
		expect(await quizOverview(f.db, { userId, courseSlug: 'demo' }, at('09:06:00'))).toMatchObject({ openAttemptId: id, quiz: { questionCount: 4, passScore: 75 } });
	});

	it('sets a deadline from time_limit_minutes, and does not resume an attempt past it', async () => {
		f.write('courses/01-demo/quiz.md', QUIZ.replace('pass_score: 75', 'pass_score: 75\ntime_limit_minutes: 10'));
		await f.reload();
		const id = await start(at('09:00:00'));
		expect((await f.db.select().from(quizAttempts).where(eq(quizAttempts.id, id)).get())!.deadlineAt).toEqual(at('09:10:00'));
		expect(await start(at('09:11:00'))).not.toBe(id);
	});

	it('shows the answer sheet with rendered stems, options and numbered blanks', async () => {
		const form = await attemptForm(f.db, { userId, attemptId: await start() });
		if (form?.status !== 'open') throw new Error('expected an open attempt');
		expect(form.questions.map((q) => [q.typeName, q.options.map((o) => o.key), q.blanks])).toEqual([
			['单选题', ['A', 'B', 'C'], 0],
			['多选题', ['A', 'B', 'C'], 0],
			['判断题', ['true', 'false'], 0],
			['填空题', [], 2]
		]);
		expect(form.questions[3].stemHtml).toContain('＿＿＿＿（2）');
	});
});

describe('submitting', () => {
	it('grades on the server and stores the answers and the score in one go', async () => {
		const id = await start();
		const result = await submitAttempt(f.db, { userId, attemptId: id, answers: rightAnswers() }, at('09:03:00'));
		expect(result).toEqual({ ok: true, attemptId: id, score: 100, passed: true, alreadySubmitted: false });
		const attempt = (await f.db.select().from(quizAttempts).where(eq(quizAttempts.id, id)).get())!;
		expect(attempt).toMatchObject({ submittedAt: at('09:03:00'), correctCount: 4, score: 100, passed: true });
		const answers = await f.db.select().from(attemptAnswers).orderBy(asc(attemptAnswers.questionId)).all();
		expect(answers.map((a) => [a.response, a.correct])).toEqual([
			[['B'], true],
			[['A', 'C'], true],
			[['false'], true],
			[['“四风”', '中央八项规定'], true]
		]);
	});

	it('fails below the pass score: 3 of 4 right is 75 (pass), 2 of 4 is 50 (fail)', async () => {
		const three = { ...rightAnswers(), [`q${qid.t}`]: ['true'] };
		expect(await submitAttempt(f.db, { userId, attemptId: await start(), answers: three }, at('09:03:00'))).toMatchObject({ score: 75, passed: true });
		const two = { ...three, [`q${qid.s}`]: ['A'] };
		expect(await submitAttempt(f.db, { userId, attemptId: await start(at('09:04:00')), answers: two }, at('09:05:00'))).toMatchObject({ score: 50, passed: false });
	});

	it('treats a repeated identical submission as harmless and refuses changed answers after 交卷', async () => {
		const id = await start();
		await submitAttempt(f.db, { userId, attemptId: id, answers: rightAnswers() }, at('09:03:00'));
		expect(await submitAttempt(f.db, { userId, attemptId: id, answers: rightAnswers() }, at('09:03:01'))).toEqual({ ok: true, attemptId: id, score: 100, passed: true, alreadySubmitted: true });
		const changed = { ...rightAnswers(), [`q${qid.s}`]: ['A'] };
		expect(await submitAttempt(f.db, { userId, attemptId: id, answers: changed }, at('09:03:02'))).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('已经交卷') });
		expect(await stored()).toEqual({ answers: 4, submitted: 1 });
		expect((await f.db.select().from(quizAttempts).get())!.submittedAt).toEqual(at('09:03:00'));
	});

	const forgeries: [string, (a: Record<string, unknown[]>) => Record<string, unknown[]>, string][] = [
		['an unknown question id', (a) => ({ ...a, q999999: ['A'] }), '不属于本次测验'],
		['a field that is not a question', (a) => ({ ...a, score: ['100'] }), '格式不对'],
		['an unknown option key', (a) => ({ ...a, [`q${qid.s}`]: ['E'] }), '第 1 题没有选项“E”'],
		['two keys on a single choice', (a) => ({ ...a, [`q${qid.s}`]: ['A', 'B'] }), '第 1 题只能选一个答案'],
		['a repeated key on a multiple choice', (a) => ({ ...a, [`q${qid.m}`]: ['A', 'A'] }), '第 2 题的选项重复'],
		['a true/false value that is not true or false', (a) => ({ ...a, [`q${qid.t}`]: ['yes'] }), '第 3 题没有选项“yes”'],
		['a wrong number of blanks', (a) => ({ ...a, [`q${qid.f}`]: ['四风'] }), '第 4 题应有 2 个空，提交了 1 个'],
		['an empty blank', (a) => ({ ...a, [`q${qid.f}`]: ['四风', ' '] }), '第 4 题还有空没有填写'],
		['a missing answer', (a) => ({ ...a, [`q${qid.m}`]: [] }), '还有题目没有作答：第 2 题'],
		['an absent field', (a) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== `q${qid.t}`)), '还有题目没有作答：第 3 题'],
		['a file instead of text', (a) => ({ ...a, [`q${qid.s}`]: [new File(['B'], 'b.txt')] }), '格式不对'],
		['a number instead of text', (a) => ({ ...a, [`q${qid.s}`]: [2] }), '格式不对'],
		['an overlong blank', (a) => ({ ...a, [`q${qid.f}`]: ['四'.repeat(201), '八项规定'] }), '格式不对']
	];
	for (const [what, forge, message] of forgeries) {
		it(`refuses ${what} with 400 and stores nothing`, async () => {
			const id = await start();
			const result = await submitAttempt(f.db, { userId, attemptId: id, answers: forge(rightAnswers()) }, at('09:03:00'));
			expect(result).toMatchObject({ ok: false, status: 400, message: expect.stringContaining(message) });
			expect(await stored()).toEqual({ answers: 0, submitted: 0 });
		});
	}

	it("refuses another person's attempt as not found and stores nothing", async () => {
		const mine = await start();
		const intruder = await makeUser(f.db, 'intruder');
		expect(await submitAttempt(f.db, { userId: intruder, attemptId: mine, answers: rightAnswers() }, at('09:03:00'))).toEqual({ ok: false, status: 404, message: '没有找到这次测验' });
		expect(await attemptForm(f.db, { userId: intruder, attemptId: mine })).toBeNull();
		expect(await attemptResult(f.db, { userId: intruder, attemptId: mine })).toBeNull();
		expect(await stored()).toEqual({ answers: 0, submitted: 0 });
	});

	it('refuses a submission past the deadline and stores nothing', async () => {
		f.write('courses/01-demo/quiz.md', QUIZ.replace('pass_score: 75', 'pass_score: 75\ntime_limit_minutes: 10'));
		await f.reload();
		const id = await start(at('09:00:00'));
		expect(await submitAttempt(f.db, { userId, attemptId: id, answers: rightAnswers() }, at('09:10:06'))).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('已超过答题时限') });
		expect(await stored()).toEqual({ answers: 0, submitted: 0 });
		expect(await submitAttempt(f.db, { userId, attemptId: id, answers: rightAnswers() }, at('09:10:04'))).toMatchObject({ ok: true });
	});

	it('reads form data with repeated fields and files as they arrive', () => {
		const form = new FormData();
		form.append('q1', 'A');
		form.append('q1', 'C');
		form.append('q2', new File(['x'], 'x.txt'));
		const entries = formEntries(form);
		expect(entries.q1).toEqual(['A', 'C']);
		expect(entries.q2[0]).toBeInstanceOf(File);
	});
});

describe('the result page', () => {
	it('shows each question with the answer given, the right answer, the explanation and the cited articles', async () => {
		const id = await start();
		await submitAttempt(f.db, { userId, attemptId: id, answers: { ...rightAnswers(), [`q${qid.m}`]: ['A'] } }, at('09:03:00'));
		const result = await attemptResult(f.db, { userId, attemptId: id });
		if (result?.status !== 'submitted') throw new Error('expected a result');
		expect(result).toMatchObject({ score: 75, passScore: 75, passed: true, correctCount: 3, totalCount: 4 });
		expect(result.items.map((i) => [i.n, i.correct, i.responseText, i.answerText])).toEqual([
			[1, true, 'B. 四条', 'B. 四条'],
			[2, false, 'A. 甲', 'A. 甲；C. 丙'],
			[3, true, '错误', '错误'],
			[4, true, '“四风”；中央八项规定', '四风；八项规定（或 中央八项规定）']
		]);
		expect(result.items[1].explanationHtml).toContain('甲丙。');
		expect(result.items[1].citations.map((c) => c.ref)).toEqual(['sample-lianzheng-guize#6']);
	});

	it('keeps showing what was asked after the question is edited in content', async () => {
		const id = await start();
		await submitAttempt(f.db, { userId, attemptId: id, answers: rightAnswers() }, at('09:03:00'));
		f.write('courses/01-demo/quiz.md', QUIZ.replace('几条？', '共有几条？'));
		await f.reload();
		const result = await attemptResult(f.db, { userId, attemptId: id });
		if (result?.status !== 'submitted') throw new Error('expected a result');
		expect(result.items[0].question.stemHtml).toContain('几条？');
		expect(result.items[0].question.stemHtml).not.toContain('共有');
		expect(await start(at('09:10:00'))).not.toBe(id);
	});
});
