import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { formAction } from '$lib/server/forms';
import { quizOverview, startAttempt } from '$lib/server/quizzes/attempts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const overview = await quizOverview(db, { userId: user.id, courseSlug: event.params.slug });
	if (!overview) error(404, '这门课程没有测验');
	return overview;
};

export const actions: Actions = {
	// No fields: the server chooses the questions and stamps the time.
	start: formAction(requireUser, z.object({}), async ({ event, guarded: user, refuse }) => {
		const result = await startAttempt(db, { userId: user.id, courseSlug: event.params.slug ?? '' });
		if (!result.ok) return refuse(result.message);
		redirect(303, `/quiz/${result.attemptId}`);
	})
};
