import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { competitionEngine } from '$lib/server/competitions/instance';
import { ackResponse, readJson, requirePlayerJson } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

const StakeBody = z.object({ questionId: z.number().int().positive(), stake: z.number().int().positive().max(1000) });

/** 风险题: the stake, chosen before the question is shown. */
export const POST: RequestHandler = async (event) => {
	const { competitionId, playerId } = await requirePlayerJson(event);
	const body = StakeBody.safeParse(await readJson(event.request));
	if (!body.success) return json({ ok: false, code: 'invalid', message: '请求格式不正确' }, { status: 400 });
	return ackResponse(await competitionEngine.stake(competitionId, playerId, body.data.questionId, body.data.stake));
};
