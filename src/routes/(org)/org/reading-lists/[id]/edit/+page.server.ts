import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';

import { assignableContent, getReadingList, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { unitOptions } from '$lib/server/org/scope';
import { parseReadingListForm, valuesFromForm, type ReadingListValues } from '../../schema';
import type { Actions, PageServerLoad } from './$types';
import { READING_LIST_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const a = await getReadingList(db, scope, Number(event.params.id));
	if (!a) error(404, '学习任务不存在');
	const values: ReadingListValues = {
		kind: a.kind,
		title: a.title,
		unitId: a.unitId,
		audience: a.audience,
		people: a.people.map((p) => p.username).join('\n'),
		startDate: a.startDate,
		dueDate: a.dueDate,
		note: a.note,
		countEarlier: a.countEarlier,
		courses: a.items.filter((i) => i.type === 'course').map((i) => i.id),
		lessons: a.items.filter((i) => i.type === 'lesson').map((i) => i.id),
		regulations: a.items.filter((i) => i.type === 'regulation').map((i) => i.id),
		scopes: Object.fromEntries(a.items.filter((i) => i.type === 'regulation').map((i) => [i.id, i.scope]))
	};
	return { readingList: { id: a.id, title: a.title, cancelled: !!a.cancelledAt }, kinds: READING_LIST_KINDS, units: await unitOptions(db, scope), content: await assignableContent(db), values };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = valuesFromForm(form);
		const parsed = parseReadingListForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveReadingList(db, { scope: await scopeFor(db, user), actorId: user.id, id: Number(event.params.id), draft: parsed.data });
		if (!result.ok && result.status === 404) error(404, '学习任务不存在');
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/reading-lists/${result.id}?saved=1`);
	}
};
