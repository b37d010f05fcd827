import { sql, type SQL } from 'drizzle-orm';
import type { Participant } from '../types.ts';

// Small pieces the adapters share.

/** `(1, 2, 3)` for an IN clause; callers return early on an empty list (`in ()` is not SQL). */
export function inList(ids: number[]): SQL {
	return sql`(${sql.join(
		ids.map((id) => sql`${id}`),
		sql`, `
	)})`;
}

/** Participants grouped by the record they belong to. */
export function groupByRecord<T extends { record_id: number }>(rows: T[], toParticipant: (row: T) => Participant): Map<number, Participant[]> {
	const out = new Map<number, Participant[]>();
	for (const r of rows) {
		const list = out.get(r.record_id) ?? [];
		list.push(toParticipant(r));
		out.set(r.record_id, list);
	}
	return out;
}

/**
 * A title as the reports quote it: one that ends by naming its work in 《》 is quoted by that
 * (观看警示教育片《围猎》 → 《围猎》), one with a 《》 inside is put in “” (“学习《条例》心得体会”),
 * any other is put in 《》 whole.
 */
export function quoted(title: string): string {
	const named = /《[^《》]+》$/.exec(title);
	if (named) return named[0];
	return title.includes('《') ? `“${title}”` : `《${title}》`;
}

/** Times come back from hand-written SQL as numbers on both engines (bigint parsed by the pool). */
export const ms = (v: number | null | undefined): number => Number(v ?? 0);
