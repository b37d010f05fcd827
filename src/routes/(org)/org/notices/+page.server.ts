import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { listNotices } from '$lib/server/notices/notices';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	return { notices: await listNotices(db, scope) };
};
