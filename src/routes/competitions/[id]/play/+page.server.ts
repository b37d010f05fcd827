import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { competitionTitle } from '$lib/server/competitions/competitions';
import { competitionEngine } from '$lib/server/competitions/instance';
import { competitionIdParam, playerIdentity } from '$lib/server/competitions/routes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const competitionId = competitionIdParam(event.params.id);
	// Accounts go through the usual guard (login, first password); guests prove themselves by their signed cookie.
	if (event.locals.user) requireUser(event);
	const competition = await competitionTitle(db, competitionId);
	if (!competition) error(404, '竞赛不存在');
	const playerId = await playerIdentity(event, competitionId);
	if (playerId === null) {
		// To the bare join form: the code is what admits people, so a competition id must not reveal it.
		if (competition.joinCode) redirect(303, '/competitions/join');
		requireUser(event);
		error(404, '您没有参加这场竞赛');
	}
	const snapshot = await competitionEngine.snapshot(competitionId, playerId);
	if (!snapshot?.me) error(404, '竞赛不存在');
	return { competitionId, title: competition.title, snapshot: { state: snapshot.state, me: snapshot.me } };
};
