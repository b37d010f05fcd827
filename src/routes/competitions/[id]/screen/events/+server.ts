import { error } from '@sveltejs/kit';
import { competitionEngine } from '$lib/server/competitions/instance';
import { competitionEventStream, lastEventId } from '$lib/server/competitions/sse';
import { requireHostedCompetition } from '$lib/server/competitions/routes';
import type { RequestHandler } from './$types';

/** The projector's and host phone's stream: the screen state (the answer only once it is shown). */
export const GET: RequestHandler = async (event) => {
	const { user, competition } = await requireHostedCompetition(event);
	const response = await competitionEventStream(competitionEngine, competition.id, 'screen', null, { signal: event.request.signal, viewerId: user.id, lastEventId: lastEventId(event.request) });
	if (!response) error(404, '竞赛不存在');
	return response;
};
