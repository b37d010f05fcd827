import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { listCampaigns } from '$lib/server/campaigns/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return { campaigns: await listCampaigns(db, await scopeFor(db, user)) };
};
