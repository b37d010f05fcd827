import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { unitOptions } from '$lib/server/org/scope';
import { reportParams } from '$lib/server/reports/params';
import { periodQuery } from '$lib/server/reports/period';
import { RECORD_TITLES, RECORD_METRICS } from '$lib/server/reports/records';
import { listReadingLists } from '$lib/server/reading-lists/reading-lists';
import type { PageServerLoad } from './$types';

// One place for every download: the report (Excel, CSV), each kind of record, reading-list names.
export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok && params.status === 404) error(404, params.message);
	return {
		units: await unitOptions(db, scope),
		unitId: params.unit!.id,
		period: params.period,
		periodError: params.ok ? null : params.message,
		query: params.ok ? periodQuery(params.unit.id, params.period) : null,
		records: RECORD_METRICS.map((m) => ({ metric: m, title: RECORD_TITLES[m] })),
		readingLists: (await listReadingLists(db, scope)).map((a) => ({ id: a.id, title: a.title, dueDate: a.dueDate, pending: a.targetCount - a.doneCount }))
	};
};
