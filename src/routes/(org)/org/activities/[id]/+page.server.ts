import { redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction, idField, optionalText } from '$lib/server/forms';
import { cancelActivity, getActivity, restoreActivity } from '$lib/server/activities/activities';
import { attendeesOf, membersForTicking, removeAttendance, saveTickedAttendance } from '$lib/server/activities/attendance';
import { checkinState, checkinWindow, regenerateCheckinToken } from '$lib/server/activities/checkin';
import type { Actions, PageServerLoad } from './$types';
import { ATTENDANCE_METHOD_LABELS } from '$lib/vocabulary';

/** The activity behind the URL, or 404 when it does not exist or lies outside the organizer's scope. */
async function activityInScope(event: RequestEvent) {
	const { user, scope } = await requireOrganizerScope(event, db);
	const activity = foundInScope(await getActivity(db, scope, Number(event.params.id)), '活动不存在');
	return { user, activity };
}

export const load: PageServerLoad = async (event) => {
	const { activity } = await activityInScope(event);
	if (activity.source === 'reading-list') redirect(303, `/org/reading-lists/${activity.id}`);
	const now = new Date();
	const query = (event.url.searchParams.get('q') ?? '').trim().slice(0, 50);
	return {
		activity,
		window: checkinWindow(activity),
		checkinState: checkinState(activity, now),
		attendees: await attendeesOf(db, activity),
		members: activity.source === 'offline' && !activity.cancelledAt ? await membersForTicking(db, activity, { query }) : [],
		query,
		methodLabels: ATTENDANCE_METHOD_LABELS,
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved')
	};
};

const LIST_CHANGED = '提交的名单有误，请刷新页面后重试';
const personIds = z.array(z.coerce.number({ error: LIST_CHANGED }).int(LIST_CHANGED).positive(LIST_CHANGED)).default([]);
const TickForm = z.object({ 'listed[]': personIds, 'ticked[]': personIds });
const TickUnitForm = TickForm.extend({ unit: idField('单位') });
const RemoveForm = z.object({ userId: idField('人员') });
const CancelForm = z.object({ reason: optionalText('取消原因', 200) });
const NoFields = z.object({});

export const actions: Actions = {
	tick: formAction(activityInScope, TickForm, async ({ guarded: { user, activity }, data, refuse }) => {
		const result = await saveTickedAttendance(db, { activityId: activity.id, actorId: user.id, listed: data['listed[]'], ticked: data['ticked[]'] });
		if (!result.ok) return refuse(result.message);
		return { message: `已保存签到名单：新增 ${result.added} 人，移除 ${result.removed} 人。` };
	}),
	// "全选本单位" without JavaScript: the list as ticked, plus everyone listed of that unit, saved.
	tickUnit: formAction(activityInScope, TickUnitForm, async ({ guarded: { user, activity }, data, refuse }) => {
		const result = await saveTickedAttendance(db, { activityId: activity.id, actorId: user.id, listed: data['listed[]'], ticked: data['ticked[]'], tickWholeUnit: data.unit });
		if (!result.ok) return refuse(result.message);
		return { message: `已全选该单位并保存签到名单：新增 ${result.added} 人，移除 ${result.removed} 人。` };
	}),
	remove: formAction(activityInScope, RemoveForm, async ({ guarded: { activity }, data, refuse }) => {
		const result = await removeAttendance(db, activity.id, data.userId);
		if (!result.ok) return refuse(result.message);
		return { message: '已移除该签到记录。' };
	}),
	cancel: formAction(activityInScope, CancelForm, async ({ guarded: { user, activity }, data, refuse }) => {
		const result = await cancelActivity(db, activity.id, user.id, data.reason);
		if (!result.ok) return refuse(result.message);
		return { message: '活动已取消，不再计入统计。' };
	}),
	restore: formAction(activityInScope, NoFields, async ({ guarded: { activity }, refuse }) => {
		const result = await restoreActivity(db, activity.id);
		if (!result.ok) return refuse(result.message);
		return { message: '活动已恢复，重新计入统计。' };
	}),
	newCode: formAction(activityInScope, NoFields, async ({ guarded: { activity }, refuse }) => {
		if (activity.source !== 'offline') return refuse('此活动没有签到二维码');
		await regenerateCheckinToken(db, activity.id);
		return { message: '已更换签到二维码，旧二维码立即失效。' };
	})
};
