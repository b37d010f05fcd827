import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { submissionDetail, quarterLabel } from '$lib/server/campaigns/submissions';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_CELL_STATUS_LABELS } from '$lib/vocabulary';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const detail = await submissionDetail(db, await scopeFor(db, user), { campaignId: Number(event.params.id), submissionId: Number(event.params.sid) });
	if (!detail) error(404, '报送记录不存在');
	return { ...detail, campaignId: Number(event.params.id), quarterLabel: quarterLabel(detail.submission), statusLabels: CAMPAIGN_CELL_STATUS_LABELS, categoryLabels: CAMPAIGN_ACTION_CATEGORY_LABELS };
};
