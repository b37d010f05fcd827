import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';

import { contentOptions, getActivity, saveActivity } from '$lib/server/activities/activities';
import { unitOptions } from '$lib/server/org/scope';
import { toLocalInput } from '$lib/time';
import { SessionForm } from '../../schema';
import type { Actions, PageServerLoad } from './$types';
import { OFFLINE_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const activity = await getActivity(db, scope, Number(event.params.id));
	if (!activity || activity.source !== 'offline') error(404, '活动不存在');
	return {
		activity: { id: activity.id, title: activity.title, cancelled: !!activity.cancelledAt },
		values: {
			kind: activity.kind,
			title: activity.title,
			unitId: activity.unitId,
			startsAt: toLocalInput(activity.startsAt),
			endsAt: toLocalInput(activity.endsAt),
			place: activity.place,
			speaker: activity.speaker,
			courseId: activity.courseId,
			regulationId: activity.regulationId,
			notes: activity.notes,
			checkinGraceMinutes: activity.checkinGraceMinutes
		},
		kinds: OFFLINE_KINDS,
		units: await unitOptions(db, scope),
		...await contentOptions(db)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
		const parsed = parseForm(SessionForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveActivity(db, { scope: await scopeFor(db, user), actorId: user.id, id: Number(event.params.id), session: parsed.data });
		if (!result.ok && result.status === 404) error(404, '活动不存在');
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/activities/${result.id}?saved=1`);
	}
};
