import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { AUDIENCE_LABELS, listReadingLists } from '$lib/server/reading-lists/reading-lists';
import { localDate } from '$lib/time';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const includeCancelled = event.url.searchParams.get('cancelled') === '1';
	return { readingLists: await listReadingLists(db, await scopeFor(db, user), { includeCancelled }), includeCancelled, audienceLabels: AUDIENCE_LABELS, today: localDate(new Date()) };
};
