import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { readingListOverview } from '$lib/server/reading-lists/reading-lists';
import { readingListFileName, readingListXlsx } from '$lib/server/exports/reading-list';
import { downloadHeaders, XLSX_TYPE } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// ?status=pending (default): those not done; ?status=all: everyone.
export const GET: RequestHandler = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const pendingOnly = event.url.searchParams.get('status') !== 'all';
	const overview = await readingListOverview(db, scope, Number(event.params.id), pendingOnly ? 'pending' : 'all');
	if (!overview) error(404, '学习任务不存在');
	const body = await readingListXlsx(overview.readingList, overview.people, pendingOnly);
	return new Response(new Uint8Array(body), { headers: downloadHeaders(readingListFileName(overview.readingList, pendingOnly, 'xlsx'), XLSX_TYPE) });
};
