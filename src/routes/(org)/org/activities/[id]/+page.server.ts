import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { idField, optionalText, parseForm } from '$lib/server/forms';
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
	const user = requireOrganizer(event);
	const activity = await getActivity(db, await scopeFor(db, user), Number(event.params.id));
	if (!activity) error(404, '活动不存在');
	return { user, activity };
}

export const load: PageServerLoad = async (event) => {
	const { user, activity } = await activityInScope(event);
	if (activity.source === 'reading-list') redirect(303, `/org/reading-lists/${activity.id}`);
	const now = new Date();
	const editable = activity.source === 'offline' && !activity.cancelledAt;
	return {
		photos: await photosOf(db, activity.id),
		maxPhotos: MAX_PHOTOS_PER_ACTIVITY,
		parts: await partsOf(db, activity),
		partOptions: editable ? await partOptions(db, await scopeFor(db, user)) : null,
		partLabels: ACTIVITY_PART_LABELS,
		progressLabels: PART_PROGRESS_LABELS,
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
	photos: async (event) => {
		const { user, activity } = await activityInScope(event);
		const uploads = await uploadsOf(await event.request.formData());
		const result = await addActivityPhotos(db, { scope: await scopeFor(db, user), actorId: user.id, activityId: activity.id, uploads });
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: `已上传 ${result.added} 张照片。` };
	},
	deletePhoto: async (event) => {
		const { user, activity } = await activityInScope(event);
		const form = parseForm(PhotoForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: '照片无效' });
		const result = await deleteActivityPhoto(db, { scope: await scopeFor(db, user), activityId: activity.id, fileId: form.data.fileId });
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '已删除该照片。' };
	},
	addPart: async (event) => {
		const { user, activity } = await activityInScope(event);
		const form = parseForm(PartForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: form.errors.part ?? '请选择要添加的环节' });
		const [type, id] = form.data.part.split(':');
		const partType = ACTIVITY_PART_TYPES.find((t) => t === type);
		if (!partType) return fail(400, { ok: false, message: '活动环节类型无效' });
		const result = await addPart(db, { scope: await scopeFor(db, user), actorId: user.id, activityId: activity.id, partType, refId: Number(id) });
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: result.message };
	},
	removePart: async (event) => {
		const { user, activity } = await activityInScope(event);
		const form = parseForm(RemovePartForm, await event.request.formData());
		if (!form.ok) return fail(400, { ok: false, message: '环节无效' });
		const result = await removePart(db, { scope: await scopeFor(db, user), activityId: activity.id, partId: form.data.partId });
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: result.message };
	},
	newCode: async (event) => {
		const { activity } = await activityInScope(event);
		if (activity.source !== 'offline') return fail(400, { ok: false, message: '此活动没有签到二维码' });
		await regenerateCheckinToken(db, activity.id);
		return { ok: true, message: '已更换签到二维码，旧二维码立即失效。' };
	}
};
