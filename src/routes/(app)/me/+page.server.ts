import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { myLearning } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { name: user.name, learning: myLearning(db, user.id) };
};
