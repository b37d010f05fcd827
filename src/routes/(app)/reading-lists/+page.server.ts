import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { learnerReadingLists } from '$lib/server/reading-lists/learner';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { readingLists: await learnerReadingLists(db, user) };
};
