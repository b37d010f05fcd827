import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listRegulations } from '$lib/server/content/regulations/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return { regulations: listRegulations(db) };
};
