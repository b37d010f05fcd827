import { error } from '@sveltejs/kit';
import { live } from '$lib/server/competitions/instance';
import { liveEventStream } from '$lib/server/competitions/sse';
import { requireHostedCompetition } from '../../../../../lib/server/competitions/routes';
import type { RequestHandler } from './$types';

/** The projector's and host phone's stream: the screen state (the answer only once it is shown). */
export const GET: RequestHandler = async (event) => {
	const { user, competition } = await requireHostedCompetition(event);
	const response = liveEventStream(live, competition.id, 'screen', null, event.request.signal, user.id);
	if (!response) error(404, '竞赛不存在');
	return response;
};
