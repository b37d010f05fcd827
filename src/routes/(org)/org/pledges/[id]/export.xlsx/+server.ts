import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getPledge } from '$lib/server/pledges/pledges';
import { pledgeProgress } from '$lib/server/pledges/progress';
import { pendingOnly, pledgeExportName, pledgeXlsx } from '$lib/server/exports/pledges';
import { downloadHeaders, XLSX_TYPE } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// ?status=all: everyone; otherwise those who have not signed the current version.
export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const pledge = await getPledge(db, await scopeFor(db, user), Number(event.params.id));
	if (!pledge) error(404, '承诺书不存在');
	const pending = event.url.searchParams.get('status') !== 'all';
	const progress = await pledgeProgress(db, pledge);
	const body = await pledgeXlsx(pledge, pending ? pendingOnly(progress) : progress, pending);
	return new Response(new Uint8Array(body), { headers: downloadHeaders(pledgeExportName(pledge, pending, 'xlsx'), XLSX_TYPE) });
};
