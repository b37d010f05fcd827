import { db } from '$lib/server/db';
import { live } from '$lib/server/live/app';
import { FORMAT_LABELS, ROUND_KIND_LABELS, STATUS_LABELS } from '$lib/server/live/games';
import { playerResults, questionResults, teamResults } from '$lib/server/live/results';
import { qrDataUrl } from '$lib/server/live/qr';
import { hostActions, requireHostedGame } from '../../../../live/live-route.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { game } = await requireHostedGame(event);
	const ended = game.status === 'ended';
	const joinUrl = `${event.url.origin}/live/join?code=${game.code}`;
	return {
		game: {
			id: game.id,
			title: game.title,
			code: game.code,
			status: game.status,
			format: game.format,
			teamMode: game.teamMode,
			allowGuests: game.allowGuests,
			unitName: game.unitName,
			ownerName: game.ownerName,
			createdAt: game.createdAt,
			startedAt: game.startedAt,
			endedAt: game.endedAt,
			activityId: game.activityId,
			questionCount: game.questionCount,
			rounds: game.rounds
		},
		labels: { format: FORMAT_LABELS, status: STATUS_LABELS, round: ROUND_KIND_LABELS },
		joinUrl,
		qr: ended ? null : await qrDataUrl(joinUrl),
		screen: ended ? null : await live.screenSnapshot(game.id),
		results: ended ? { players: await playerResults(db, game.id), teams: await teamResults(db, game.id), questions: await questionResults(db, game.id) } : null
	};
};

export const actions: Actions = hostActions();
