import type { DB } from '../db/client.ts';
import type { OrgUnit } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { defaultUnit, unitIfInScope } from '../org/scope.ts';
import { parsePeriod, type Period } from './period.ts';

export type ReportParams = { ok: true; unit: OrgUnit; period: Period } | { ok: false; status: 400 | 404; message: string; unit?: OrgUnit; period: Period };

/**
 * The unit (?unit=, default: the organizer's own unit) and period of a report URL. A unit that
 * does not exist or lies outside the organizer's scope is a 404, so its existence does not leak.
 */
export async function reportParams(db: DB, scope: Scope, params: URLSearchParams, now = new Date()): Promise<ReportParams> {
	const raw = params.get('unit');
	const period = parsePeriod(params, now);
	const id = raw === null || raw === '' ? null : Number(raw);
	const unit = id === null ? await defaultUnit(db, scope) : Number.isInteger(id) && id > 0 ? await unitIfInScope(db, scope, id) : undefined;
	if (!unit) return { ok: false, status: 404, message: '单位不存在', period: period.period };
	if (!period.ok) return { ok: false, status: 400, message: period.message, unit, period: period.period };
	return { ok: true, unit, period: period.period };
}
