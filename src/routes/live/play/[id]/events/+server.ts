import { error } from '@sveltejs/kit';
import { live } from '$lib/server/live/app';
import { liveEventStream } from '$lib/server/live/sse';
import { requirePlayerJson } from '../../../live-route.server';
import type { RequestHandler } from './$types';

/** The phone's event stream: a snapshot on (re)connect, then the game's broadcasts. */
export const GET: RequestHandler = async (event) => {
	const { gameId, playerId } = await requirePlayerJson(event);
	const response = liveEventStream(live, gameId, 'player', playerId, event.request.signal);
	if (!response) error(404, '竞赛不存在');
	return response;
};
