import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { getExam } from '$lib/server/exams/exams';
import { examResults } from '$lib/server/exams/results';
import { examResultsXlsx } from '$lib/server/exams/export';
import { downloadHeaders, XLSX_TYPE } from '$lib/server/exports/csv';
import { appClock } from '$lib/server/clock';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const exam = await getExam(db, scope, Number(event.params.id));
	if (!exam) error(404, '考试不存在');
	const now = appClock.now();
	const body = await examResultsXlsx(exam, await examResults(db, exam, now), now);
	return new Response(new Uint8Array(body), { headers: downloadHeaders(`${exam.title}-成绩.xlsx`, XLSX_TYPE) });
};
