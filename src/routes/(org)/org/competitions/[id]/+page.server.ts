import { db } from '$lib/server/db';
import { competitionEngine } from '$lib/server/competitions/instance';

import { playerResults, questionResults, teamResults } from '$lib/server/competitions/results';
import { qrDataUrl } from '$lib/server/competitions/qr';
import { hostActions, requireHostedCompetition } from '$lib/server/competitions/routes';
import type { Actions, PageServerLoad } from './$types';
import { COMPETITION_FORMAT_LABELS, COMPETITION_STATUS_LABELS, ROUND_KIND_LABELS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const { competition } = await requireHostedCompetition(event);
	const ended = competition.status === 'ended';
	const joinUrl = `${event.url.origin}/competitions/join?code=${competition.code}`;
	return {
		competition: {
			id: competition.id,
			title: competition.title,
			code: competition.code,
			status: competition.status,
			format: competition.format,
			teamMode: competition.teamMode,
			allowGuests: competition.allowGuests,
			unitName: competition.unitName,
			ownerName: competition.ownerName,
			createdAt: competition.createdAt,
			startedAt: competition.startedAt,
			endedAt: competition.endedAt,
			activityId: competition.activityId,
			questionCount: competition.questionCount,
			rounds: competition.rounds
		},
		labels: { format: COMPETITION_FORMAT_LABELS, status: COMPETITION_STATUS_LABELS, round: ROUND_KIND_LABELS },
		joinUrl,
		qr: ended ? null : await qrDataUrl(joinUrl),
		screen: ended ? null : await competitionEngine.screenSnapshot(competition.id),
		results: ended ? { players: await playerResults(db, competition.id), teams: await teamResults(db, competition.id), questions: await questionResults(db, competition.id) } : null
	};
};

export const actions: Actions = hostActions();
