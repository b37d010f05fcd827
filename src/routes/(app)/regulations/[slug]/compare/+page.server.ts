import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { compareEditions } from '$lib/server/content/regulations/compare';
import { editionsOf, getRegulationText } from '$lib/server/content/regulations/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const text = await getRegulationText(db, event.params.slug);
	if (!text) error(404, '没有找到这部法规');
	const editions = await editionsOf(db, text.regulation.work);
	const self = text.regulation.slug;
	const index = editions.findIndex((e) => e.slug === self);
	const other = event.url.searchParams.get('with') ?? (index > 0 ? editions[index - 1] : editions[index + 1])?.slug;
	if (!other) error(404, '这部法规只有一个版本，没有可以对比的版本');
	const comparison = await compareEditions(db, self, other);
	if (!comparison) error(404, '没有找到要对比的版本');
	return { comparison, editions, self };
};
