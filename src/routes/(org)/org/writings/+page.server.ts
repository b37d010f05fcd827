import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { listCollections } from '$lib/server/writings/collections';
import { collectionStandings, standingCounts } from '$lib/server/writings/overview';
import { localDate } from '$lib/time';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const collections = [];
	for (const c of await listCollections(db, await scopeFor(db, user))) collections.push({ ...c, counts: standingCounts(await collectionStandings(db, c)).all });
	return { collections, today: localDate(new Date()) };
};
