import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { attemptForm, formEntries, submitAttempt } from '$lib/server/quizzes/attempts';
import type { Actions, PageServerLoad } from './$types';

function attemptId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, '没有找到这次测验');
	return id;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const form = await attemptForm(db, { userId: user.id, attemptId: attemptId(event.params.id) });
	if (!form) error(404, '没有找到这次测验');
	// After a refused re-submission (POST) the page shows the refusal instead of moving away.
	if (form.status === 'submitted' && event.request.method === 'GET') redirect(303, `/quiz/${form.attemptId}/result`);
	return form;
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const id = attemptId(event.params.id);
		const formData = await event.request.formData();
		// The answer fields are checked against this attempt's own questions by the domain schema.
		const answers = formEntries(formData);
		const result = await submitAttempt(db, { userId: user.id, attemptId: id, answers });
		if (!result.ok) {
			if (result.status === 404) error(404, result.message);
			const values = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v.filter((x): x is string => typeof x === 'string')]));
			return fail(400, { message: result.message, values });
		}
		redirect(303, `/quiz/${id}/result`);
	}
};
