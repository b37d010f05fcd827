import { type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction, optionalText } from '$lib/server/forms';
import { readingListOverview, AUDIENCE_LABELS, getReadingList, ITEM_TYPE_LABELS } from '$lib/server/reading-lists/reading-lists';

import { cancelActivity, restoreActivity } from '$lib/server/activities/activities';
import type { Actions, PageServerLoad } from './$types';
import { PROGRESS_LABELS } from '$lib/vocabulary';

const Filter = z.object({ status: z.enum(['all', 'pending', 'done', 'in-progress', 'not-started', 'overdue']).catch('all') });

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const { status } = Filter.parse(Object.fromEntries(event.url.searchParams));
	const overview = foundInScope(await readingListOverview(db, scope, Number(event.params.id), status), '学习任务不存在');
	return {
		...overview,
		status,
		statusLabels: PROGRESS_LABELS,
		audienceLabels: AUDIENCE_LABELS,
		itemTypeLabels: ITEM_TYPE_LABELS,
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved')
	};
};

/** The reading list behind the URL, or 404 when it does not exist or lies outside the scope. */
async function readingListInScope(event: RequestEvent) {
	const { user, scope } = await requireOrganizerScope(event, db);
	const readingList = foundInScope(await getReadingList(db, scope, Number(event.params.id)), '学习任务不存在');
	return { user, readingList };
}

const CancelForm = z.object({ reason: optionalText('取消原因', 200) });
const NoFields = z.object({});

export const actions: Actions = {
	cancel: formAction(readingListInScope, CancelForm, async ({ guarded: { user, readingList }, data, refuse }) => {
		const result = await cancelActivity(db, readingList.id, user.id, data.reason);
		if (!result.ok) return refuse(result.message);
		return { message: '学习任务已取消，不再计入统计，学员首页也不再显示。' };
	}),
	restore: formAction(readingListInScope, NoFields, async ({ guarded: { readingList }, refuse }) => {
		const result = await restoreActivity(db, readingList.id);
		if (!result.ok) return refuse(result.message);
		return { message: '学习任务已恢复。' };
	})
};
