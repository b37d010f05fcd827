import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { FORMAT_LABELS, STATUS_LABELS, listGames } from '$lib/server/live/games';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return { games: await listGames(db, await scopeFor(db, user)), formatLabels: FORMAT_LABELS, statusLabels: STATUS_LABELS };
};
