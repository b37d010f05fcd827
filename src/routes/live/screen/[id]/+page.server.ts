import { error } from '@sveltejs/kit';
import { live } from '$lib/server/live/app';
import { qrDataUrl } from '$lib/server/live/qr';
import { hostActions, requireHostedGame } from '../../live-route.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { game } = await requireHostedGame(event);
	const screen = await live.screenSnapshot(game.id);
	if (!screen) error(404, '竞赛不存在');
	const joinUrl = `${event.url.origin}/live/join?code=${game.code}`;
	return { gameId: game.id, title: game.title, format: game.format, joinUrl, shortUrl: `${event.url.origin}/live/join`, qr: await qrDataUrl(joinUrl), screen };
};

export const actions: Actions = hostActions();
