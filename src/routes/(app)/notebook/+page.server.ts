import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { notebookOverview } from '$lib/server/notebook/notebook';
import { appClock } from '$lib/server/clock';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return await notebookOverview(db, user.id, appClock.now());
};
