import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { savePledge } from '$lib/server/pledges/pledges';
import { creationFromUrl, parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import { PLEDGE_KINDS } from '$lib/vocabulary';
import { addDays, localDate } from '$lib/time';
import { PledgeForm, pledgeValuesFromForm, type PledgeValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const link = await creationFromUrl(db, scope, event.url, ['pledge']);
	if (link === undefined) error(404, '系列活动不存在');
	const values: PledgeValues = { kind: PLEDGE_KINDS.find((k) => k === link?.subKind) ?? '承诺书', title: link?.actionTitle ?? '', unitId: link?.unitId ?? user.orgUnitId, audience: 'all', people: '', letters: '', dueDate: addDays(localDate(new Date()), 14), minReadSeconds: '', body: '' };
	return { units: await unitOptions(db, scope), values, link };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = pledgeValuesFromForm(form);
		const parsed = parseForm(PledgeForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const scope = await scopeFor(db, user);
		const result = await saveWithCampaignLink(db, { scope, actorId: user.id, kind: 'pledge', link: parseCampaignLink(form.get('campaignLink')) }, (tx) => savePledge(tx, { scope, actorId: user.id, draft: parsed.data }), (r) => (r.ok ? r.id : 0));
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/pledges/${result.id}?created=1`);
	}
};
