import { error } from '@sveltejs/kit';
import { competitionEngine } from '$lib/server/competitions/instance';
import { competitionEventStream, lastEventId } from '$lib/server/competitions/sse';
import { requirePlayerJson } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

/** The phone's event stream: a snapshot on (re)connect, then the competition's broadcasts. */
export const GET: RequestHandler = async (event) => {
	const { competitionId, playerId } = await requirePlayerJson(event);
	const response = await competitionEventStream(competitionEngine, competitionId, 'player', playerId, { signal: event.request.signal, lastEventId: lastEventId(event.request) });
	if (!response) error(404, '竞赛不存在');
	return response;
};
