import { z } from 'zod';
import { db } from '$lib/server/db';
import { examIdParam, noStore, readJsonBody, requireUserJson } from '$lib/server/exams/http';
import { saveAnswer } from '$lib/server/exams/attempts';
import { appClock } from '$lib/server/clock';
import type { RequestHandler } from './$types';

const SaveBody = z.object({
	questionId: z.number().int().positive(),
	/** Option letters as shown, true/false, or one text per blank; [] clears the answer. */
	values: z.array(z.string().max(400)).max(12),
	/** The revision the page last saw (0: none). */
	revision: z.number().int().min(0)
});

/** Autosave of one answer: 200 with the new revision, 409 with the reason when refused (nothing stored). */
export const POST: RequestHandler = async (event) => {
	const user = requireUserJson(event);
	const examId = examIdParam(event.params.id);
	const body = SaveBody.safeParse(await readJsonBody(event.request));
	if (!body.success) return noStore({ ok: false, code: 'invalid', message: '答案格式不正确，未保存' }, 400);
	const result = await saveAnswer(db, { userId: user.id, examId, ...body.data }, appClock.now());
	return noStore(result, result.ok ? 200 : 409);
};
