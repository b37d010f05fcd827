import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getCollection } from '$lib/server/writings/collections';
import { collectionStandings, piecesOf } from '$lib/server/writings/overview';
import { collectionFileName, collectionXlsx } from '$lib/server/exports/writings';
import { downloadHeaders, XLSX_TYPE } from '$lib/server/exports/csv';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const c = await getCollection(db, await scopeFor(db, user), Number(event.params.id));
	if (!c) error(404, '征集不存在');
	const body = await collectionXlsx(c, await collectionStandings(db, c), await piecesOf(db, c.id));
	return new Response(new Uint8Array(body), { headers: downloadHeaders(collectionFileName(c, 'xlsx'), XLSX_TYPE) });
};
