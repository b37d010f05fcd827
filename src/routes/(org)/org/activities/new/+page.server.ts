import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';

import { contentOptions, saveActivity } from '$lib/server/activities/activities';
import { unitOptions } from '$lib/server/org/scope';
import { SessionForm } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { OFFLINE_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return { kinds: OFFLINE_KINDS, units: await unitOptions(db, await scopeFor(db, user)), defaultUnitId: user.orgUnitId, ...await contentOptions(db) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const parsed = parseForm(SessionForm, form);
		const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveActivity(db, { scope: await scopeFor(db, user), actorId: user.id, session: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/activities/${result.id}?created=1`);
	}
};
