import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getPledge } from '$lib/server/pledges/pledges';
import { pledgeProgress } from '$lib/server/pledges/progress';
import { pendingOnly, pledgeCsv, pledgeExportName } from '$lib/server/exports/pledges';
import { CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// ?status=all: everyone; otherwise those who have not signed the current version.
export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const pledge = await getPledge(db, await scopeFor(db, user), Number(event.params.id));
	if (!pledge) error(404, '承诺书不存在');
	const pending = event.url.searchParams.get('status') !== 'all';
	const progress = await pledgeProgress(db, pledge);
	return new Response(pledgeCsv(pending ? pendingOnly(progress) : progress), { headers: downloadHeaders(pledgeExportName(pledge, pending, 'csv'), CSV_TYPE) });
};
