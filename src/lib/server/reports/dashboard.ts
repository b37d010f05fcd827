import type { DB } from '../db/client.ts';
import type { Scope } from '../org/units.ts';
import { defaultUnit } from '../activities/scope.ts';
import { listActivities } from '../activities/sessions.ts';
import { DAY_MS, localDate } from '../activities/time.ts';
import { listAssignments } from '../assignments/assignments.ts';
import { listNotices } from '../notices/notices.ts';
import { computeReport } from './report.ts';
import { presetPeriod } from './period.ts';

/** The organizer's start page: this quarter's figures, coming sessions, open reading lists, recent notices. */
export async function organizerDashboard(db: DB, scope: Scope, now = new Date()) {
	const unit = await defaultUnit(db, scope);
	const period = presetPeriod('quarter', now);
	const today = localDate(now);
	return {
		unit: unit ? { id: unit.id, name: unit.name } : null,
		period,
		figures: unit ? (await computeReport(db, { unitId: unit.id, from: period.from, to: period.to })).total : null,
		upcoming: (await listActivities(db, scope, { from: new Date(now.getTime() - DAY_MS), to: new Date(now.getTime() + 14 * DAY_MS), sources: ['session'], limit: 10 })).reverse(),
		assignments: (await listAssignments(db, scope, { now }))
			.filter((a) => a.dueDate >= today)
			.slice(0, 10),
		notices: (await listNotices(db, scope)).slice(0, 5)
	};
}
