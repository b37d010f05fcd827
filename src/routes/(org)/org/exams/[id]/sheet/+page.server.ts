import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { getExam } from '$lib/server/exams/exams';
import { examResults, personsOfUnit } from '$lib/server/exams/results';
import { unitIfInScope } from '$lib/server/org/scope';
import { unitNamePaths } from '$lib/server/org/units';
import { appClock } from '$lib/server/clock';
import { orgUnitPaths } from '$lib/server/exams/units';
import type { PageServerLoad } from './$types';

/** The printable score sheet of one unit (and its sub-units), or of everyone. */
export const load: PageServerLoad = async (event) => {
	const { scope } = await requireOrganizerScope(event, db);
	const exam = await getExam(db, scope, Number(event.params.id));
	if (!exam) error(404, '考试不存在');
	const results = await examResults(db, exam, appClock.now());
	const unitParam = event.url.searchParams.get('unit');
	const unit = unitParam ? await unitIfInScope(db, scope, Number(unitParam)) : undefined;
	if (unitParam && !unit) error(404, '单位不存在');
	const people = unit ? personsOfUnit(results, await orgUnitPaths(db), unit.path) : results.persons;
	return {
		exam: { id: exam.id, title: exam.title, totalPoints: exam.totalPoints, passScore: exam.passScore, opensAt: exam.opensAt, closesAt: exam.closesAt },
		unitName: unit ? ((await unitNamePaths(db)).get(unit.id) ?? unit.name) : exam.unitName,
		people,
		printedAt: appClock.now()
	};
};
