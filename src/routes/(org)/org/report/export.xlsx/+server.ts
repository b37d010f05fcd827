import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { reportParams } from '$lib/server/reports/params';
import { computeReport } from '$lib/server/reports/report';
import { reportFileName, reportXlsx } from '$lib/server/exports/report';
import { downloadHeaders, XLSX_TYPE } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok) error(params.status, params.message);
	const report = await computeReport(db, { unitId: params.unit.id, from: params.period.from, to: params.period.to });
	const body = await reportXlsx(db, report);
	return new Response(new Uint8Array(body), { headers: downloadHeaders(reportFileName(report, 'xlsx'), XLSX_TYPE) });
};
