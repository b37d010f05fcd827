import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { learnerCollections } from '$lib/server/writings/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { collections: await learnerCollections(db, user) };
};
