import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import { exams } from '../db/schema/index.ts';

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
	// Per person and exam first (did any sitting pass?), then per unit: counted in SQL, so a large
	// exam does not bring every sitting into memory. `case when passed` reads a boolean on both engines.
	const sittings = await selectRows<{ unit_id: number; sittings: number; takers: number; passers: number }>(db, sql`
		select p.unit_id, sum(p.n) as sittings, count(*) as takers, sum(p.passed) as passers
		from (select s.unit_id, count(*) as n, max(case when s.passed then 1 else 0 end) as passed
		      from exam_attempts s
		      where s.closed_at >= ${t0} and s.closed_at < ${t1} and s.unit_id in ${units}
		      group by s.unit_id, s.exam_id, s.user_id) p
		group by p.unit_id`);
	for (const r of sittings) {
		const c = of(Number(r.unit_id));
		c.sittings += Number(r.sittings);
		c.takers += Number(r.takers);
		c.passers += Number(r.passers);
	}
	return [...out.values()];
}
