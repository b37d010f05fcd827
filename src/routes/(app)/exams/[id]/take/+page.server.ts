import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { savePage, submitAttempt } from '$lib/server/exams/attempts';
import { examIdParam } from '$lib/server/exams/http';
import { takeView } from '$lib/server/exams/views';
import { appClock } from '$lib/server/clock';
import { cleanText } from '$lib/server/text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const examId = examIdParam(event.params.id);
	const page = Number(event.url.searchParams.get('page') ?? '1') || 1;
	const view = await takeView(db, { userId: user.id, examId, page }, appClock.now());
	// Nothing open: the exam page (to start), or the result of the attempt that is over.
	if (view.status === 'none') redirect(303, `/exams/${examId}`);
	// After a refused 交卷 (a POST) the page shows why instead of moving away.
	if (view.status === 'over' && event.request.method === 'GET') redirect(303, `/exams/${examId}/result/${view.attemptId}`);
	return view;
};

/** The questions of the submitted page: `shown` lists them, `q<id>` holds the values, `rev<id>` the revision seen. */
function pageAnswers(form: FormData) {
	const shown = form.getAll('shown').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0).slice(0, 50);
	return shown.map((questionId) => ({
		questionId,
		values: form.getAll(`q${questionId}`).map((v) => (typeof v === 'string' ? cleanText(v) : '')).slice(0, 12),
		revision: Math.max(0, Number(form.get(`rev${questionId}`)) || 0)
	}));
}

export const actions: Actions = {
	/** Without JavaScript: the page's answers are saved when moving to another page. */
	save: async (event) => {
		const user = requireUser(event);
		const examId = examIdParam(event.params.id);
		const form = await event.request.formData();
		const saved = await savePage(db, { userId: user.id, examId, answers: pageAnswers(form) }, appClock.now());
		if (saved.refusals.length) return fail(409, { message: saved.refusals.map((r) => r.message).join('；') });
		const target = Math.max(1, Number(form.get('goto')) || 1);
		redirect(303, `/exams/${examId}/take?page=${target}`);
	},
	/** 交卷: the page's answers first, then the attempt named by the form, once. */
	submit: async (event) => {
		const user = requireUser(event);
		const examId = examIdParam(event.params.id);
		const form = await event.request.formData();
		const attemptId = Number(form.get('attemptId'));
		if (!Number.isSafeInteger(attemptId) || attemptId <= 0) return fail(400, { message: '交卷请求不完整，请刷新页面后再交卷' });
		const now = appClock.now();
		const saved = await savePage(db, { userId: user.id, examId, answers: pageAnswers(form) }, now);
		const stale = saved.refusals.find((r) => r.message.includes('其他页面或设备'));
		if (stale) return fail(409, { message: `${stale.message}。本次没有交卷` });
		const result = await submitAttempt(db, { userId: user.id, examId, attemptId }, now);
		if (!result.ok) {
			if (result.status === 404) error(404, result.message);
			return fail(result.status, { message: result.message });
		}
		redirect(303, `/exams/${examId}/result/${attemptId}`);
	}
};
