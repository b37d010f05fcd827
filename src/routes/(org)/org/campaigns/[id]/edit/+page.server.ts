import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';
import { campaignEditor } from '$lib/server/campaigns/pages';
import { deleteAction, deleteCampaign, publishCampaign, saveAction, saveCampaign, setResponsibleUnits } from '$lib/server/campaigns/campaigns';
import { ActionForm, ActionIdForm, CampaignForm, UnitsForm, formValues } from '../../schema';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_TARGET_MODE_LABELS } from '$lib/vocabulary';
import type { Actions, PageServerLoad } from './$types';

async function guard(event: RequestEvent) {
	const user = requireOrganizer(event);
	return { user, scope: await scopeFor(db, user), campaignId: Number(event.params.id) };
}

export const load: PageServerLoad = async (event) => {
	const { scope, campaignId } = await guard(event);
	const editor = await campaignEditor(db, scope, campaignId);
	if (!editor) error(404, '系列活动不存在');
	return { ...editor, categoryLabels: CAMPAIGN_ACTION_CATEGORY_LABELS, targetLabels: CAMPAIGN_TARGET_MODE_LABELS, created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
	save: async (event) => {
		const { user, scope, campaignId } = await guard(event);
		const form = await event.request.formData();
		const parsed = parseForm(CampaignForm, form);
		if (!parsed.ok) return fail(400, { form: 'campaign', errors: parsed.errors, values: formValues(form) });
		const result = await saveCampaign(db, { scope, actorId: user.id, id: campaignId, draft: parsed.data });
		if (!result.ok) return fail(result.status, { form: 'campaign', errors: result.errors, values: formValues(form) });
		return { ok: true, message: '方案已保存。' };
	},
	units: async (event) => {
		const { scope, campaignId } = await guard(event);
		const parsed = parseForm(UnitsForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { ok: false, message: '所选单位无效' });
		const result = await setResponsibleUnits(db, { scope, campaignId, unitIds: parsed.data['unitIds[]'] });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message });
		return { ok: true, message: result.message };
	},
	saveAction: async (event) => {
		const { scope, campaignId } = await guard(event);
		const form = await event.request.formData();
		const id = form.get('actionId') ? Number(form.get('actionId')) : undefined;
		const key = id === undefined ? 'new' : String(id);
		const parsed = parseForm(ActionForm, form);
		if (!parsed.ok) return fail(400, { form: `action-${key}`, errors: parsed.errors, values: formValues(form) });
		const result = await saveAction(db, { scope, campaignId, id: Number.isInteger(id) ? id : undefined, draft: parsed.data });
		if (!result.ok) return fail(result.status, { form: `action-${key}`, errors: result.errors, values: formValues(form) });
		return { ok: true, message: `已保存“${parsed.data.title}”。` };
	},
	deleteAction: async (event) => {
		const { scope, campaignId } = await guard(event);
		const parsed = parseForm(ActionIdForm, await event.request.formData());
		if (!parsed.ok) return fail(400, { ok: false, message: '活动项无效' });
		const result = await deleteAction(db, { scope, campaignId, actionId: parsed.data.actionId });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message });
		return { ok: true, message: result.message };
	},
	publish: async (event) => {
		const { scope, campaignId } = await guard(event);
		const result = await publishCampaign(db, { scope, campaignId });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message });
		redirect(303, `/org/campaigns/${campaignId}?published=1`);
	},
	delete: async (event) => {
		const { scope, campaignId } = await guard(event);
		const result = await deleteCampaign(db, { scope, campaignId });
		if (!result.ok) return fail(result.status, { ok: false, message: result.message });
		redirect(303, '/org/campaigns');
	}
};
