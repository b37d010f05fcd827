import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { courseProgressForUser } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { courses: await courseProgressForUser(db, user.id) };
};
