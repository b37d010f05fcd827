import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { reportParams } from '$lib/server/reports/params';
import { computeReport } from '$lib/server/reports/report';
import { reportCsv, reportFileName } from '$lib/server/exports/report';
import { CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok) error(params.status, params.message);
	const report = await computeReport(db, { unitId: params.unit.id, from: params.period.from, to: params.period.to });
	return new Response(reportCsv(report), { headers: downloadHeaders(reportFileName(report, 'csv'), CSV_TYPE) });
};
