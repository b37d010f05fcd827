import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { saveCampaign } from '$lib/server/campaigns/campaigns';
import { localDate } from '$lib/time';
import { CampaignForm, formValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const year = localDate(new Date()).slice(0, 4);
	return {
		units: await unitOptions(db, await scopeFor(db, user)),
		values: { unitId: String(user.orgUnitId), startDate: localDate(new Date()), endDate: `${year}-12-31` } as Record<string, string>
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = formValues(form);
		const parsed = parseForm(CampaignForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveCampaign(db, { scope: await scopeFor(db, user), actorId: user.id, draft: parsed.data });
		if (!result.ok) return fail(result.status, { errors: result.errors, values });
		redirect(303, `/org/campaigns/${result.id}/edit?created=1`);
	}
};
