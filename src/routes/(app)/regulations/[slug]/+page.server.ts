import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getRegulationText } from '$lib/server/content/regulations/queries';
import { signedEarlierEdition } from '$lib/server/reading/regulations';
import type { PageServerLoad } from './$types';

// Reading the text records nothing: a reading list's regulation is read and signed on ./read.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const text = await getRegulationText(db, event.params.slug);
	if (!text) error(404, '没有找到这部法规，它可能已被移除或链接有误');
	return { ...text, earlierEdition: await signedEarlierEdition(db, user.id, text.regulation.slug) };
};
