import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { organizerDashboard } from '$lib/server/reports/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireOrganizer(event);
	return organizerDashboard(db, scopeFor(db, user));
};
