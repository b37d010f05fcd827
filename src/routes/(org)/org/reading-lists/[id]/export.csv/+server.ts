import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { readingListOverview } from '$lib/server/reading-lists/reading-lists';
import { readingListCsv, readingListFileName } from '$lib/server/exports/reading-list';
import { CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// ?status=pending (default): those not done; ?status=all: everyone.
export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const pendingOnly = event.url.searchParams.get('status') !== 'all';
	const overview = await readingListOverview(db, await scopeFor(db, user), Number(event.params.id), pendingOnly ? 'pending' : 'all');
	if (!overview) error(404, '学习任务不存在');
	return new Response(readingListCsv(overview.people), { headers: downloadHeaders(readingListFileName(overview.readingList, pendingOnly, 'csv'), CSV_TYPE) });
};
