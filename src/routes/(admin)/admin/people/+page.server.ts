import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { listPeople, ROLE_LABELS } from '$lib/server/people/accounts';
import { unitOptions } from '$lib/server/org/units';
import type { PageServerLoad } from './$types';

// Search parameters come from a GET form and links: anything malformed falls back to the default.
const PeopleQuery = z.object({
	q: z.string().trim().max(100).catch(''),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	status: z.enum(['active', 'disabled', 'all']).catch('all'),
	page: z.coerce.number().int().positive().catch(1)
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const query = PeopleQuery.parse(Object.fromEntries(event.url.searchParams));
	return {
		query,
		people: await listPeople(db, { q: query.q, unitId: query.unit, status: query.status, page: query.page, pageSize: 50 }),
		units: await unitOptions(db),
		roleLabels: ROLE_LABELS
	};
};
