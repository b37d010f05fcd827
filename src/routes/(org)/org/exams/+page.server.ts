import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { listExams } from '$lib/server/exams/exams';
import { appClock } from '$lib/server/clock';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	return { exams: await listExams(db, scope), now: appClock.now() };
};
