// The answer POST of a phone (/competitions/[id]/play/answer): the body it carries, and the fast
// path hooks.server.ts takes for it. During a live competition thousands of these arrive within
// seconds, so a well-formed answer of a known player is answered from the hook, after the same
// authentication as every request and with the same checks, acknowledgement and headers as the
// route, without the rest of the route pipeline. Anything else (not a player, not JSON, a body
// the route would refuse) goes on to the route, which answers it exactly as before.
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { competitionEngine } from '$lib/server/competitions/instance';
import { ackResponse, MAX_PLAYER_BODY, playerIdentity } from '$lib/server/competitions/routes';

export const ANSWER_ROUTE = '/competitions/[id]/play/answer';

export const AnswerBody = z.object({
	questionId: z.number().int().positive(),
	/** Generated on the phone per tap, so a retry of the same tap is recognised. */
	clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
	response: z.array(z.string().max(200)).max(12)
});

export function isAnswerRequest(event: Pick<RequestEvent, 'request' | 'route'>): boolean {
	return event.route.id === ANSWER_ROUTE && event.request.method === 'POST';
}

/**
 * The acknowledgement of a well-formed answer of a player of this competition, or null when the
 * route should handle the request (then with its body intact: a body read here is put back).
 * Expects event.locals to be set by authentication already.
 */
export async function fastAnswer(event: RequestEvent): Promise<Response | null> {
	const competitionId = Number(event.params.id);
	if (!Number.isInteger(competitionId) || competitionId <= 0) return null;
	if (!(event.request.headers.get('content-type') ?? '').includes('application/json')) return null;
	const playerId = await playerIdentity(event, competitionId);
	if (playerId === null) return null;
	const text = await event.request.text();
	let parsed: ReturnType<typeof AnswerBody.safeParse> | null = null;
	// A larger body goes on to the route, which answers 413.
	if (text.length <= MAX_PLAYER_BODY) {
		try {
			parsed = AnswerBody.safeParse(JSON.parse(text));
		} catch {
			// not JSON: the route says so
		}
	}
	if (!parsed?.success) {
		event.request = new Request(event.request.url, { method: 'POST', headers: event.request.headers, body: text });
		return null;
	}
	return ackResponse(await competitionEngine.answer(competitionId, playerId, parsed.data));
}
