import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { adminOverview } from '$lib/server/admin/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { overview: await adminOverview(db) };
};
