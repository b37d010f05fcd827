import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { campaignOverview } from '$lib/server/campaigns/pages';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_CELL_STATUS_LABELS } from '$lib/vocabulary';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const overview = await campaignOverview(db, await scopeFor(db, user), Number(event.params.id));
	if (!overview) error(404, '系列活动不存在');
	return { ...overview, statusLabels: CAMPAIGN_CELL_STATUS_LABELS, categoryLabels: CAMPAIGN_ACTION_CATEGORY_LABELS, published: event.url.searchParams.has('published') };
};
