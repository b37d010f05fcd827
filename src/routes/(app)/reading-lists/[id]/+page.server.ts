import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { learnerReadingLists } from '$lib/server/reading-lists/learner';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	// Only reading lists addressed to this person can be opened; anything else is a 404.
	const readingList = (await learnerReadingLists(db, user)).find((a) => a.id === Number(event.params.id));
	if (!readingList) error(404, '学习任务不存在');
	return { readingList };
};
