import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { competitionEngine } from '$lib/server/competitions/instance';
import { ackResponse, readJson, requirePlayerJson } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

const BuzzBody = z.object({ questionId: z.number().int().positive() });

/** 抢答: whoever the server processes first wins, whatever the phones' clocks say. */
export const POST: RequestHandler = async (event) => {
	const { competitionId, playerId } = await requirePlayerJson(event);
	const body = BuzzBody.safeParse(await readJson(event.request));
	if (!body.success) return json({ ok: false, code: 'invalid', message: '请求格式不正确' }, { status: 400 });
	return ackResponse(await competitionEngine.buzz(competitionId, playerId, body.data.questionId));
};
