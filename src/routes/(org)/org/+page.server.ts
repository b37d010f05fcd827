import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { organizerDashboard } from '$lib/server/reports/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	return await organizerDashboard(db, scope);
};
