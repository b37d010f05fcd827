import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { reportParams } from '$lib/server/reports/params';
import { reportRecords } from '$lib/server/reports/records';
import { MAX_RECORD_ROWS } from '$lib/server/exports/report';
import { CSV_TYPE, downloadHeaders, toCsv } from '$lib/server/exports/csv';
import { RecordsQuery } from '../query';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok) error(params.status, params.message);
	const q = RecordsQuery.parse(Object.fromEntries(event.url.searchParams));
	const table = await reportRecords(db, { unitId: params.unit.id, from: params.period.from, to: params.period.to, metric: q.metric, row: q.row, kind: q.kind, month: q.month, unreached: !!q.unreached, writingKind: q.writingKind }, { limit: MAX_RECORD_ROWS });
	if (!table) error(404, '单位不存在');
	const name = `${params.unit.name}-${table.title.replace(/[\\/:*?"<>|·\s]+/g, '-')}-${params.period.from}至${params.period.to}.csv`;
	return new Response(toCsv(table.columns, table.rows), { headers: downloadHeaders(name, CSV_TYPE) });
};
