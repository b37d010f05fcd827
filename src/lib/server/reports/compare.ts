import { isNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits } from '../db/schema/index.ts';
import { localDate } from '../../time.ts';
import { computeReport, type Figures } from './report.ts';

/** JSON with object keys sorted: the engines return rows in different orders, so keys may be added in another order. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

export type ReportComparison = { unit: string; same: boolean; source: Figures; target: Figures };

/**
 * This year's report for every top-level unit, computed on two databases (after a copy): the
 * figures an office reports must come out the same on either.
 */
export async function compareYearlyReports(source: DB, target: DB, now = new Date()): Promise<ReportComparison[]> {
	const to = localDate(now);
	const from = `${to.slice(0, 4)}-01-01`;
	const roots = await source.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(isNull(orgUnits.parentId)).all();
	const out: ReportComparison[] = [];
	for (const root of roots) {
		const a = await computeReport(source, { unitId: root.id, from, to });
		const b = await computeReport(target, { unitId: root.id, from, to });
		out.push({ unit: root.name, same: canonical(a) === canonical(b), source: a.total, target: b.total });
	}
	return out;
}
