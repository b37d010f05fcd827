import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getRegulationText } from '$lib/server/content/regulations/queries';
import { recordRegulationReadBySlug } from '$lib/server/reading-lists/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const text = await getRegulationText(db, event.params.slug);
	if (!text) error(404, '没有找到这部法规，它可能已被移除或链接有误');
	await recordRegulationReadBySlug(db, user, text.regulation.slug); // counts for reading lists that include this text
	return text;
};
