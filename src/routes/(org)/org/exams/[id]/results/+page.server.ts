import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { getExam } from '$lib/server/exams/exams';
import { DISTRIBUTION_LABELS, examResults } from '$lib/server/exams/results';
import { appClock } from '$lib/server/clock';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const exam = await getExam(db, scope, Number(event.params.id));
	if (!exam) error(404, '考试不存在');
	const results = await examResults(db, exam, appClock.now());
	return { exam: { id: exam.id, title: exam.title, totalPoints: exam.totalPoints, passScore: exam.passScore }, ...results, bands: DISTRIBUTION_LABELS };
};
