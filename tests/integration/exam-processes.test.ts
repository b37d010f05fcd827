import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, TEST_ENGINE } from '../../src/lib/server/db/testing.ts';
import { openPostgres, type PostgresEngine } from '../../src/lib/server/db/postgres.ts';
import { examAttempts, examCertificates, notebookEntries } from '../../src/lib/server/db/schema/index.ts';
import { saveAnswer, startAttempt, submitAttempt } from '../../src/lib/server/exams/attempts.ts';
import { sweepExams } from '../../src/lib/server/exams/sweeper.ts';
import { answersFor, MIN, setupExams, T0 } from './exam-fixture.ts';

// Several app processes on one PostgreSQL (here: two connection pools), each running the sweeper
// and taking requests: every attempt is closed once, graded once, certified once, and the closed
// exam's wrong answers reach the 错题本 once — decided by conditional updates and keys in the
// database, not by anything a process holds in memory.

describe.skipIf(TEST_ENGINE !== 'postgres')('exams with two app processes on one PostgreSQL', () => {
	it('closes each attempt once when both sweep at once, while answers and 交卷 race the deadline', async () => {
		const f = await setupExams(await createTestDatabase());
		const other = openPostgres((f.db.$engine as PostgresEngine).url, { max: 4 });
		try {
			const examId = await f.newExam({ timeLimitMinutes: 10, unitId: f.root.id });
			const people = [...f.people, f.organizer, f.outsider];
			for (const person of people) {
				const s = await startAttempt(f.db, { person, examId }, T0);
				if (!s.ok) throw new Error(s.message);
			}
			// Everyone answers everything right, half through each process.
			for (const [i, person] of people.entries()) {
				for (const a of await answersFor(f.db, examId, person.id, () => true)) {
					const via = i % 2 ? other.db : f.db;
					expect(await saveAnswer(via, { userId: person.id, examId, questionId: a.questionId, values: a.values, revision: 0 }, T0 + MIN)).toMatchObject({ ok: true });
				}
			}
			// At the deadline: one person presses 交卷 on one process while both sweep and a late save arrives.
			const attempt0 = (await f.db.select().from(examAttempts).where(eq(examAttempts.userId, people[0].id)).get())!;
			const late = (await answersFor(f.db, examId, people[1].id, () => false))[0];
			const deadline = T0 + 10 * MIN;
			const [s1, s2, submit, save] = await Promise.all([
				sweepExams(f.db, deadline),
				sweepExams(other.db, deadline),
				submitAttempt(other.db, { userId: people[0].id, examId, attemptId: attempt0.id }, deadline),
				saveAnswer(f.db, { userId: people[1].id, examId, questionId: late.questionId, values: late.values, revision: 1 }, deadline)
			]);
			// Whoever wins each conditional UPDATE (a sweeper, the 交卷, or the late save, which closes its
			// own overdue attempt) closes it; the sweepers never count more than there are attempts.
			expect(s1.closed + s2.closed).toBeLessThanOrEqual(people.length);
			expect(s1.closed + s2.closed).toBeGreaterThanOrEqual(people.length - 2);
			expect(submit.ok || submit.status === 409).toBe(true);
			expect(save).toMatchObject({ ok: false });
			const attempts = await f.db.select().from(examAttempts).where(eq(examAttempts.examId, examId)).all();
			expect(attempts.every((a) => a.closedAt === deadline && a.passed === true && a.score === a.totalPoints)).toBe(true);
			expect((await f.db.select({ n: count() }).from(examCertificates).get())!.n).toBe(people.length);

			// Both release the closed exam at once; a wrong answer saved earlier is fed once.
			const examClose = T0 + 24 * 60 * MIN;
			const [r1, r2] = await Promise.all([sweepExams(f.db, examClose), sweepExams(other.db, examClose)]);
			expect([...r1.released, ...r2.released].length).toBeGreaterThanOrEqual(1);
			expect((await f.db.select({ n: count() }).from(notebookEntries).get())!.n).toBe(0);
		} finally {
			await other.close();
		}
	});
});
