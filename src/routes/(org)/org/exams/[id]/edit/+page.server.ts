import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { unitOptions } from '$lib/server/org/scope';
import { ruleChoices } from '$lib/server/exams/pool';
import { attemptCount, examPeopleOf, getExam } from '$lib/server/exams/exams';
import { toLocalInput } from '$lib/time';
import { examValues } from '../../schema';
import { saveExamAction } from '../../form-action';
import type { Actions, PageServerLoad } from './$types';

const examId = (raw: string) => Number(raw);

export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const exam = await getExam(db, scope, examId(event.params.id));
	if (!exam) error(404, '考试不存在');
	const people = await examPeopleOf(db, exam.id);
	return {
		exam: { id: exam.id, title: exam.title },
		started: (await attemptCount(db, exam.id)) > 0,
		units: await unitOptions(db, scope),
		values: examValues({ ...exam, usernames: exam.audience === 'named' ? people.map((p) => p.username) : [], toLocal: (ms) => toLocalInput(new Date(ms)) }),
		batchCount: exam.audience === 'batch' ? people.length : null,
		choices: await ruleChoices(db)
	};
};

export const actions: Actions = {
	default: (event) => saveExamAction(event, examId(event.params.id))
};
