import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getArticle } from '$lib/server/content/regulations/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const number = /^[1-9][0-9]{0,3}$/.test(event.params.number) ? Number(event.params.number) : null;
	const found = number === null ? null : await getArticle(db, event.params.slug, number);
	if (!found) error(404, '没有找到这一条，请检查法规名称和条号');
	return found;
};
