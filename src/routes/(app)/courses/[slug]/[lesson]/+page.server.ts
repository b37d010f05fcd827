import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { idField, parseForm } from '$lib/server/forms';
import { lessonPage } from '$lib/server/reading/lesson';
import { signLesson, startLesson } from '$lib/server/reading/checkins';
import type { Actions, PageServerLoad } from './$types';

const VersionForm = z.object({ versionId: idField('课文版本') });

// The load only reads: the reading clock starts with the learner's 开始阅读 (a POST), so that a
// hover preload or a prefetch of this page records nothing.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const page = await lessonPage(db, { userId: user.id, courseSlug: event.params.slug, lessonSlug: event.params.lesson });
	if (!page) error(404, '没有找到这一课');
	return page;
};

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event);
		const form = parseForm(VersionForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: form.errors.versionId ?? '提交的内容无效，请刷新页面后再试', secondsRemaining: null });
		const result = await startLesson(db, { userId: user.id, courseSlug: event.params.slug, lessonSlug: event.params.lesson, versionId: form.data.versionId });
		if (!result.ok) return fail(400, { message: result.message, secondsRemaining: null });
		return { started: true };
	},
	sign: async (event) => {
		const user = requireUser(event);
		const form = parseForm(VersionForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: form.errors.versionId ?? '提交的内容无效，请刷新页面后再试', secondsRemaining: null });
		// Records the course or reading lists this completes in the same transaction.
		const result = await signLesson(db, { userId: user.id, courseSlug: event.params.slug, lessonSlug: event.params.lesson, versionId: form.data.versionId });
		if (!result.ok) return fail(400, { message: result.message, secondsRemaining: result.secondsRemaining ?? null });
		return { signedAt: result.signedAt, alreadySigned: result.alreadySigned };
	}
};
