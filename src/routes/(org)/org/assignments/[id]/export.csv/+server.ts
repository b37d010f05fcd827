import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { assignmentOverview } from '$lib/server/assignments/assignments';
import { assignmentCsv, assignmentFileName } from '$lib/server/exports/assignment';
import { CSV_TYPE, downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// ?status=pending (default): those not done; ?status=all: everyone.
export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const pendingOnly = event.url.searchParams.get('status') !== 'all';
	const overview = await assignmentOverview(db, await scopeFor(db, user), Number(event.params.id), pendingOnly ? 'pending' : 'all');
	if (!overview) error(404, '学习任务不存在');
	return new Response(assignmentCsv(overview.people), { headers: downloadHeaders(assignmentFileName(overview.assignment, pendingOnly, 'csv'), CSV_TYPE) });
};
