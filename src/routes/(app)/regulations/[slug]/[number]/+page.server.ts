import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getArticle, parseArticleParam } from '$lib/server/content/regulations/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { slug, number: param } = event.params;
	const named = parseArticleParam(param);
	if (!named || !/^[A-Za-z0-9][A-Za-z0-9_.-]*(@[A-Za-z0-9_.-]+)?$/.test(slug)) error(404, '没有找到这一条，请检查法规名称和条号');
	// 第九十八条, 九十八 and 3.1 lead to the one address of the article (and its point).
	if (named.point !== null) redirect(308, `/regulations/${slug}/${named.number}#art-${named.number}-${named.point}`);
	if (param !== String(named.number)) redirect(308, `/regulations/${slug}/${named.number}`);
	const found = await getArticle(db, slug, named.number);
	if (!found) error(404, '没有找到这一条，请检查法规名称和条号');
	return found;
};
