import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getCollection } from '$lib/server/writings/collections';
import { piecesOf } from '$lib/server/writings/overview';
import { collectionFileName, collectionZip } from '$lib/server/exports/writings';
import { downloadHeaders } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

// Every piece handed in (drafts stay private), one folder each.
export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const c = await getCollection(db, await scopeFor(db, user), Number(event.params.id));
	if (!c) error(404, '征集不存在');
	return new Response(await collectionZip(db, await piecesOf(db, c.id)), { headers: { ...downloadHeaders(collectionFileName(c, 'zip'), 'application/zip'), 'x-content-type-options': 'nosniff' } });
};
