import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listRegulations } from '$lib/server/content/regulations/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	return { regulations: await listRegulations(db) };
};
