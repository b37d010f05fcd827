import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { competitionEngine } from '$lib/server/competitions/instance';
import { ackResponse, readJson, requirePlayerJson } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

const AnswerBody = z.object({
	questionId: z.number().int().positive(),
	/** Generated on the phone per tap, so a retry of the same tap is recognised. */
	clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
	response: z.array(z.string().max(200)).max(12)
});

/** One answer: one prepared insert on the server; a replay returns the stored acknowledgement. */
export const POST: RequestHandler = async (event) => {
	const { competitionId, playerId } = await requirePlayerJson(event);
	const body = AnswerBody.safeParse(await readJson(event.request));
	if (!body.success) return json({ ok: false, code: 'invalid', message: '答案格式不正确' }, { status: 400 });
	return ackResponse(await competitionEngine.answer(competitionId, playerId, body.data));
};
