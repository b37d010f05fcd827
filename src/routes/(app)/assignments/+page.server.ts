import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { learnerAssignments } from '$lib/server/assignments/learner';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { assignments: learnerAssignments(db, user) };
};
