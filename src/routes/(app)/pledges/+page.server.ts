import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { learnerPledges } from '$lib/server/pledges/learner';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { pledges: await learnerPledges(db, user) };
};
