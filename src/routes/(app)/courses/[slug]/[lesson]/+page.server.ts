import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { idField, parseForm } from '$lib/server/forms';
import { openLesson } from '$lib/server/reading/lesson';
import { signLesson } from '$lib/server/reading/checkins';
import { recordLearningProgress } from '$lib/server/reading-lists/progress';
import type { Actions, PageServerLoad } from './$types';

const SignForm = z.object({ versionId: idField('课文版本') });

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const page = await openLesson(db, { userId: user.id, courseSlug: event.params.slug, lessonSlug: event.params.lesson });
	if (!page) error(404, '没有找到这一课');
	return page;
};

export const actions: Actions = {
	sign: async (event) => {
		const user = requireUser(event);
		const form = parseForm(SignForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: form.errors.versionId ?? '提交的内容无效，请刷新页面后再试', secondsRemaining: null });
		const result = await signLesson(db, { userId: user.id, courseSlug: event.params.slug, lessonSlug: event.params.lesson, versionId: form.data.versionId });
		if (!result.ok) return fail(400, { message: result.message, secondsRemaining: result.secondsRemaining ?? null });
		await recordLearningProgress(db, user); // a completed course or reading list counts from this moment
		return { signedAt: result.signedAt, alreadySigned: result.alreadySigned };
	}
};
