import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { AUDIENCE_LABELS, listReadingLists } from '$lib/server/reading-lists/reading-lists';
import { localDate } from '$lib/time';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const includeCancelled = event.url.searchParams.get('cancelled') === '1';
	return { readingLists: await listReadingLists(db, scope, { includeCancelled }), includeCancelled, audienceLabels: AUDIENCE_LABELS, today: localDate(new Date()) };
};
