import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';

import { assignableContent, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { unitOptions } from '$lib/server/org/scope';
import { addDays, localDate } from '$lib/time';
import { parseReadingListForm, valuesFromForm, type ReadingListValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { READING_LIST_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
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
	return { kinds: READING_LIST_KINDS, units: await unitOptions(db, await scopeFor(db, user)), content: await assignableContent(db), values };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = valuesFromForm(form);
		const parsed = parseReadingListForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveReadingList(db, { scope: await scopeFor(db, user), actorId: user.id, draft: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/reading-lists/${result.id}?created=1`);
	}
};
