import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { checkbox, formAction } from '$lib/server/forms';
import { createMakeup, deleteExam, examPeopleOf, getExam, setTitles, updateExamSettings } from '$lib/server/exams/exams';
import { describeSection, ruleChoices } from '$lib/server/exams/pool';
import { examResults } from '$lib/server/exams/results';
import { appClock } from '$lib/server/clock';
import { parseLocalDateTime, toLocalInput } from '$lib/time';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

async function guardedExam(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const { user, scope } = await requireOrganizerScope(event, db);
	const exam = await getExam(db, scope, Number(event.params.id));
	if (!exam) error(404, '考试不存在');
	return { user, scope, exam };
}

export const load: PageServerLoad = async (event) => {
	const { exam } = await guardedExam(event);
	const now = appClock.now();
	const choices = await ruleChoices(db);
	const titles = await setTitles(db);
	const labels = new Map(choices.regulations.map((r) => [r.value, r.label]));
	const results = await examResults(db, exam, now);
	const makeupOf = exam.makeupOf ? await getExam(db, null, exam.makeupOf) : undefined;
	return {
		exam: {
			id: exam.id,
			title: exam.title,
			description: exam.description,
			unitName: exam.unitName,
			audience: exam.audience,
			paperMode: exam.paperMode,
			shuffleOptions: exam.shuffleOptions,
			opensAt: exam.opensAt,
			closesAt: exam.closesAt,
			timeLimitMinutes: exam.timeLimitMinutes,
			attemptsAllowed: exam.attemptsAllowed,
			passScore: exam.passScore,
			totalPoints: exam.totalPoints,
			showAnswers: exam.showAnswers,
			autoSubmitLeaves: exam.autoSubmitLeaves,
			released: exam.releasedAt !== null,
			makeupOf: makeupOf ? { id: makeupOf.id, title: makeupOf.title } : null
		},
		sections: exam.sections.map((s) => ({ title: s.title, text: describeSection(s, titles, labels) })),
		people: results.persons,
		total: results.total,
		inProgress: results.inProgress,
		batch: exam.audience === 'batch' ? (await examPeopleOf(db, exam.id)).length : null,
		closesAtInput: toLocalInput(new Date(exam.closesAt)),
		now,
		saved: event.url.searchParams.get('saved') === '1'
	};
};

const SettingsForm = z.object({
	closesAt: z
		.string({ error: '请填写结束时间' })
		.trim()
		.transform((v, ctx) => {
			const d = parseLocalDateTime(v);
			if (!d) {
				ctx.addIssue({ code: 'custom', message: '请填写结束时间（日期和时间）' });
				return z.NEVER;
			}
			return d.getTime();
		}),
	showAnswers: checkbox
});

const MakeupForm = z.object({
	opensAt: SettingsForm.shape.closesAt,
	closesAt: SettingsForm.shape.closesAt
});

export const actions: Actions = {
	settings: formAction(guardedExam, SettingsForm, async ({ guarded: { scope, exam }, data, refuse }) => {
		const result = await updateExamSettings(db, { scope, id: exam.id, closesAt: data.closesAt, showAnswers: data.showAnswers, now: appClock.now() });
		if (!result.ok) return refuse(result.message);
		return { action: 'settings', message: '已保存' };
	}, { action: 'settings' }),
	makeup: formAction(guardedExam, MakeupForm, async ({ guarded: { user, scope, exam }, data, refuse }) => {
		const result = await createMakeup(db, { scope, actorId: user.id, examId: exam.id, opensAt: data.opensAt, closesAt: data.closesAt, now: appClock.now() });
		if (!result.ok) return refuse(result.errors._form ?? Object.values(result.errors)[0] ?? '无法创建补考');
		redirect(303, `/org/exams/${result.id}?saved=1`);
	}, { action: 'makeup' }),
	delete: async (event) => {
		const { scope, exam } = await guardedExam(event);
		const result = await deleteExam(db, scope, exam.id);
		if (!result.ok) return fail(400, { action: 'delete', errors: { _form: result.message }, values: {} });
		redirect(303, '/org/exams');
	}
};
