import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { idField, optionalText, parseForm } from '$lib/server/forms';
import { cancelActivity, getActivity, restoreActivity } from '$lib/server/activities/activities';
import { attendeesOf, membersForTicking, removeAttendance, saveTickedAttendance } from '$lib/server/activities/attendance';
import { checkinState, checkinWindow, regenerateCheckinToken } from '$lib/server/activities/checkin';
import type { Actions, PageServerLoad } from './$types';
import { ATTENDANCE_METHOD_LABELS } from '$lib/vocabulary';

/** The activity behind the URL, or 404 when it does not exist or lies outside the organizer's scope. */
async function activityInScope(event: RequestEvent) {
	const user = requireOrganizer(event);
	const activity = await getActivity(db, await scopeFor(db, user), Number(event.params.id));
	if (!activity) error(404, '活动不存在');
	return { user, activity };
}

export const load: PageServerLoad = async (event) => {
	const { activity } = await activityInScope(event);
	if (activity.source === 'reading-list') redirect(303, `/org/reading-lists/${activity.id}`);
	const now = new Date();
	return {
		activity,
		window: checkinWindow(activity),
		checkinState: checkinState(activity, now),
		attendees: await attendeesOf(db, activity),
		members: activity.source === 'offline' && !activity.cancelledAt ? await membersForTicking(db, activity) : [],
		methodLabels: ATTENDANCE_METHOD_LABELS,
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved')
	};
};

const TickForm = z.object({ 'listed[]': z.array(idField('人员')).default([]), 'ticked[]': z.array(idField('人员')).default([]) });
const RemoveForm = z.object({ userId: idField('人员') });
const CancelForm = z.object({ reason: optionalText('取消原因', 200) });

export const actions: Actions = {
	tick: async (event) => {
		const { user, activity } = await activityInScope(event);
		const form = parseForm(TickForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: '提交的名单有误，请刷新页面后重试' });
		const result = await saveTickedAttendance(db, { activityId: activity.id, actorId: user.id, listed: form.data['listed[]'], ticked: form.data['ticked[]'] });
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: `已保存签到名单：新增 ${result.added} 人，移除 ${result.removed} 人。` };
	},
	remove: async (event) => {
		const { activity } = await activityInScope(event);
		const form = parseForm(RemoveForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: '人员无效' });
		const result = await removeAttendance(db, activity.id, form.data.userId);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '已移除该签到记录。' };
	},
	cancel: async (event) => {
		const { user, activity } = await activityInScope(event);
		const form = parseForm(CancelForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: form.errors.reason ?? '取消原因无效' });
		const result = await cancelActivity(db, activity.id, user.id, form.data.reason);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '活动已取消，不再计入统计。' };
	},
	restore: async (event) => {
		const { activity } = await activityInScope(event);
		const result = await restoreActivity(db, activity.id);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '活动已恢复，重新计入统计。' };
	},
	newCode: async (event) => {
		const { activity } = await activityInScope(event);
		if (activity.source !== 'offline') return fail(400, { ok: false, message: '此活动没有签到二维码' });
		await regenerateCheckinToken(db, activity.id);
		return { ok: true, message: '已更换签到二维码，旧二维码立即失效。' };
	}
};
