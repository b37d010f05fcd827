import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { examIdParam } from '$lib/server/exams/http';
import { attemptResult } from '$lib/server/exams/views';
import { appClock } from '$lib/server/clock';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const examId = examIdParam(event.params.id);
	const result = await attemptResult(db, { userId: user.id, examId, attemptId: Number(event.params.attempt) }, appClock.now());
	if (!result) error(404, '没有找到这次作答');
	if (result.status === 'open') redirect(303, `/exams/${examId}/take`);
	return { examId, result };
};
