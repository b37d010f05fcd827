import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { learningRecord, recordYear } from '$lib/server/learning/record';
import type { PageServerLoad } from './$types';

// The A4 print view of one's own 学习档案 (no navigation: `bare`).
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { bare: true, record: (await learningRecord(db, user.id, { year: recordYear(event.url.searchParams) }))!, printedAt: new Date() };
};
