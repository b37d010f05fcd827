import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { reportParams } from '$lib/server/reports/params';
import { computeReport } from '$lib/server/reports/report';
import { reportCsv, reportFileName } from '$lib/server/exports/report';
import { CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const params = await reportParams(db, await scopeFor(db, user), event.url.searchParams);
	if (!params.ok) error(params.status, params.message);
	const report = await computeReport(db, { unitId: params.unit.id, from: params.period.from, to: params.period.to });
	return new Response(reportCsv(report), { headers: downloadHeaders(reportFileName(report, 'csv'), CSV_TYPE) });
};
