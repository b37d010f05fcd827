import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { startAttempt } from '$lib/server/exams/attempts';
import { examIdParam } from '$lib/server/exams/http';
import { learnerExam } from '$lib/server/exams/views';
import { appClock } from '$lib/server/clock';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const view = await learnerExam(db, user, examIdParam(event.params.id), appClock.now());
	if (!view) error(404, '没有找到这场考试');
	return view;
};

export const actions: Actions = {
	/** 开始考试 (or continue the open attempt): a POST, so no page load ever starts the clock. */
	start: async (event) => {
		const user = requireUser(event);
		const examId = examIdParam(event.params.id);
		const result = await startAttempt(db, { person: user, examId }, appClock.now());
		if (!result.ok) return fail(400, { message: result.message });
		redirect(303, `/exams/${examId}/take`);
	}
};
