import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';
import { discardSummary, saveSummary, summaryTarget, summaryView } from '$lib/server/campaigns/summary';
import { SummaryForm } from './schema';

// The drafted 工作总结 pages: one for a unit (unitId from the URL), one for the whole subtree
// (unitId null, for the campaign's managers). Same guard, load and actions for both.

type UnitOf = (event: RequestEvent) => number | null;

/** The summary the organizer may see and edit, or 404. */
async function target(event: RequestEvent, unitOf: UnitOf) {
	const user = requireOrganizer(event);
	const t = await summaryTarget(db, await scopeFor(db, user), { campaignId: Number(event.params.id), unitId: unitOf(event) });
	if (!t) error(404, '系列活动不存在');
	return { user, t };
}

export async function loadSummary(event: RequestEvent, unitOf: UnitOf) {
	const { t } = await target(event, unitOf);
	return { campaign: { id: t.access.campaign.id, title: t.access.campaign.title }, unit: t.unit, view: await summaryView(db, t) };
}

export function summaryActions(unitOf: UnitOf) {
	return {
		save: async (event: RequestEvent) => {
			const { user, t } = await target(event, unitOf);
			const parsed = parseForm(SummaryForm, await event.request.formData());
			if (!parsed.ok) return fail(400, { ok: false, message: parsed.errors.body ?? '总结内容无效' });
			await saveSummary(db, t, { actorId: user.id, body: parsed.data.body });
			return { ok: true, message: '草稿已保存。' };
		},
		discard: async (event: RequestEvent) => {
			const { t } = await target(event, unitOf);
			await discardSummary(db, t);
			return { ok: true, message: '已按最新记录重新生成。' };
		}
	};
}
