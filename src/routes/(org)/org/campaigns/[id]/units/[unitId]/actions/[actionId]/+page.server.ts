import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';
import { cellPage } from '$lib/server/campaigns/pages';
import { linkRecord, unlinkRecord } from '$lib/server/campaigns/links';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_CELL_STATUS_LABELS } from '$lib/vocabulary';
import { LinkForm } from '../../../../../schema';
import type { Actions, PageServerLoad } from './$types';

async function guard(event: RequestEvent) {
	const user = requireOrganizer(event);
	const cell = { campaignId: Number(event.params.id), unitId: Number(event.params.unitId), actionId: Number(event.params.actionId) };
	return { user, scope: await scopeFor(db, user), cell };
}

export const load: PageServerLoad = async (event) => {
	const { scope, cell } = await guard(event);
	const page = await cellPage(db, scope, cell);
	if (!page) error(404, '系列活动不存在');
	return { ...page, statusLabels: CAMPAIGN_CELL_STATUS_LABELS, categoryLabels: CAMPAIGN_ACTION_CATEGORY_LABELS };
};

export const actions: Actions = {
	link: async (event) => {
		const { user, scope, cell } = await guard(event);
		const parsed = parseForm(LinkForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { ok: false, message: '请选择要关联的记录' });
		const result = await linkRecord(db, { scope, actorId: user.id, ...cell, recordId: parsed.data.recordId });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message });
		return { ok: true, message: result.message };
	},
	unlink: async (event) => {
		const { scope, cell } = await guard(event);
		const parsed = parseForm(LinkForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { ok: false, message: '记录无效' });
		const result = await unlinkRecord(db, { scope, ...cell, recordId: parsed.data.recordId });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message });
		return { ok: true, message: result.message };
	}
};
