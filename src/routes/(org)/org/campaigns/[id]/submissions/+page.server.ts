import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { submissionsPage } from '$lib/server/campaigns/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const page = await submissionsPage(db, await scopeFor(db, user), { campaignId: Number(event.params.id), quarter: event.url.searchParams.get('quarter') });
	if (!page) error(404, '系列活动不存在');
	return page;
};
