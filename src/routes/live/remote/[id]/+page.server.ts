import { error } from '@sveltejs/kit';
import { live } from '$lib/server/live/app';
import { hostActions, requireHostedGame } from '../../live-route.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { game } = requireHostedGame(event);
	const screen = live.screenSnapshot(game.id);
	if (!screen) error(404, '竞赛不存在');
	return { gameId: game.id, title: game.title, screen };
};

export const actions: Actions = hostActions();
