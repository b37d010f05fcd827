import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getActivity } from '$lib/server/activities/activities';
import { attendeesOf } from '$lib/server/activities/attendance';
import { photosOf } from '$lib/server/activities/photos';
import { partsOf } from '$lib/server/activities/parts';
import { ATTENDANCE_METHOD_LABELS, PART_PROGRESS_LABELS } from '$lib/vocabulary';
import type { PageServerLoad } from './$types';

// The printable activity record (学习活动记录, a page of the 台账): what, when, where, who spoke, the
// parts, the attendance list and the photos.
export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const activity = await getActivity(db, await scopeFor(db, user), Number(event.params.id));
	if (!activity) error(404, '活动不存在');
	return {
		activity,
		attendees: await attendeesOf(db, activity),
		parts: await partsOf(db, activity),
		photos: await photosOf(db, activity.id),
		methodLabels: ATTENDANCE_METHOD_LABELS,
		progressLabels: PART_PROGRESS_LABELS,
		printedAt: new Date()
	};
};
