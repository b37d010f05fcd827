import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { examAttempts, exams } from '../db/schema/index.ts';

// Exams in the report (考试 次, 人次, 通过率):
//   - 考试 (次): exams that opened in the period, for the unit that organizes them (as activities
//     count for their organizing unit; a 补考 is an exam of its own);
//   - 人次: sittings closed in the period (handed in, or closed at the deadline or for leaving the
//     page), for the unit the person belonged to when they started (kept on the attempt);
//   - 通过率: of the people who sat an exam in the period (per exam and person), the share with a
//     passing sitting — a second sitting that passes makes one person who passed, not two.

export type ExamCount = { unitId: number; exams: number; sittings: number; takers: number; passers: number };

export async function examCounts(db: DB, units: SQL, t0: number, t1: number): Promise<ExamCount[]> {
	const out = new Map<number, ExamCount>();
	const of = (unitId: number) => {
		let c = out.get(unitId);
		if (!c) out.set(unitId, (c = { unitId, exams: 0, sittings: 0, takers: 0, passers: 0 }));
		return c;
	};
	const opened = await db
		.select({ unitId: exams.unitId })
		.from(exams)
		.where(and(gte(exams.opensAt, t0), lt(exams.opensAt, t1), sql`${exams.unitId} in ${units}`))
		.all();
	for (const e of opened) of(e.unitId).exams++;
	// Booleans are read in JavaScript, where both engines agree on them.
	const sittings = await db
		.select({ unitId: examAttempts.unitId, examId: examAttempts.examId, userId: examAttempts.userId, passed: examAttempts.passed })
		.from(examAttempts)
		.where(and(gte(examAttempts.closedAt, t0), lt(examAttempts.closedAt, t1), sql`${examAttempts.unitId} in ${units}`))
		.all();
	const people = new Map<string, { unitId: number; passed: boolean }>();
	for (const s of sittings) {
		of(s.unitId!).sittings++;
		const key = `${s.unitId}:${s.examId}:${s.userId}`;
		const person = people.get(key) ?? { unitId: s.unitId!, passed: false };
		person.passed ||= !!s.passed;
		people.set(key, person);
	}
	for (const p of people.values()) {
		const c = of(p.unitId);
		c.takers++;
		if (p.passed) c.passers++;
	}
	return [...out.values()];
}
