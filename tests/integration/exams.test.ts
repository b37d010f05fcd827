import { describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { examAnswers, examAttempts, examCertificates, examLeaveEvents, exams, firstTries, notebookCards, notebookEntries } from '../../src/lib/server/db/schema/index.ts';
import { recordLeave, saveAnswer, savePage, startAttempt, submitAttempt } from '../../src/lib/server/exams/attempts.ts';
import { sweepExams } from '../../src/lib/server/exams/sweeper.ts';
import { attemptResult, learnerExam, learnerExams, takeView } from '../../src/lib/server/exams/views.ts';
import { createMakeup, saveExam, updateExamSettings } from '../../src/lib/server/exams/exams.ts';
import { formatCode, normalizeCode, revokeCertificate, verifyCertificate } from '../../src/lib/server/exams/certificates.ts';
import { examResults } from '../../src/lib/server/exams/results.ts';
import { examById } from '../../src/lib/server/exams/exams.ts';
import { snapshotAllRows } from '../../src/lib/server/db/testing.ts';
import { answersFor, MIN, sections, setupExams, T0 } from './exam-fixture.ts';

describe('an exam from start to certificate', () => {
	it('draws different papers, resumes the same one, saves answers as given, closes once and certifies a pass', async () => {
		const f = await setupExams(await createTestDatabase());
		const { db } = f;
		const examId = await f.newExam();
		const [a, b] = f.people;

		// Before the opening: refused, nothing written.
		expect(await startAttempt(db, { person: a, examId }, T0 - 1)).toMatchObject({ ok: false, message: expect.stringContaining('尚未开始') });
		// Someone outside the audience never sees it.
		expect(await startAttempt(db, { person: f.outsider, examId }, T0 + MIN)).toMatchObject({ ok: false });
		expect(await learnerExam(db, f.outsider, examId, T0 + MIN)).toBeNull();

		const sa = await startAttempt(db, { person: a, examId }, T0 + MIN);
		const sb = await startAttempt(db, { person: b, examId }, T0 + MIN);
		if (!sa.ok || !sb.ok) throw new Error('start refused');
		// Pressing 开始 again (another device) resumes the same attempt.
		expect(await startAttempt(db, { person: a, examId }, T0 + 5 * MIN)).toEqual({ ok: true, attemptId: sa.attemptId, resumed: true });
		const attempts = await db.select().from(examAttempts).where(eq(examAttempts.examId, examId)).all();
		expect(attempts).toHaveLength(2);
		const [pa, pb] = [attempts.find((x) => x.userId === a.id)!.paper, attempts.find((x) => x.userId === b.id)!.paper];
		expect(JSON.stringify(pa)).not.toEqual(JSON.stringify(pb));
		expect(pa.map((p) => p.section)).toEqual([0, 0, 0, 1, 1, 2, 2, 3]);
		expect(attempts[0].deadlineAt).toBe(T0 + MIN + 30 * MIN);

		// Answers as given, letter by letter as shown; a retry is recognised; an old page is refused.
		const mine = await answersFor(db, examId, a.id, (n) => n !== 0);
		const first = await saveAnswer(db, { userId: a.id, examId, questionId: mine[0].questionId, values: mine[0].values, revision: 0 }, T0 + 2 * MIN);
		expect(first).toMatchObject({ ok: true, revision: 1, replay: false });
		expect(await saveAnswer(db, { userId: a.id, examId, questionId: mine[0].questionId, values: mine[0].values, revision: 0 }, T0 + 2 * MIN + 1)).toMatchObject({ ok: true, revision: 1, replay: true });
		const changed = mine[1].values;
		expect(await saveAnswer(db, { userId: a.id, examId, questionId: mine[0].questionId, values: changed[0] === mine[0].values[0] ? ['D'] : changed, revision: 0 }, T0 + 3 * MIN)).toMatchObject({ ok: false, code: 'stale' });
		// A question of someone else's paper, or of no paper: refused, nothing stored.
		const foreign = pb.find((p) => !pa.some((x) => x.questionId === p.questionId));
		if (foreign) expect(await saveAnswer(db, { userId: a.id, examId, questionId: foreign.questionId, values: ['A'], revision: 0 }, T0 + 3 * MIN)).toMatchObject({ ok: false, code: 'not-in-paper' });
		expect(await saveAnswer(db, { userId: a.id, examId, questionId: 999_999, values: ['A'], revision: 0 }, T0 + 3 * MIN)).toMatchObject({ ok: false, code: 'not-in-paper' });
		expect(await saveAnswer(db, { userId: a.id, examId, questionId: mine[1].questionId, values: ['Z'], revision: 0 }, T0 + 3 * MIN)).toMatchObject({ ok: false, code: 'invalid' });
		expect(await db.select().from(examAnswers).where(eq(examAnswers.attemptId, sa.attemptId)).all()).toHaveLength(1);

		// The page-by-page form saves the rest (the first answer again, unchanged, is no change).
		const page = await savePage(db, { userId: a.id, examId, answers: mine.map((m, i) => ({ questionId: m.questionId, values: m.values, revision: i === 0 ? 1 : 0 })) }, T0 + 10 * MIN);
		expect(page).toEqual({ saved: mine.length - 1, refusals: [] });
		// A reload shows the answers as saved and the time left on the server's clock.
		const view = await takeView(db, { userId: a.id, examId, page: 1, all: true }, T0 + 11 * MIN);
		if (view.status !== 'open') throw new Error('not open');
		expect(view.remainingMs).toBe(20 * MIN);
		expect(view.answeredCount).toBe(mine.length);
		expect(view.questions.map((q) => q.values)).toEqual(mine.map((m) => [...m.values].sort()));

		// 交卷 once: the second press changes nothing.
		const submitted = await submitAttempt(db, { userId: a.id, examId, attemptId: sa.attemptId }, T0 + 12 * MIN);
		expect(submitted).toEqual({ ok: true, attemptId: sa.attemptId, reason: 'submitted' });
		const before = await snapshotAllRows(db);
		expect(await submitAttempt(db, { userId: a.id, examId, attemptId: sa.attemptId }, T0 + 12 * MIN + 500)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining('已经交卷') });
		expect(await saveAnswer(db, { userId: a.id, examId, questionId: mine[0].questionId, values: ['A'], revision: 1 }, T0 + 13 * MIN)).toMatchObject({ ok: false, code: 'closed' });
		expect(await snapshotAllRows(db)).toBe(before);
		const closed = (await db.select().from(examAttempts).where(eq(examAttempts.id, sa.attemptId)).get())!;
		const expected = mine.slice(1).reduce((n, m) => n + m.points, 0);
		expect(closed).toMatchObject({ closeReason: 'submitted', closedAt: T0 + 12 * MIN, score: expected, correctCount: mine.length - 1, passed: expected >= 60 });

		// A pass yields a certificate that verifies, with only the certified facts.
		const cert = (await db.select().from(examCertificates).where(eq(examCertificates.attemptId, sa.attemptId)).get())!;
		expect(cert.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
		expect(normalizeCode(formatCode(cert.code).toLowerCase())).toBe(cert.code);
		expect(await verifyCertificate(db, cert.code)).toEqual({ code: cert.code, name: '甲', unitName: '第一党支部', examTitle: '测试考试', score: expected, totalPoints: 80, issuedAt: T0 + 12 * MIN, revokedAt: null });
		expect(await revokeCertificate(db, { id: cert.id, adminId: f.organizer.id, reason: '成绩作废' }, T0 + 60 * MIN)).toEqual({ ok: true });
		expect((await verifyCertificate(db, cert.code))!.revokedAt).toBe(T0 + 60 * MIN);
		expect(await revokeCertificate(db, { id: cert.id, adminId: f.organizer.id, reason: '再次' }, T0 + 61 * MIN)).toMatchObject({ ok: false });

		// While the exam is open, the result shows the score but not the answers.
		const result = await attemptResult(db, { userId: a.id, examId, attemptId: sa.attemptId }, T0 + 20 * MIN);
		expect(result).toMatchObject({ status: 'closed', reveal: false, attempt: { score: expected } });
		if (result?.status !== 'closed') throw new Error('no result');
		expect(result.items.every((i) => i.answerText === null && i.explanationHtml === null)).toBe(true);
		// Nothing goes into the 错题本 before the exam closes.
		expect(await db.select().from(notebookEntries).all()).toEqual([]);

		// b abandoned the page: the server closes the attempt at its deadline, with what b saved.
		const bAnswers = await answersFor(db, examId, b.id, () => false);
		await saveAnswer(db, { userId: b.id, examId, questionId: bAnswers[0].questionId, values: bAnswers[0].values, revision: 0 }, T0 + 5 * MIN);
		expect(await sweepExams(db, T0 + 31 * MIN - 1)).toEqual({ closed: 0, released: [] });
		expect(await sweepExams(db, T0 + 31 * MIN)).toEqual({ closed: 1, released: [] });
		expect(await db.select().from(examAttempts).where(eq(examAttempts.id, sb.attemptId)).get()).toMatchObject({ closeReason: 'deadline', closedAt: T0 + 31 * MIN, score: 0, passed: false });
		expect(await sweepExams(db, T0 + 40 * MIN)).toEqual({ closed: 0, released: [] });
		expect((await learnerExams(db, b, T0 + 40 * MIN))[0]).toMatchObject({ standing: 'failed', attemptsLeft: 0 });

		// After the close the exam is released: wrong answers in the 错题本, first tries for everyone, answers shown.
		const closesAt = T0 + 24 * 60 * MIN;
		expect((await sweepExams(db, closesAt)).released).toEqual([examId]);
		expect((await sweepExams(db, closesAt + MIN)).released).toEqual([]);
		const entries = await db.select().from(notebookEntries).all();
		expect(entries.map((e) => [e.userId, e.questionId, e.source]).sort()).toEqual(
			[
				[a.id, mine[0].questionId, 'exam'],
				[b.id, bAnswers[0].questionId, 'exam']
			].sort()
		);
		expect((await db.select({ n: count() }).from(firstTries).get())!.n).toBe(mine.length + 1);
		expect(await db.select().from(notebookCards).all()).toHaveLength(2);
		const released = await attemptResult(db, { userId: a.id, examId, attemptId: sa.attemptId }, closesAt + MIN);
		if (released?.status !== 'closed') throw new Error('no result');
		expect(released.reveal).toBe(true);
		expect(released.items[0]).toMatchObject({ correct: false, answerText: expect.any(String), explanationHtml: expect.stringContaining('示例规定') });
	});

	it('refuses an answer after the deadline and closes the attempt at the deadline, storing nothing', async () => {
		const f = await setupExams(await createTestDatabase());
		const examId = await f.newExam({ timeLimitMinutes: 10 });
		const [a] = f.people;
		const started = await startAttempt(f.db, { person: a, examId }, T0);
		if (!started.ok) throw new Error(started.message);
		const mine = await answersFor(f.db, examId, a.id, () => true);
		expect(await saveAnswer(f.db, { userId: a.id, examId, questionId: mine[0].questionId, values: mine[0].values, revision: 0 }, T0 + 10 * MIN - 1)).toMatchObject({ ok: true });
		expect(await saveAnswer(f.db, { userId: a.id, examId, questionId: mine[1].questionId, values: mine[1].values, revision: 0 }, T0 + 10 * MIN)).toMatchObject({ ok: false, code: 'late' });
		expect(await f.db.select().from(examAnswers).all()).toHaveLength(1);
		expect(await f.db.select().from(examAttempts).get()).toMatchObject({ closedAt: T0 + 10 * MIN, closeReason: 'deadline', score: mine[0].points });
		// 交卷 after that is refused as a second submission.
		expect(await submitAttempt(f.db, { userId: a.id, examId, attemptId: started.attemptId }, T0 + 11 * MIN)).toMatchObject({ ok: false, status: 409 });
		// A deadline never runs past the exam's close.
		const late = await f.newExam({ opensAt: T0, closesAt: T0 + 5 * MIN, timeLimitMinutes: 30 });
		const s2 = await startAttempt(f.db, { person: a, examId: late }, T0 + MIN);
		if (!s2.ok) throw new Error(s2.message);
		expect((await f.db.select().from(examAttempts).where(eq(examAttempts.id, s2.attemptId)).get())!.deadlineAt).toBe(T0 + 5 * MIN);
		expect(await startAttempt(f.db, { person: f.people[1], examId: late }, T0 + 5 * MIN)).toMatchObject({ ok: false, message: expect.stringContaining('已经结束') });
	});

	it('logs leaving the page with its times, counts a blur and a hide as one leave, and hands in after N leaves', async () => {
		const f = await setupExams(await createTestDatabase());
		const examId = await f.newExam({ autoSubmitLeaves: 2 });
		const [a] = f.people;
		const started = await startAttempt(f.db, { person: a, examId }, T0);
		if (!started.ok) throw new Error(started.message);
		expect(await recordLeave(f.db, { userId: a.id, examId, kind: 'hidden', phase: 'leave' }, T0 + MIN)).toEqual({ ok: true, leaves: 1, closed: false, limit: 2 });
		expect(await recordLeave(f.db, { userId: a.id, examId, kind: 'blur', phase: 'leave' }, T0 + MIN + 10)).toEqual({ ok: true, leaves: 1, closed: false, limit: 2 });
		expect(await recordLeave(f.db, { userId: a.id, examId, kind: 'hidden', phase: 'return' }, T0 + 2 * MIN)).toMatchObject({ ok: true, leaves: 1 });
		expect(await f.db.select().from(examLeaveEvents).all()).toEqual([expect.objectContaining({ kind: 'hidden', leftAt: T0 + MIN, returnedAt: T0 + 2 * MIN })]);
		expect(await recordLeave(f.db, { userId: a.id, examId, kind: 'blur', phase: 'leave' }, T0 + 3 * MIN)).toEqual({ ok: true, leaves: 2, closed: true, limit: 2 });
		expect(await f.db.select().from(examAttempts).get()).toMatchObject({ closeReason: 'leaves', closedAt: T0 + 3 * MIN });
		const results = await examResults(f.db, (await examById(f.db, examId))!, T0 + 4 * MIN);
		expect(results.persons.find((p) => p.userId === a.id)!.leaves).toEqual([
			{ kind: 'hidden', leftAt: T0 + MIN, returnedAt: T0 + 2 * MIN },
			{ kind: 'blur', leftAt: T0 + 3 * MIN, returnedAt: null }
		]);
	});

	it('keeps audiences apart: leaders only, named people, and a 补考 for those who failed or missed it', async () => {
		const f = await setupExams(await createTestDatabase());
		const [a, b, c] = f.people;
		const leaders = await f.newExam({ audience: 'leaders' });
		expect((await learnerExams(f.db, a, T0)).map((e) => e.id)).not.toContain(leaders);
		expect((await learnerExams(f.db, c, T0)).map((e) => e.id)).toContain(leaders);
		const named = await f.newExam({ audience: 'named', usernames: ['exam-b'] });
		expect((await learnerExams(f.db, b, T0)).map((e) => e.id)).toContain(named);
		expect((await learnerExams(f.db, a, T0)).map((e) => e.id)).not.toContain(named);
		// Named people must belong to the unit.
		const refused = await saveExam(f.db, { scope: null, actorId: f.organizer.id, draft: { ...(await draftOf(f, named)), usernames: ['exam-x'] } });
		expect(refused).toMatchObject({ ok: false, errors: { people: expect.stringContaining('exam-x') } });

		const examId = await f.newExam();
		for (const [person, right] of [
			[a, true],
			[b, false]
		] as const) {
			const s = await startAttempt(f.db, { person, examId }, T0 + MIN);
			if (!s.ok) throw new Error(s.message);
			for (const ans of await answersFor(f.db, examId, person.id, () => right)) await saveAnswer(f.db, { userId: person.id, examId, questionId: ans.questionId, values: ans.values, revision: 0 }, T0 + 2 * MIN);
			await submitAttempt(f.db, { userId: person.id, examId, attemptId: s.attemptId }, T0 + 3 * MIN);
		}
		expect(await createMakeup(f.db, { scope: null, actorId: f.organizer.id, examId, opensAt: T0 + 2 * 24 * 60 * MIN, closesAt: T0 + 3 * 24 * 60 * MIN, now: T0 + 4 * MIN })).toMatchObject({ ok: false });
		const makeup = await createMakeup(f.db, { scope: null, actorId: f.organizer.id, examId, opensAt: T0 + 2 * 24 * 60 * MIN, closesAt: T0 + 3 * 24 * 60 * MIN, now: T0 + 25 * 60 * MIN });
		if (!makeup.ok) throw new Error(JSON.stringify(makeup.errors));
		// b failed and c missed it; a passed.
		const sitting = async (p: typeof a) => (await learnerExams(f.db, p, T0 + 2 * 24 * 60 * MIN)).some((e) => e.id === makeup.id && e.isMakeup);
		expect([await sitting(a), await sitting(b), await sitting(c)]).toEqual([false, true, true]);
		expect((await f.db.select().from(exams).where(eq(exams.id, makeup.id)).get())!.makeupOf).toBe(examId);

		// After someone started, the paper and times are fixed; the close may only move later.
		expect(await saveExam(f.db, { scope: null, actorId: f.organizer.id, id: examId, draft: await draftOf(f, examId) })).toMatchObject({ ok: false });
		expect(await updateExamSettings(f.db, { scope: null, id: examId, closesAt: T0, showAnswers: false, now: T0 + 4 * MIN })).toMatchObject({ ok: false });
		expect(await updateExamSettings(f.db, { scope: null, id: examId, closesAt: T0 + 48 * 60 * MIN, showAnswers: false, now: T0 + 4 * MIN })).toEqual({ ok: true });
	});

	it('refuses rules the banks cannot meet, with the section and the numbers', async () => {
		const f = await setupExams(await createTestDatabase());
		const tooMany = await saveExam(f.db, { scope: null, actorId: f.organizer.id, draft: { ...(await draftOf(f, await f.newExam())), sections: sections(f.bankId, { single: 7 }) } });
		expect(tooMany).toMatchObject({ ok: false, errors: { sections: '第 1 部分只有 6 道符合条件的题目，不够抽 7 题' } });
		const chapter = await saveExam(f.db, {
			scope: null,
			actorId: f.organizer.id,
			draft: { ...(await draftOf(f, await f.newExam())), sections: [{ ...sections(f.bankId, { truefalse: 1 })[0], regulation: 'sample-lianzheng-guize', chapter: '第一章 总则', count: 1 }], passScore: 5 }
		});
		// Of the true/false questions only demo-14 (第十二条) … is not in 第一章: none cites 第一至三条.
		expect(chapter).toMatchObject({ ok: false, errors: { sections: expect.stringContaining('只有 0 道') } });
	});
});

async function draftOf(f: Awaited<ReturnType<typeof setupExams>>, id: number) {
	const e = (await f.db.select().from(exams).where(eq(exams.id, id)).get())!;
	return {
		title: e.title,
		description: e.description,
		unitId: e.unitId,
		audience: e.audience,
		usernames: ['exam-b'],
		batch: null,
		paperMode: e.paperMode,
		sections: e.sections,
		shuffleOptions: e.shuffleOptions,
		opensAt: e.opensAt,
		closesAt: e.closesAt,
		timeLimitMinutes: e.timeLimitMinutes,
		attemptsAllowed: e.attemptsAllowed,
		passScore: e.passScore,
		showAnswers: e.showAnswers,
		autoSubmitLeaves: e.autoSubmitLeaves
	};
}

describe('the results of an exam', () => {
	it('per person and unit, per question (options chosen) and per article', async () => {
		const f = await setupExams(await createTestDatabase());
		const examId = await f.newExam({ unitId: f.root.id });
		const [a, b] = f.people;
		for (const [person, right] of [
			[a, (n: number) => n % 2 === 0],
			[b, () => true],
			[f.outsider, () => false]
		] as const) {
			const s = await startAttempt(f.db, { person, examId }, T0 + MIN);
			if (!s.ok) throw new Error(s.message);
			for (const ans of await answersFor(f.db, examId, person.id, right)) await saveAnswer(f.db, { userId: person.id, examId, questionId: ans.questionId, values: ans.values, revision: 0 }, T0 + 2 * MIN);
			await submitAttempt(f.db, { userId: person.id, examId, attemptId: s.attemptId }, T0 + 3 * MIN);
		}
		const r = await examResults(f.db, (await examById(f.db, examId))!, T0 + 4 * MIN);
		// The organizer at the committee is one of its members too.
		expect(r.total).toMatchObject({ examinees: 5, taken: 3, passed: 1 });
		expect(r.persons.find((p) => p.userId === b.id)).toMatchObject({ standing: 'passed', bestScore: 80, certificateCode: expect.stringMatching(/^\w{5}-\w{5}-\w{5}-\w{5}$/) });
		expect(r.persons.find((p) => p.userId === f.people[2].id)).toMatchObject({ standing: 'not-taken', bestScore: null });
		// Each one's own list: b's exam with its certificate, a's and the outsider's (who took it) without one.
		const listed = async (p: Parameters<typeof learnerExams>[1]) => (await learnerExams(f.db, p, T0 + 4 * MIN)).find((e) => e.id === examId);
		const certificate = await f.db.select().from(examCertificates).where(eq(examCertificates.userId, b.id)).get();
		expect(await listed(b)).toMatchObject({ standing: 'passed', bestScore: 80, attemptsLeft: 0, certificateId: certificate!.id });
		expect(await listed(a)).toMatchObject({ standing: 'failed', certificateId: null });
		expect(await listed(f.outsider)).toMatchObject({ standing: 'failed', certificateId: null });
		const branch = r.units.find((u) => u.unitId === f.branch.id)!;
		expect(branch).toMatchObject({ examinees: 3, taken: 2, passed: 1 });
		expect(branch.distribution.reduce((n, x) => n + x, 0)).toBe(2);
		// Every question shown is analysed; options chosen are counted by the option itself, whatever order it was shown in.
		for (const q of r.questions) {
			expect(q.correct).toBeLessThanOrEqual(q.shown);
			if (q.type === 'single' || q.type === 'multiple') expect(q.options.reduce((n, o) => n + o.chosen, 0)).toBeGreaterThanOrEqual(q.answered);
		}
		const allWrong = r.questions.filter((q) => q.correct === 0);
		expect(allWrong.length).toBeGreaterThan(0);
		expect(r.articles[0].wrongRate).toBeGreaterThanOrEqual(r.articles.at(-1)!.wrongRate);
		expect(r.articles.every((x) => x.label.startsWith('《清风市某局廉洁从业若干规定（示例）》第'))).toBe(true);
		const counted = await f.db.select({ n: count() }).from(examAttempts).where(and(eq(examAttempts.examId, examId), eq(examAttempts.passed, true))).get();
		expect(counted!.n).toBe(1);
	});
});
