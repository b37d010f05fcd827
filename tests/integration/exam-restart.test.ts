import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, TEST_ENGINE } from '../../src/lib/server/db/testing.ts';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import type { PostgresEngine } from '../../src/lib/server/db/postgres.ts';
import { examAnswers, examAttempts } from '../../src/lib/server/db/schema/index.ts';
import { startAttempt } from '../../src/lib/server/exams/attempts.ts';
import { sweepExams } from '../../src/lib/server/exams/sweeper.ts';
import { takeView } from '../../src/lib/server/exams/views.ts';
import { answersFor, setupExams } from './exam-fixture.ts';

// kill -9 in the middle of an exam: a real child process saves answers (each in its own
// transaction, acknowledged only after the commit) and is killed without warning. After the
// "restart" — a new connection, as a new process would open — every acknowledged answer is there
// (or a later one the dying process committed but could not acknowledge), and the remaining time
// is the deadline fixed at the start minus the server's clock now: nothing about it lived in memory.

describe('an app process killed with SIGKILL during an exam', () => {
	it('loses no acknowledged answer, and the attempt’s remaining time and closing are right after the restart', async () => {
		const db = await createTestDatabase();
		const f = await setupExams(db);
		const now = Date.now();
		const examId = await f.newExam({ opensAt: now - 60_000, closesAt: now + 86_400_000, timeLimitMinutes: 20 });
		const person = f.people[0];
		const started = await startAttempt(db, { person, examId }, now);
		if (!started.ok) throw new Error(started.message);
		const attempt = (await db.select().from(examAttempts).where(eq(examAttempts.id, started.attemptId)).get())!;
		const right = await answersFor(db, examId, person.id, () => true);
		const wrong = await answersFor(db, examId, person.id, () => false);
		const location = TEST_ENGINE === 'postgres' ? (db.$engine as PostgresEngine).url : db.$engine.location;
		const plan = { location, examId, userId: person.id, questions: right.map((r, i) => ({ questionId: r.questionId, choices: [r.values, wrong[i].values] })) };

		const child = spawn(process.execPath, ['tests/integration/exam-child.ts'], { env: { ...process.env, QF_EXAM_CHILD: JSON.stringify(plan) }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (c) => (stderr += c));
		const acked = new Map<number, { revision: number; values: string[] }>();
		let acks = 0;
		let buffer = '';
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				buffer += chunk.toString();
				let end: number;
				while ((end = buffer.indexOf('\n')) >= 0) {
					const line = buffer.slice(0, end);
					buffer = buffer.slice(end + 1);
					const m = /^ACK (\d+) (\d+) (.*)$/.exec(line);
					if (m) {
						acked.set(Number(m[1]), { revision: Number(m[2]), values: JSON.parse(m[3]) });
						// Killed without warning after a few hundred acknowledged saves, mid-stream.
						if (++acks === 300) {
							child.kill('SIGKILL');
							resolve();
						}
					} else if (line.startsWith('REFUSED')) reject(new Error(line));
				}
			});
			child.on('exit', () => (acks < 300 ? reject(new Error(`child exited early: ${stderr}`)) : resolve()));
		});
		expect(await exited).toBeNull();

		// The restart: a new connection to the same database.
		const restarted = openDatabase(location, { max: 2 });
		try {
			const stored = new Map((await restarted.select().from(examAnswers).where(eq(examAnswers.attemptId, attempt.id)).all()).map((a) => [a.questionId, a]));
			expect(acked.size).toBe(right.length);
			for (const [questionId, last] of acked) {
				const row = stored.get(questionId)!;
				// Never older than what was acknowledged; the same answer when it is that revision.
				expect(row.revision).toBeGreaterThanOrEqual(last.revision);
				expect(row.revision - last.revision).toBeLessThanOrEqual(1);
				if (row.revision === last.revision) {
					const view = await takeView(restarted, { userId: person.id, examId, page: 1, all: true }, Date.now());
					if (view.status !== 'open') throw new Error('attempt not open after the restart');
					expect(view.questions.find((q) => q.id === questionId)!.values).toEqual([...last.values].sort());
				}
			}
			// The time left is the deadline fixed at the start, on the clock of whoever asks now.
			const asked = Date.now();
			const view = await takeView(restarted, { userId: person.id, examId, page: 1 }, asked);
			if (view.status !== 'open') throw new Error('attempt not open after the restart');
			expect(view.deadlineAt).toBe(now + 20 * 60_000);
			expect(view.remainingMs).toBe(now + 20 * 60_000 - asked);
			// Nobody comes back: the restarted process's sweeper closes it at the deadline, graded from what was stored.
			expect(await sweepExams(restarted, attempt.deadlineAt - 1)).toMatchObject({ closed: 0 });
			expect(await sweepExams(restarted, attempt.deadlineAt + 5_000)).toMatchObject({ closed: 1 });
			const closed = (await restarted.select().from(examAttempts).where(and(eq(examAttempts.id, attempt.id))).get())!;
			expect(closed).toMatchObject({ closeReason: 'deadline', closedAt: attempt.deadlineAt });
			expect(closed.score).toBeGreaterThanOrEqual(0);
		} finally {
			await restarted.$engine.close();
		}
	}, 60_000);
});
