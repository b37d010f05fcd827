import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { search } from '$lib/server/content/search/search';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	return { q, result: q.trim() ? await search(db, q, user.role) : null };
};
