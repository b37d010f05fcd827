import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { unitOptions } from '$lib/server/org/scope';
import { creationFromUrl } from '$lib/server/campaigns/links';
import { ruleChoices } from '$lib/server/exams/pool';
import { appClock } from '$lib/server/clock';
import { parseLocalDate, toLocalInput, localDate, DAY_MS } from '$lib/time';
import { examValues } from '../schema';
import { saveExamAction } from '../form-action';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, scope } = await requireOrganizerScope(event, db);
	// Opened from a campaign cell: the title and unit are preset, and saving links the exam.
	const link = await creationFromUrl(db, scope, event.url, ['exam']);
	if (link === undefined) error(404, '系列活动不存在');
	// Opens tomorrow at 9:00 for a week; single-choice and true/false sections to start from.
	const tomorrow = parseLocalDate(localDate(new Date(appClock.now() + DAY_MS)))!.getTime() + 9 * 3_600_000;
	const base = { setIds: [], category: '', regulation: '', chapter: '', difficulty: '' as const };
	const values = examValues({
		title: link?.actionTitle ?? '',
		description: '',
		unitId: link?.unitId ?? user.orgUnitId,
		audience: 'all',
		usernames: [],
		paperMode: 'random',
		sections: [
			{ ...base, title: '一、单项选择题', type: 'single', count: 10, points: 5 },
			{ ...base, title: '二、判断题', type: 'truefalse', count: 10, points: 5 }
		],
		shuffleOptions: true,
		opensAt: tomorrow,
		closesAt: tomorrow + 7 * DAY_MS,
		timeLimitMinutes: 30,
		attemptsAllowed: 1,
		passScore: 60,
		showAnswers: true,
		autoSubmitLeaves: null,
		toLocal: (ms) => toLocalInput(new Date(ms))
	});
	return { units: await unitOptions(db, scope), values, choices: await ruleChoices(db), link };
};

export const actions: Actions = {
	default: (event) => saveExamAction(event)
};
