import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';

import { assignableContent, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { unitOptions } from '$lib/server/org/scope';
import { addDays, localDate } from '$lib/time';
import { ReadingListForm, valuesFromForm, type ReadingListValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { READING_LIST_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const { user, scope } = await requireOrganizerScope(event, db);
	const today = localDate(new Date());
	const values: ReadingListValues = {
		kind: '读书思廉',
		title: '',
		unitId: user.orgUnitId,
		audience: 'all',
		people: '',
		startDate: today,
		dueDate: addDays(today, 30),
		note: '',
		courses: [],
		lessons: [],
		regulations: []
	};
	return { kinds: READING_LIST_KINDS, units: await unitOptions(db, scope), content: await assignableContent(db), values };
};

export const actions: Actions = {
	default: formAction(
		(event) => requireOrganizerScope(event, db),
		ReadingListForm,
		async ({ guarded: { user, scope }, data, refuse }) => {
			const result = await saveReadingList(db, { scope, actorId: user.id, draft: data });
			if (!result.ok) return refuse(result.errors);
			redirect(303, `/org/reading-lists/${result.id}?created=1`);
		},
		{ values: valuesFromForm }
	)
};
