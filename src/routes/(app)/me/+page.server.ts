import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { courseProgressForUser } from '$lib/server/learning/progress';
import { learningRecord, recordYear } from '$lib/server/learning/record';
import type { PageServerLoad } from './$types';

// 我的学习: the person's 学习档案 (everything recorded, with hours by kind) and the courses in progress.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const year = recordYear(event.url.searchParams);
	const progress = await courseProgressForUser(db, user.id);
	return {
		name: user.name,
		record: (await learningRecord(db, user.id, { year }))!,
		inProgress: progress.filter((c) => c.started && !c.complete),
		notStarted: progress.filter((c) => !c.started && !c.complete).length
	};
};
