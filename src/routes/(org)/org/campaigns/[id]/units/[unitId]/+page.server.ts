import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';
import { unitOverview } from '$lib/server/campaigns/pages';
import { parseQuarter, submitQuarter } from '$lib/server/campaigns/submissions';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_CELL_STATUS_LABELS } from '$lib/vocabulary';
import { SubmitForm, formValues } from '../../../schema';
import type { Actions, PageServerLoad } from './$types';

async function guard(event: RequestEvent) {
	const user = requireOrganizer(event);
	return { user, scope: await scopeFor(db, user), campaignId: Number(event.params.id), unitId: Number(event.params.unitId) };
}

export const load: PageServerLoad = async (event) => {
	const { scope, campaignId, unitId } = await guard(event);
	const overview = await unitOverview(db, scope, { campaignId, unitId });
	if (!overview) error(404, '系列活动不存在');
	return { ...overview, statusLabels: CAMPAIGN_CELL_STATUS_LABELS, categoryLabels: CAMPAIGN_ACTION_CATEGORY_LABELS };
};

export const actions: Actions = {
	submit: async (event) => {
		const { user, scope, campaignId, unitId } = await guard(event);
		const form = await event.request.formData();
		const parsed = parseForm(SubmitForm, form);
		const quarter = parsed.ok ? parseQuarter(parsed.data.quarter) : null;
		if (!parsed.ok || !quarter) return fail(400, { ok: false, message: parsed.ok ? '请选择季度' : Object.values(parsed.errors)[0], values: formValues(form) });
		const result = await submitQuarter(db, { scope, actorId: user.id, campaignId, unitId, quarter, note: parsed.data.note });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message, values: formValues(form) });
		return { ok: true, message: '已报送。上级单位可以看到本次报送的数字（报送后记录如有变化，上级也能看到变化之处）。' };
	}
};
