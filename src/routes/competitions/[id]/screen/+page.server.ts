import { error } from '@sveltejs/kit';
import { competitionEngine } from '$lib/server/competitions/instance';
import { qrDataUrl } from '$lib/server/competitions/qr';
import { hostActions, requireHostedCompetition } from '$lib/server/competitions/routes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { competition } = await requireHostedCompetition(event);
	const screen = await competitionEngine.screenSnapshot(competition.id);
	if (!screen) error(404, '竞赛不存在');
	const joinUrl = `${event.url.origin}/competitions/join?code=${competition.code}`;
	return { competitionId: competition.id, title: competition.title, format: competition.format, joinUrl, shortUrl: `${event.url.origin}/competitions/join`, qr: await qrDataUrl(joinUrl), screen };
};

export const actions: Actions = hostActions();
