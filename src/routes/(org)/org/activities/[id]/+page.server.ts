import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction, idField, optionalText } from '$lib/server/forms';
import { cancelActivity, getActivity, restoreActivity } from '$lib/server/activities/activities';
import { attendeesOf, membersForTicking, removeAttendance, saveTickedAttendance } from '$lib/server/activities/attendance';
import { checkinState, checkinWindow, regenerateCheckinToken } from '$lib/server/activities/checkin';
import { addActivityPhotos, deleteActivityPhoto, photosOf, type Upload } from '$lib/server/activities/photos';
import { addPart, partOptions, partsOf, removePart } from '$lib/server/activities/parts';
import { MAX_PHOTOS_PER_ACTIVITY } from '$lib/server/files/limits';
import type { Actions, PageServerLoad } from './$types';
import { ACTIVITY_PART_LABELS, ACTIVITY_PART_TYPES, ATTENDANCE_METHOD_LABELS, PART_PROGRESS_LABELS } from '$lib/vocabulary';

/** The activity behind the URL, or 404 when it does not exist or lies outside the organizer's scope. */
async function activityInScope(event: RequestEvent) {
	const { user, scope } = await requireOrganizerScope(event, db);
	const activity = foundInScope(await getActivity(db, scope, Number(event.params.id)), '活动不存在');
	return { user, scope, activity };
}

export const load: PageServerLoad = async (event) => {
	const { scope, activity } = await activityInScope(event);
	if (activity.source === 'reading-list') redirect(303, `/org/reading-lists/${activity.id}`);
	const now = new Date();
	const query = (event.url.searchParams.get('q') ?? '').trim().slice(0, 50);
	const editable = activity.source === 'offline' && !activity.cancelledAt;
	return {
		photos: await photosOf(db, activity.id),
		maxPhotos: MAX_PHOTOS_PER_ACTIVITY,
		parts: await partsOf(db, activity),
		partOptions: editable ? await partOptions(db, scope) : null,
		partLabels: ACTIVITY_PART_LABELS,
		progressLabels: PART_PROGRESS_LABELS,
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
const PhotoForm = z.object({ fileId: idField('照片') });
const PartForm = z.object({ part: z.string().regex(/^[a-z]+:\d{1,12}$/, '请选择要添加的环节') });
const RemovePartForm = z.object({ partId: idField('环节') });

/** The photos of an upload form: the camera input and the gallery input both send "photos"; an empty input sends an empty file. */
async function uploadsOf(form: FormData): Promise<Upload[]> {
	const uploads: Upload[] = [];
	for (const entry of form.getAll('photos')) {
		if (entry instanceof File && (entry.size > 0 || entry.name)) uploads.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
	}
	return uploads;
}

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
	// Photos come as files, not fields: the guard runs first, then the body is read once here.
	photos: async (event) => {
		const { user, scope, activity } = await activityInScope(event);
		const uploads = await uploadsOf(await event.request.formData());
		const result = await addActivityPhotos(db, { scope: scope, actorId: user.id, activityId: activity.id, uploads });
		if (!result.ok) return fail(400, { errors: { _form: result.message } });
		return { message: `已上传 ${result.added} 张照片。` };
	},
	deletePhoto: formAction(activityInScope, PhotoForm, async ({ guarded: { scope, activity }, data, refuse }) => {
		const result = await deleteActivityPhoto(db, { scope: scope, activityId: activity.id, fileId: data.fileId });
		if (!result.ok) return refuse(result.message);
		return { message: '已删除该照片。' };
	}),
	addPart: formAction(activityInScope, PartForm, async ({ guarded: { user, scope, activity }, data, refuse }) => {
		const [type, id] = data.part.split(':');
		const partType = ACTIVITY_PART_TYPES.find((t) => t === type);
		if (!partType) return refuse('活动环节类型无效');
		const result = await addPart(db, { scope: scope, actorId: user.id, activityId: activity.id, partType, refId: Number(id) });
		if (!result.ok) return refuse(result.message);
		return { message: result.message };
	}),
	removePart: formAction(activityInScope, RemovePartForm, async ({ guarded: { scope, activity }, data, refuse }) => {
		const result = await removePart(db, { scope: scope, activityId: activity.id, partId: data.partId });
		if (!result.ok) return refuse(result.message);
		return { message: result.message };
	}),
	newCode: formAction(activityInScope, NoFields, async ({ guarded: { activity }, refuse }) => {
		if (activity.source !== 'offline') return refuse('此活动没有签到二维码');
		await regenerateCheckinToken(db, activity.id);
		return { message: '已更换签到二维码，旧二维码立即失效。' };
	})
};
