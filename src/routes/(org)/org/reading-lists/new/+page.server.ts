import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';

import { assignableContent, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { unitOptions } from '$lib/server/org/scope';
import { addDays, localDate } from '$lib/time';
import { parseReadingListForm, valuesFromForm, type ReadingListValues } from '../schema';
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
		countEarlier: false,
		courses: [],
		lessons: [],
		regulations: [],
		scopes: {}
	};
	return { kinds: READING_LIST_KINDS, units: await unitOptions(db, scope), content: await assignableContent(db), values };
};

export const actions: Actions = {
	default: async (event) => {
		// The 必读 part of each regulation comes from fields beside the list, so this form is parsed whole.
		const { user, scope } = await requireOrganizerScope(event, db);
		const form = await event.request.formData();
		const values = valuesFromForm(form);
		const parsed = parseReadingListForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveReadingList(db, { scope, actorId: user.id, draft: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/reading-lists/${result.id}?created=1`);
	}
};
