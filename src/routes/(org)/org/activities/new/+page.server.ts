import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { contentOptions, saveActivity } from '$lib/server/activities/activities';
import { unitOptions } from '$lib/server/org/scope';
import { SessionForm } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { OFFLINE_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const { user, scope } = await requireOrganizerScope(event, db);
	return { kinds: OFFLINE_KINDS, units: await unitOptions(db, scope), defaultUnitId: user.orgUnitId, ...await contentOptions(db) };
};

export const actions: Actions = {
	default: formAction((event) => requireOrganizerScope(event, db), SessionForm, async ({ guarded: { user, scope }, data, refuse }) => {
		const result = await saveActivity(db, { scope, actorId: user.id, session: data });
		if (!result.ok) return refuse(result.errors);
		redirect(303, `/org/activities/${result.id}?created=1`);
	})
};
