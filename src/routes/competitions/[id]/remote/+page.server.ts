import { error } from '@sveltejs/kit';
import { competitionEngine } from '$lib/server/competitions/instance';
import { hostActions, requireHostedCompetition } from '$lib/server/competitions/routes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { competition } = await requireHostedCompetition(event);
	const screen = await competitionEngine.screenSnapshot(competition.id);
	if (!screen) error(404, '竞赛不存在');
	return { competitionId: competition.id, title: competition.title, screen };
};

export const actions: Actions = hostActions();
