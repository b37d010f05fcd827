import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import type { PledgeKind, WritingKind } from '../../vocabulary.ts';

// Pledges signed (份) and writings received, for the report. Each is the person's own act, so it
// counts for the unit the person belonged to when they did it (kept on the row), in the period in
// which it happened:
//   - 承诺书: one 份 per person and pledge, at their first signature (a re-signature of a revised
//     text is the same 份, not another);
//   - 责任书: one 份 per letter, when both parties have signed the same version (the later of the
//     two signatures), counted for 乙方's unit;
//   - writings: one piece per submission handed in and not withdrawn or returned (待审阅 or 已采纳),
//     at its latest hand-in, by the kind of its collection.
// The figures (pledgeWritingCounts) and the records behind them (pledgeCopyRows, writingRows)
// share these conditions.

const greatest = (a: string, b: string) => sql.raw(`(case when ${a}.signed_at > ${b}.signed_at then ${a}.signed_at else ${b}.signed_at end)`);

/** 承诺书 copies: each person's first signature of a pledge. */
export function commitmentCopies(units: SQL, t0: number, t1: number): SQL {
	return sql`
		select s.id, s.unit_id, s.pledge_id, s.version_id, s.user_id, s.signed_at as at
		from pledge_signatures s
		where s.letter_key = 0 and s.signed_at >= ${t0} and s.signed_at < ${t1} and s.unit_id in ${units}
		  and not exists (select 1 from pledge_signatures e
		                  where e.pledge_id = s.pledge_id and e.user_id = s.user_id and e.letter_key = 0
		                    and (e.signed_at < s.signed_at or (e.signed_at = s.signed_at and e.id < s.id)))`;
}

/** 责任书 letters: the first version both parties signed, when the second of them signed it. */
export function letterCopies(units: SQL, t0: number, t1: number): SQL {
	const done = greatest('a', 'b');
	const done2 = greatest('a2', 'b2');
	return sql`
		select b.id, b.unit_id, b.pledge_id, b.version_id, b.user_id, ${done} as at
		from pledge_signatures b
		join pledge_signatures a on a.letter_key = b.letter_key and a.version_id = b.version_id and a.side = 'first'
		where b.side = 'second' and b.letter_key <> 0 and ${done} >= ${t0} and ${done} < ${t1} and b.unit_id in ${units}
		  and not exists (select 1 from pledge_signatures b2
		                  join pledge_signatures a2 on a2.letter_key = b2.letter_key and a2.version_id = b2.version_id and a2.side = 'first'
		                  where b2.side = 'second' and b2.letter_key = b.letter_key
		                    and (${done2} < ${done} or (${done2} = ${done} and b2.version_id < b.version_id)))`;
}

/** Pieces handed in during the period (latest hand-in), not withdrawn or returned. */
export function writingCondition(units: SQL, t0: number, t1: number): SQL {
	return sql`w.status in ('submitted', 'accepted') and w.submitted_at >= ${t0} and w.submitted_at < ${t1} and w.unit_id in ${units}`;
}

export type PledgeWritingCount = { unitId: number; pledges: Partial<Record<PledgeKind, number>>; writings: Partial<Record<WritingKind, number>> };

/** Per unit of the subtree: 承诺书 and 责任书 signed (份), and pieces received by kind. */
export async function pledgeWritingCounts(db: DB, units: SQL, t0: number, t1: number): Promise<PledgeWritingCount[]> {
	const out = new Map<number, PledgeWritingCount>();
	const of = (unitId: number) => {
		let c = out.get(unitId);
		if (!c) out.set(unitId, (c = { unitId, pledges: {}, writings: {} }));
		return c;
	};
	for (const [kind, copies] of [
		['承诺书', commitmentCopies(units, t0, t1)],
		['责任书', letterCopies(units, t0, t1)]
	] as const) {
		for (const r of await selectRows<{ unit_id: number; n: number }>(db, sql`select x.unit_id, count(*) as n from (${copies}) x group by x.unit_id`)) {
			of(r.unit_id).pledges[kind] = r.n;
		}
	}
	for (const r of await selectRows<{ unit_id: number; kind: WritingKind; n: number }>(db, sql`
		select w.unit_id, c.kind, count(*) as n
		from writing_submissions w join writing_collections c on c.id = w.collection_id
		where ${writingCondition(units, t0, t1)}
		group by w.unit_id, c.kind`)) {
		of(r.unit_id).writings[r.kind] = r.n;
	}
	return [...out.values()];
}
