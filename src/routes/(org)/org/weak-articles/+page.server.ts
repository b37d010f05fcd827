import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { unitOptions } from '$lib/server/org/scope';
import { reportParams } from '$lib/server/reports/params';
import { periodBounds } from '$lib/server/reports/period';
import { weakArticles } from '$lib/server/notebook/weak';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const params = await reportParams(db, scope, event.url.searchParams);
	if (!params.ok && params.status === 404) error(404, params.message);
	const base = { units: await unitOptions(db, scope), period: params.period, unitId: params.unit!.id, unitName: params.unit!.name };
	if (!params.ok) return { ...base, periodError: params.message, articles: [] };
	const { start, end } = periodBounds(params.period);
	return { ...base, periodError: null, articles: await weakArticles(db, { unitPath: params.unit.path, t0: start.getTime(), t1: end.getTime() }) };
};
