import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';
import { discardSummary, saveSummary, summaryTarget, summaryView } from '$lib/server/campaigns/summary';
import { SummaryForm } from '../../schema';
import type { Actions, PageServerLoad } from './$types';

/** The whole subtree's summary, for the campaign's managers; 404 for anyone else. */
async function target(event: RequestEvent) {
	const user = requireOrganizer(event);
	const t = await summaryTarget(db, await scopeFor(db, user), { campaignId: Number(event.params.id), unitId: null });
	if (!t) error(404, '系列活动不存在');
	return { user, t };
}

export const load: PageServerLoad = async (event) => {
	const { t } = await target(event);
	return { campaign: { id: t.access.campaign.id, title: t.access.campaign.title }, view: await summaryView(db, t) };
};

export const actions: Actions = {
	save: async (event) => {
		const { user, t } = await target(event);
		const parsed = parseForm(SummaryForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { ok: false, message: parsed.errors.body ?? '总结内容无效' });
		await saveSummary(db, t, { actorId: user.id, body: parsed.data.body });
		return { ok: true, message: '草稿已保存。' };
	},
	discard: async (event) => {
		const { t } = await target(event);
		await discardSummary(db, t);
		return { ok: true, message: '已按最新记录重新生成。' };
	}
};
