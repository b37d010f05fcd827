import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { attemptResult } from '$lib/server/quizzes/attempts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	const result = Number.isSafeInteger(id) && id > 0 ? await attemptResult(db, { userId: user.id, attemptId: id }) : null;
	if (!result) error(404, '没有找到这次测验');
	if (result.status === 'open') redirect(303, `/quiz/${result.attemptId}`);
	return result;
};
