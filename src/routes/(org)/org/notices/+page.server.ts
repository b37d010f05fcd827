import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { listNotices } from '$lib/server/notices/notices';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireOrganizer(event);
	return { notices: listNotices(db, scopeFor(db, user)) };
};
