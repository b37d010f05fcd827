import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { unitOptions } from '$lib/server/org/scope';
import { computeReport } from '$lib/server/reports/report';
import { draftSummary } from '$lib/server/reports/summary';
import { reportParams } from '$lib/server/reports/params';
import { periodQuery } from '$lib/server/reports/period';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok && params.status === 404) error(404, params.message);
	const base = { units: await unitOptions(db, scope), period: params.period, unitId: params.unit!.id };
	if (!params.ok) return { ...base, periodError: params.message, report: null, summary: '', query: '' };
	const report = await computeReport(db, { unitId: params.unit.id, from: params.period.from, to: params.period.to });
	return { ...base, periodError: null, report, summary: draftSummary(report), query: periodQuery(params.unit.id, params.period) };
};
