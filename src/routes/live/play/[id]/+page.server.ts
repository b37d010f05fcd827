import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { gameTitle } from '$lib/server/live/games';
import { live } from '$lib/server/live/app';
import { gameIdParam, playerIdentity } from '../../live-route.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const gameId = gameIdParam(event.params.id);
	// Accounts go through the usual guard (login, first password); guests prove themselves by their signed cookie.
	if (event.locals.user) requireUser(event);
	const game = await gameTitle(db, gameId);
	if (!game) error(404, '竞赛不存在');
	const playerId = await playerIdentity(event, gameId);
	if (playerId === null) {
		// To the bare join form: the code is what admits people, so a game id must not reveal it.
		if (game.joinCode) redirect(303, '/live/join');
		requireUser(event);
		error(404, '您没有参加这场竞赛');
	}
	const snapshot = await live.snapshot(gameId, playerId);
	if (!snapshot?.me) error(404, '竞赛不存在');
	return { gameId, title: game.title, snapshot: { state: snapshot.state, me: snapshot.me } };
};
