import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';

import { assignableContent, getReadingList, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { unitOptions } from '$lib/server/org/scope';
import { parseReadingListForm, valuesFromForm, type ReadingListValues } from '../../schema';
import type { Actions, PageServerLoad } from './$types';
import { READING_LIST_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const a = foundInScope(await getReadingList(db, scope, Number(event.params.id)), '学习任务不存在');
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
		// The 必读 part of each regulation comes from fields beside the list, so this form is parsed whole.
		const { user, scope } = await requireOrganizerScope(event, db);
		const form = await event.request.formData();
		const values = valuesFromForm(form);
		const parsed = parseReadingListForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveReadingList(db, { scope, actorId: user.id, id: Number(event.params.id), draft: parsed.data });
		if (!result.ok && result.status === 404) error(404, '学习任务不存在');
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/reading-lists/${result.id}?saved=1`);
	}
};
