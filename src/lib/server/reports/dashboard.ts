import type { DB } from '../db/client.ts';
import type { Scope } from '../org/units.ts';
import { defaultUnit } from '../org/scope.ts';
import { listActivities } from '../activities/activities.ts';
import { DAY_MS, localDate } from '../../time.ts';
import { listReadingLists } from '../reading-lists/reading-lists.ts';
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
		upcoming: (await listActivities(db, scope, { from: new Date(now.getTime() - DAY_MS), to: new Date(now.getTime() + 14 * DAY_MS), sources: ['offline'], limit: 10 })).reverse(),
		readingLists: (await listReadingLists(db, scope))
			.filter((a) => a.dueDate >= today)
			.slice(0, 10),
		notices: (await listNotices(db, scope)).slice(0, 5)
	};
}
