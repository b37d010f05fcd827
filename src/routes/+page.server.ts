import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { homeLearning } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	// Organizer work (assignments, notices) adds its own key here, e.g. `tasks: …(db, user)`.
	return {
		name: user.name,
		passwordChanged: event.url.searchParams.get('password') === 'changed',
		learning: homeLearning(db, user.id)
	};
};
