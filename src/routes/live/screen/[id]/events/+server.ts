import { error } from '@sveltejs/kit';
import { live } from '$lib/server/live/app';
import { liveEventStream } from '$lib/server/live/sse';
import { requireHostedGame } from '../../../live-route.server';
import type { RequestHandler } from './$types';

/** The projector's and host phone's stream: the screen state (the answer only once it is shown). */
export const GET: RequestHandler = async (event) => {
	const { user, game } = await requireHostedGame(event);
	const response = liveEventStream(live, game.id, 'screen', null, event.request.signal, user.id);
	if (!response) error(404, '竞赛不存在');
	return response;
};
