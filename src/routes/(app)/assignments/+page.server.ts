import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { learnerAssignments } from '$lib/server/assignments/learner';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { assignments: await learnerAssignments(db, user) };
};
