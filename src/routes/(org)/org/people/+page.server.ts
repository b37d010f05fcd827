import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { listPeople } from '$lib/server/people/accounts';
import { unitOptions } from '$lib/server/org/units';
import type { PageServerLoad } from './$types';

// Search parameters come from a GET form and links: anything malformed falls back to the default.
const MembersQuery = z.object({
	q: z.string().trim().max(100).catch(''),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	page: z.coerce.number().int().positive().catch(1)
});

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const query = MembersQuery.parse(Object.fromEntries(event.url.searchParams));
	return {
		query,
		// The scope is always applied; a unit filter from outside it simply matches nobody.
		people: await listPeople(db, { scope, q: query.q, unitId: query.unit, status: 'active', page: query.page, pageSize: 50 }),
		units: await unitOptions(db, scope)
	};
};
