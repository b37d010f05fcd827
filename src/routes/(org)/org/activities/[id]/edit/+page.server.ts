import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { contentOptions, getActivity, saveActivity } from '$lib/server/activities/activities';
import { unitOptions } from '$lib/server/org/scope';
import { toLocalInput } from '$lib/time';
import { SessionForm } from '../../schema';
import type { Actions, PageServerLoad } from './$types';
import { OFFLINE_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const activity = foundInScope(await getActivity(db, scope, Number(event.params.id)), '活动不存在');
	if (activity.source !== 'offline') error(404, '活动不存在');
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
	default: formAction((event) => requireOrganizerScope(event, db), SessionForm, async ({ event, guarded: { user, scope }, data, refuse }) => {
		const result = await saveActivity(db, { scope, actorId: user.id, id: Number(event.params.id), session: data });
		if (!result.ok && result.status === 404) error(404, '活动不存在');
		if (!result.ok) return refuse(result.errors);
		redirect(303, `/org/activities/${result.id}?saved=1`);
	})
};
