import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { savePledge } from '$lib/server/pledges/pledges';
import { addDays, localDate } from '$lib/time';
import { PledgeForm, pledgeValuesFromForm, type PledgeValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const values: PledgeValues = { kind: '承诺书', title: '', unitId: user.orgUnitId, audience: 'all', people: '', letters: '', dueDate: addDays(localDate(new Date()), 14), minReadSeconds: '', body: '' };
	return { units: await unitOptions(db, await scopeFor(db, user)), values };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = pledgeValuesFromForm(form);
		const parsed = parseForm(PledgeForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await savePledge(db, { scope: await scopeFor(db, user), actorId: user.id, draft: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/pledges/${result.id}?created=1`);
	}
};
