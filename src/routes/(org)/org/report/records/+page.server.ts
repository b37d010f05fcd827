import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { reportParams } from '$lib/server/reports/params';
import { periodQuery } from '$lib/server/reports/period';
import { reportRecords } from '$lib/server/reports/records';
import { RecordsQuery } from '../query';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok) error(params.status, params.message);
	const q = RecordsQuery.parse(Object.fromEntries(event.url.searchParams));
	const query = { unitId: params.unit.id, from: params.period.from, to: params.period.to, metric: q.metric, row: q.row, kind: q.kind, month: q.month, unreached: !!q.unreached, writingKind: q.writingKind };
	const table = await reportRecords(db, query, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
	if (!table) error(404, '单位不存在');
	return {
		table,
		unit: { id: params.unit.id, name: params.unit.name },
		period: params.period,
		page: q.page,
		pages: Math.max(1, Math.ceil(table.total / PAGE_SIZE)),
		reportQuery: periodQuery(params.unit.id, params.period),
		search: event.url.searchParams.toString()
	};
};
