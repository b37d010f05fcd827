import { error } from '@sveltejs/kit';
import { live } from '$lib/server/live/app';
import { hostActions, requireHostedGame } from '../../live-route.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { game } = await requireHostedGame(event);
	const screen = await live.screenSnapshot(game.id);
	if (!screen) error(404, '竞赛不存在');
	return { gameId: game.id, title: game.title, screen };
};

export const actions: Actions = hostActions();
