import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { courseDetailForUser } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const course = await courseDetailForUser(db, { userId: user.id, courseSlug: event.params.slug });
	if (!course) error(404, '没有找到这门课程');
	return { course };
};
