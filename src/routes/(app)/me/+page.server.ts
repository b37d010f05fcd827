import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { myLearning } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { name: user.name, learning: await myLearning(db, user.id) };
};
