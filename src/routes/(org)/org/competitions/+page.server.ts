import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { listCompetitions } from '$lib/server/competitions/competitions';
import type { PageServerLoad } from './$types';
import { COMPETITION_FORMAT_LABELS, COMPETITION_STATUS_LABELS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return { competitions: await listCompetitions(db, await scopeFor(db, user)), formatLabels: COMPETITION_FORMAT_LABELS, statusLabels: COMPETITION_STATUS_LABELS };
};
