import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { optionalText, parseForm } from '$lib/server/forms';
import { assignmentOverview, AUDIENCE_LABELS, getAssignment, ITEM_TYPE_LABELS } from '$lib/server/assignments/assignments';
import { STATUS_LABELS } from '$lib/server/assignments/progress';
import { cancelActivity, restoreActivity } from '$lib/server/activities/sessions';
import type { Actions, PageServerLoad } from './$types';

const Filter = z.object({ status: z.enum(['all', 'pending', 'done', 'in-progress', 'not-started', 'overdue']).catch('all') });

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const { status } = Filter.parse(Object.fromEntries(event.url.searchParams));
	const overview = await assignmentOverview(db, await scopeFor(db, user), Number(event.params.id), status);
	if (!overview) error(404, '学习任务不存在');
	return {
		...overview,
		status,
		statusLabels: STATUS_LABELS,
		audienceLabels: AUDIENCE_LABELS,
		itemTypeLabels: ITEM_TYPE_LABELS,
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved')
	};
};

/** The reading list behind the URL, or 404 when it does not exist or lies outside the scope. */
async function assignmentInScope(event: RequestEvent) {
	const user = requireOrganizer(event);
	const assignment = await getAssignment(db, await scopeFor(db, user), Number(event.params.id));
	if (!assignment) error(404, '学习任务不存在');
	return { user, assignment };
}

const CancelForm = z.object({ reason: optionalText('取消原因', 200) });

export const actions: Actions = {
	cancel: async (event) => {
		const { user, assignment } = await assignmentInScope(event);
		const form = parseForm(CancelForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: form.errors.reason ?? '取消原因无效' });
		const result = await cancelActivity(db, assignment.id, user.id, form.data.reason);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '学习任务已取消，不再计入统计，学员首页也不再显示。' };
	},
	restore: async (event) => {
		const { assignment } = await assignmentInScope(event);
		const result = await restoreActivity(db, assignment.id);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '学习任务已恢复。' };
	}
};
