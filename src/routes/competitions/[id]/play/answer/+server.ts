import { json } from '@sveltejs/kit';
import { competitionEngine } from '$lib/server/competitions/instance';
import { AnswerBody } from '$lib/server/competitions/answer-request';
import { ackResponse, readJson, requirePlayerJson } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

/**
 * One answer: one prepared insert on the server; a replay returns the stored acknowledgement.
 * A well-formed answer of a player is usually answered by the fast path in hooks.server.ts
 * (answer-request.ts), with the same checks; this handler answers everything else, and is the
 * reference the fast path follows.
 */
export const POST: RequestHandler = async (event) => {
	const { competitionId, playerId } = await requirePlayerJson(event);
	const body = AnswerBody.safeParse(await readJson(event.request));
	if (!body.success) return json({ ok: false, code: 'invalid', message: '答案格式不正确' }, { status: 400 });
	return ackResponse(await competitionEngine.answer(competitionId, playerId, body.data));
};
