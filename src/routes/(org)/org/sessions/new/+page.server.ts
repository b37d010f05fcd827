import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';
import { SESSION_KINDS } from '$lib/server/db/schema';
import { contentOptions, saveSession } from '$lib/server/activities/sessions';
import { unitOptions } from '$lib/server/activities/scope';
import { SessionForm } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return { kinds: SESSION_KINDS, units: await unitOptions(db, await scopeFor(db, user)), defaultUnitId: user.orgUnitId, ...await contentOptions(db) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const parsed = parseForm(SessionForm, form);
		const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveSession(db, { scope: await scopeFor(db, user), actorId: user.id, session: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/sessions/${result.id}?created=1`);
	}
};
