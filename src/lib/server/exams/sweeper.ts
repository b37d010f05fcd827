import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { examAnswers, examAttempts, exams } from '../db/schema/index.ts';
import { recordGradedAnswers } from '../notebook/record.ts';
import { closeOverdueAttempts } from './attempts.ts';

// The server's side of the clock: every few seconds each app process closes the attempts whose
// deadline has passed (the browser may be long gone), and releases exams that have closed — their
// wrong answers go into the 错题本 only then, since the notebook shows the right answers and others
// may still be sitting the exam. Everything here is a keyed or conditional write, so processes
// sweeping the same database at once do each thing once.

const ATTEMPTS_PER_TRANSACTION = 100;

/** Feeds the graded answers of every attempt of a closed exam to the notebooks, then marks the exam released. */
export async function releaseClosedExams(db: DB, now: number): Promise<number[]> {
	const due = await db.select({ id: exams.id }).from(exams).where(and(lte(exams.closesAt, now), isNull(exams.releasedAt))).orderBy(asc(exams.closesAt)).all();
	const released: number[] = [];
	for (const { id } of due) {
		const open = await db.select({ id: examAttempts.id }).from(examAttempts).where(and(eq(examAttempts.examId, id), isNull(examAttempts.closedAt))).get();
		if (open) continue; // closeOverdueAttempts closes it first (its deadline is at the latest the exam's close)
		const attempts = await db.select({ id: examAttempts.id, userId: examAttempts.userId, closedAt: examAttempts.closedAt }).from(examAttempts).where(eq(examAttempts.examId, id)).orderBy(asc(examAttempts.id)).all();
		for (let i = 0; i < attempts.length; i += ATTEMPTS_PER_TRANSACTION) {
			const chunk = attempts.slice(i, i + ATTEMPTS_PER_TRANSACTION);
			const byId = new Map(chunk.map((a) => [a.id, a]));
			await db.transaction(async (tx) => {
				const answers = await tx.select({ attemptId: examAnswers.attemptId, questionId: examAnswers.questionId, response: examAnswers.response, correct: examAnswers.correct }).from(examAnswers).where(inArray(examAnswers.attemptId, [...byId.keys()])).all();
				await recordGradedAnswers(
					tx,
					answers
						.filter((a) => a.response.length > 0 && a.correct !== null)
						.map((a) => ({ userId: byId.get(a.attemptId)!.userId, questionId: a.questionId, source: 'exam' as const, sourceId: a.attemptId, response: a.response, correct: !!a.correct, at: byId.get(a.attemptId)!.closedAt! }))
				);
			});
		}
		const marked = await db.update(exams).set({ releasedAt: now }).where(and(eq(exams.id, id), isNull(exams.releasedAt))).run();
		if (marked.changes === 1) released.push(id);
	}
	return released;
}

/** One sweep: overdue attempts closed, then closed exams released. */
export async function sweepExams(db: DB, now: number): Promise<{ closed: number; released: number[] }> {
	const closed = await closeOverdueAttempts(db, now);
	const released = await releaseClosedExams(db, now);
	return { closed, released };
}

export const SWEEP_INTERVAL_MS = Number(process.env.QF_EXAM_SWEEP_MS) > 0 ? Number(process.env.QF_EXAM_SWEEP_MS) : 5_000;

/** Runs sweeps every SWEEP_INTERVAL_MS, never two at once in this process; returns the stop function. */
export function startExamSweeper(db: DB, now: () => number, log: (message: string) => void = (m) => console.error(m)): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await sweepExams(db, now());
		} catch (err) {
			log(`[清风学堂] 考试收卷出错：${err instanceof Error ? err.message : String(err)}`);
		} finally {
			running = false;
		}
	};
	void tick();
	const timer = setInterval(() => void tick(), SWEEP_INTERVAL_MS);
	timer.unref?.();
	return () => clearInterval(timer);
}
