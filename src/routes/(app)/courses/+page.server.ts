import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { courseProgressForUser } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { courses: courseProgressForUser(db, user.id) };
};
