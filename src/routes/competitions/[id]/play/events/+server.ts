import { error } from '@sveltejs/kit';
import { live } from '$lib/server/competitions/instance';
import { liveEventStream } from '$lib/server/competitions/sse';
import { requirePlayerJson } from '../../../../../lib/server/competitions/routes';
import type { RequestHandler } from './$types';

/** The phone's event stream: a snapshot on (re)connect, then the competition's broadcasts. */
export const GET: RequestHandler = async (event) => {
	const { competitionId, playerId } = await requirePlayerJson(event);
	const response = liveEventStream(live, competitionId, 'player', playerId, event.request.signal);
	if (!response) error(404, '竞赛不存在');
	return response;
};
