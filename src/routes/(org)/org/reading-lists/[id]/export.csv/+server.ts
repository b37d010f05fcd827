import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { readingListOverview } from '$lib/server/reading-lists/reading-lists';
import { readingListCsv, readingListFileName } from '$lib/server/exports/reading-list';
import { CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// ?status=pending (default): those not done; ?status=all: everyone.
export const GET: RequestHandler = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const pendingOnly = event.url.searchParams.get('status') !== 'all';
	const overview = await readingListOverview(db, scope, Number(event.params.id), pendingOnly ? 'pending' : 'all');
	if (!overview) error(404, '学习任务不存在');
	return new Response(readingListCsv(overview.people), { headers: downloadHeaders(readingListFileName(overview.readingList, pendingOnly, 'csv'), CSV_TYPE) });
};
