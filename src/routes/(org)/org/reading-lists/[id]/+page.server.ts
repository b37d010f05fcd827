import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { optionalText, parseForm } from '$lib/server/forms';
import { readingListOverview, AUDIENCE_LABELS, getReadingList, ITEM_TYPE_LABELS } from '$lib/server/reading-lists/reading-lists';

import { cancelActivity, restoreActivity } from '$lib/server/activities/activities';
import type { Actions, PageServerLoad } from './$types';
import { PROGRESS_LABELS } from '$lib/vocabulary';

const Filter = z.object({ status: z.enum(['all', 'pending', 'done', 'in-progress', 'not-started', 'overdue']).catch('all') });

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const { status } = Filter.parse(Object.fromEntries(event.url.searchParams));
	const overview = await readingListOverview(db, await scopeFor(db, user), Number(event.params.id), status);
	if (!overview) error(404, '学习任务不存在');
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
	const user = requireOrganizer(event);
	const readingList = await getReadingList(db, await scopeFor(db, user), Number(event.params.id));
	if (!readingList) error(404, '学习任务不存在');
	return { user, readingList };
}

const CancelForm = z.object({ reason: optionalText('取消原因', 200) });

export const actions: Actions = {
	cancel: async (event) => {
		const { user, readingList } = await readingListInScope(event);
		const form = parseForm(CancelForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: form.errors.reason ?? '取消原因无效' });
		const result = await cancelActivity(db, readingList.id, user.id, form.data.reason);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '学习任务已取消，不再计入统计，学员首页也不再显示。' };
	},
	restore: async (event) => {
		const { readingList } = await readingListInScope(event);
		const result = await restoreActivity(db, readingList.id);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '学习任务已恢复。' };
	}
};
