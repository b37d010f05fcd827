import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';

import { assignableContent, getReadingList, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { unitOptions } from '$lib/server/org/scope';
import { ReadingListForm, valuesFromForm, type ReadingListValues } from '../../schema';
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
		courses: a.items.filter((i) => i.type === 'course').map((i) => i.id),
		lessons: a.items.filter((i) => i.type === 'lesson').map((i) => i.id),
		regulations: a.items.filter((i) => i.type === 'regulation').map((i) => i.id)
	};
	return { readingList: { id: a.id, title: a.title, cancelled: !!a.cancelledAt }, kinds: READING_LIST_KINDS, units: await unitOptions(db, scope), content: await assignableContent(db), values };
};

export const actions: Actions = {
	default: formAction(
		(event) => requireOrganizerScope(event, db),
		ReadingListForm,
		async ({ event, guarded: { user, scope }, data, refuse }) => {
			const result = await saveReadingList(db, { scope, actorId: user.id, id: Number(event.params.id), draft: data });
			if (!result.ok && result.status === 404) error(404, '学习任务不存在');
			if (!result.ok) return refuse(result.errors);
			redirect(303, `/org/reading-lists/${result.id}?saved=1`);
		},
		{ values: valuesFromForm }
	)
};
