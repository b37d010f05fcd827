import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { selectRows } from '$lib/server/db/client';

// The routes' own database module, replaced by a fresh database on the engine under test.
vi.mock('$lib/server/db', async () => {
	const { createTestDatabase } = await import('$lib/server/db/testing');
	return { db: await createTestDatabase() };
});
import { activities, attendances, lessons, lessonVersions, notices, orgUnits, questionSets, quizAttempts, readingCheckins, regulationCheckins, regulations, users } from '$lib/server/db/schema';
import { ensureUnitByNamePath } from '$lib/server/org/units';
import { loadContent } from '$lib/server/content';
import { loadCompetitions } from '$lib/server/content/competitions/load';
import { createCompetition } from '$lib/server/competitions/competitions';
import { competitionEngine } from '$lib/server/competitions/instance';
import { checkinCode, generateCheckinToken } from '$lib/server/activities/checkin';
import { createReadingList } from '$lib/server/reading-lists/reading-lists';
import { scopeFor } from '$lib/server/org/units';
import { savePledge } from '$lib/server/pledges/pledges';
import { saveCollection } from '$lib/server/writings/collections';
import { saveSubmission } from '$lib/server/writings/submissions';
import { measureRegulationScope } from '$lib/server/reading/regulations';
import { seedDemoBank } from '$lib/server/demo/exams';
import { saveExam } from '$lib/server/exams/exams';
import { saveAnswer, startAttempt, submitAttempt } from '$lib/server/exams/attempts';
import { recordGradedAnswers } from '$lib/server/notebook/record';
import { examCertificates } from '$lib/server/db/schema';
import { answersFor, sections } from './exam-fixture';
import type { SessionUser } from '$lib/server/auth/sessions';
import { writeContentDir } from './competition-fixture';
import { callsOf, onDisk, run, urlPathOf, type Call } from './route-harness';

// No page load writes a counted record (issue 7, "No record without a deliberate act"). SvelteKit
// runs a page's load on a hover preload, a prefetch and a reload alike, so a record made by a load
// is a record nobody made. Every load and every GET handler under src/routes is called twice as a
// learner, an organizer and an administrator, with parameters that name real rows, on a database
// where the learner has done everything a reading list asks without the completion having been
// recorded (the case the home page and reading-list loads used to "fix" by writing). Not one row
// of the counted tables may change.

/** The tables the report and the 学习档案 count from, and the ones that stamp a start of reading. */
const COUNTED_TABLES = [
	'reading_checkins', 'regulation_checkins', 'quiz_attempts', 'attempt_answers', 'attendances', 'course_completions', 'activities', 'notice_reads', 'competition_players', 'competition_answers', 'pledge_reads', 'pledge_signatures', 'writing_submissions', 'writing_events',
	// Exams: an attempt starts the clock, so only the 开始考试 POST may make one; the 错题本's review log counts reviews.
	'exam_attempts', 'exam_answers', 'exam_leave_events', 'exam_certificates', 'notebook_entries', 'first_tries', 'notebook_cards', 'notebook_reviews'
];

async function countedSnapshot(): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const table of COUNTED_TABLES) {
		out[table] = (await selectRows<Record<string, unknown>>(db, sql`select * from ${sql.identifier(table)}`)).map((r) => JSON.stringify(r)).sort();
	}
	return out;
}

type Role = 'learner' | 'organizer' | 'admin';
const people = {} as Record<Role, SessionUser>;
const ids = { exam: 0, examAttempt: 0, certificate: 0, certificateCode: '', unit: 0, course: 'e2e-demo', lesson: 'gongwu-huodong', regulation: 'sample-lianzheng-guize', attempt: 0, readingList: 0, activity: 0, notice: 0, competition: 0, checkinCode: '', pledge: 0, collection: 0, writingFile: 0 };

/** Parameter values that name real rows, so each load goes past its 404 to the code that matters. */
function param(file: string, name: string): string {
	const url = urlPathOf(file);
	if (name === 'slug') return url.startsWith('/regulations') ? ids.regulation : ids.course;
	if (name === 'lesson') return ids.lesson;
	if (name === 'number') return '4';
	if (name === 'code') return url.startsWith('/verify') ? ids.certificateCode : ids.checkinCode;
	if (name === 'attempt') return String(ids.examAttempt);
	if (name === 'id') {
		if (url.startsWith('/quiz/')) return String(ids.attempt);
		if (url.includes('/reading-lists/')) return String(ids.readingList);
		if (url.includes('/activities/')) return String(ids.activity);
		if (url.includes('/notices/')) return String(ids.notice);
		if (url.includes('/competitions/')) return String(ids.competition);
		if (url.includes('/people/')) return String(people.learner.id);
		if (url.includes('/units/')) return String(ids.unit);
		if (url.includes('/pledges/')) return String(ids.pledge);
		if (url.includes('/writings/')) return String(ids.collection);
		if (url.startsWith('/files/')) return String(ids.writingFile);
		if (url.includes('/exams/')) return String(ids.exam);
		if (url.startsWith('/certificates/')) return String(ids.certificate);
	}
	return '1';
}

/** Address variants some pages take (a regulation part, a filtered list, a year of the record). */
const SEARCHES: Record<string, string[]> = {
	'/regulations/[slug]/read': ['', '?scope=1-3'],
	'/me': ['', '?year=2026'],
	'/org/reading-lists/[id]': ['', '?status=pending']
};

async function insertPerson(username: string, role: Role, orgUnitId: number): Promise<SessionUser> {
	const row = await db.insert(users).values({ username, name: username, role, orgUnitId, passwordHash: 'x', mustChangePassword: false }).returning().get();
	const unit = (await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId)).get())!;
	return { id: row.id, username: row.username, name: row.name, role, orgUnitId, unitPath: unit.path, isLeader: false, mustChangePassword: false };
}

beforeAll(async () => {
	const now = new Date();
	const report = await loadContent(db, 'tests/e2e/fixtures/content');
	if (report.errors.length) throw new Error(JSON.stringify(report.errors));
	const loaded = await loadCompetitions(db, writeContentDir());
	if (loaded.errors.length) throw new Error(JSON.stringify(loaded.errors));

	const unit = await ensureUnitByNamePath(db, '加载测试单位/第一党支部');
	ids.unit = unit.id;
	for (const role of ['learner', 'organizer', 'admin'] as const) people[role] = await insertPerson(`loads-${role}`, role, unit.id);

	// A reading list (counting earlier study) of both lessons and the whole regulation, made
	// before the learner did anything: nothing is recorded for it at creation.
	const lessonRows = await db.select({ id: lessons.id, slug: lessons.slug, versionId: lessons.currentVersionId }).from(lessons).all();
	const regulation = (await db.select().from(regulations).where(eq(regulations.slug, ids.regulation)).get())!;
	const quiz = (await db.select().from(questionSets).where(eq(questionSets.slug, 'course/e2e-demo')).get())!;
	const start = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
	const due = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
	ids.readingList = await createReadingList(db, people.organizer.id, {
		kind: '读书思廉',
		title: '加载测试任务',
		unitId: unit.id,
		audience: 'all',
		personIds: [],
		startDate: start,
		dueDate: due,
		note: '',
		countEarlier: true,
		items: [{ type: 'course', id: (await db.select().from(lessons).get())!.courseId }, { type: 'regulation', id: regulation.id }]
	});

	// Then the learner's event rows, written directly (not through their write paths), so every
	// course and list is complete but no completion is recorded: a load that "catches up" would write.
	const earlier = new Date(now.getTime() - 86_400_000);
	for (const l of lessonRows) {
		await db.insert(readingCheckins).values({ userId: people.learner.id, lessonId: l.id, lessonVersionId: l.versionId!, openedAt: earlier, signedAt: new Date(earlier.getTime() + 60_000) }).run();
	}
	ids.attempt = (await db
		.insert(quizAttempts)
		.values({ userId: people.learner.id, setId: quiz.id, setHash: quiz.contentHash, questionIds: [], startedAt: earlier, submittedAt: new Date(earlier.getTime() + 60_000), correctCount: 4, totalCount: 4, score: 100, passScore: quiz.passScore, passed: true })
		.returning()
		.get()).id;
	await db.insert(regulationCheckins).values({ userId: people.learner.id, ...(await measureRegulationScope(db, regulation.id))!, openedAt: earlier, signedAt: new Date(earlier.getTime() + 3_600_000) }).run();
	// The organizer has a lesson open (not signed), the admin nothing: their pages show the start button.
	await db.insert(readingCheckins).values({ userId: people.organizer.id, lessonId: lessonRows[0].id, lessonVersionId: lessonRows[0].versionId!, openedAt: earlier }).run();
	expect(await db.select().from(lessonVersions).all()).toHaveLength(2);

	// An activity open for QR sign-in now, an unread notice, and a competition in its lobby.
	const activity = await db
		.insert(activities)
		.values({ kind: '集中学习', source: 'offline', title: '加载测试学习', unitId: unit.id, startsAt: new Date(now.getTime() - 600_000), endsAt: new Date(now.getTime() + 3_600_000), checkinToken: generateCheckinToken(), createdBy: people.organizer.id })
		.returning()
		.get();
	ids.activity = activity.id;
	ids.checkinCode = checkinCode(activity, now);
	await db.insert(attendances).values({ activityId: activity.id, userId: people.admin.id, method: 'organizer', at: now, memberUnitId: unit.id }).run();
	ids.notice = (await db.insert(notices).values({ unitId: unit.id, title: '加载测试通知', body: '正文', createdBy: people.organizer.id, publishedAt: earlier }).returning().get()).id;
	const setId = (await db.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, 'competition/test-bank')).get())!.id;
	const competition = await createCompetition(db, {
		title: '加载测试竞赛',
		ownerId: people.organizer.id,
		orgUnitId: unit.id,
		format: 'individual',
		teamMode: null,
		teamDepth: null,
		teamNames: [],
		allowGuests: false,
		stakeSeconds: 10,
		stakes: [10, 20, 30],
		rounds: [{ kind: 'required', setId, count: 2, points: 100, seconds: 20 }]
	});
	if (!competition.ok) throw new Error(JSON.stringify(competition.errors));
	ids.competition = competition.competitionId;

	// A pledge the learner has not read or signed, and a writing collection the learner handed a
	// piece in to: their pages show the buttons that record, and must not press them.
	const scope = await scopeFor(db, people.organizer);
	const pledge = await savePledge(db, { scope, actorId: people.organizer.id, draft: { kind: '承诺书', title: '加载测试承诺书', unitId: unit.id, audience: 'all', usernames: [], letters: [], dueDate: due, minReadSeconds: 0, body: '本人郑重承诺：严守纪律。' } });
	if (!pledge.ok) throw new Error(JSON.stringify(pledge.errors));
	ids.pledge = pledge.id;
	const collection = await saveCollection(db, {
		scope,
		actorId: people.organizer.id,
		draft: { kind: '心得体会', title: '加载测试心得', theme: '谈体会', unitId: unit.id, audience: 'all', usernames: [], dueDate: due, minChars: 10, allowText: true, docxMaxMb: 5, imageMaxMb: 1, pdfMaxMb: null }
	});
	if (!collection.ok) throw new Error(JSON.stringify(collection.errors));
	ids.collection = collection.id;
	const piece = await saveSubmission(db, people.learner, collection.id, { title: '学习体会', body: '通过学习，我深刻认识到严守纪律的重要性。', uploads: [], removeFileIds: [] }, true);
	if (!piece.ok) throw new Error(piece.message);

	// An exam open now with two attempts allowed: the learner passed the first (a certificate) and
	// may start again, the organizer and admin have not started. Their exam pages offer 开始考试,
	// which is a POST: no load may start the clock. A wrong quiz answer puts a card in the 错题本.
	const bankId = await seedDemoBank(db);
	const exam = await saveExam(db, {
		scope: null,
		actorId: people.organizer.id,
		now: now.getTime() - 7_200_000,
		draft: { title: '加载测试考试', description: '', unitId: unit.id, audience: 'all', usernames: [], batch: null, paperMode: 'random', sections: sections(bankId, { single: 2, truefalse: 2 }), shuffleOptions: true, opensAt: now.getTime() - 3_600_000, closesAt: now.getTime() + 86_400_000, timeLimitMinutes: 30, attemptsAllowed: 2, passScore: 20, showAnswers: true, autoSubmitLeaves: null }
	});
	if (!exam.ok) throw new Error(JSON.stringify(exam.errors));
	ids.exam = exam.id;
	const started = await startAttempt(db, { person: people.learner, examId: exam.id }, now.getTime() - 1_800_000);
	if (!started.ok) throw new Error(started.message);
	ids.examAttempt = started.attemptId;
	for (const a of await answersFor(db, exam.id, people.learner.id, () => true)) {
		const saved = await saveAnswer(db, { userId: people.learner.id, examId: exam.id, questionId: a.questionId, values: a.values, revision: 0 }, now.getTime() - 1_700_000);
		if (!saved.ok) throw new Error(saved.message);
	}
	const submitted = await submitAttempt(db, { userId: people.learner.id, examId: exam.id, attemptId: started.attemptId }, now.getTime() - 1_600_000);
	if (!submitted.ok) throw new Error(submitted.message);
	const certificate = (await db.select().from(examCertificates).where(eq(examCertificates.attemptId, started.attemptId)).get())!;
	ids.certificate = certificate.id;
	ids.certificateCode = certificate.code;
	const wrong = (await answersFor(db, exam.id, people.learner.id, () => false))[0];
	await db.transaction((tx) => recordGradedAnswers(tx, [{ userId: people.learner.id, questionId: wrong.questionId, source: 'quiz', sourceId: ids.attempt, response: ['错答'], correct: false, at: earlier.getTime() }]));
	baseline = await countedSnapshot();
});

/** The counted tables as the set-up left them: every test compares with this. */
let baseline: Record<string, string[]> = {};

/** Counted rows written since the set-up: [] when none. */
async function writtenSinceSetUp(): Promise<string[]> {
	const now = await countedSnapshot();
	return COUNTED_TABLES.filter((t) => JSON.stringify(baseline[t]) !== JSON.stringify(now[t])).map((t) => `${t}: ${now[t].filter((r) => !baseline[t].includes(r)).slice(0, 2).join(' ')}`);
}

afterAll(async () => {
	await competitionEngine.shutdown();
});

/** Every load and GET handler of every route module. */
async function loads(): Promise<Call[]> {
	return (await Promise.all(onDisk.map(callsOf))).flat().filter((c) => c.kind === 'load' || c.name === 'GET' || c.name === 'HEAD');
}

/** Awaits what a load returns, including promises it streams, so lazy work runs too. */
async function settle(value: unknown): Promise<void> {
	if (value instanceof Response) {
		await value.body?.cancel().catch(() => {});
		return;
	}
	if (value && typeof value === 'object') {
		for (const v of Object.values(value)) if (v instanceof Promise) await v.catch(() => {});
	}
}

describe('page loads', () => {
	it('call real rows: the learner’s pages are shown, not refused', async () => {
		const shown: string[] = [];
		for (const c of await loads()) {
			if (!/^\/src\/routes\/(\(app\)\/|\+page)/.test(c.file) || c.kind !== 'load') continue;
			const outcome = await run(c, { user: people.learner, param });
			if (outcome.thrown === null) shown.push(urlPathOf(c.file));
			else if (isHttpError(outcome.thrown) && outcome.thrown.status === 404 && urlPathOf(c.file) === '/regulations/[slug]/compare') continue; // one edition: nothing to compare
			else if (!isRedirect(outcome.thrown)) throw new Error(`${c.file}: ${isHttpError(outcome.thrown) ? outcome.thrown.status : String(outcome.thrown)}`);
		}
		expect(shown).toEqual(
			expect.arrayContaining(['/', '/courses', '/courses/[slug]', '/courses/[slug]/[lesson]', '/regulations', '/regulations/[slug]', '/regulations/[slug]/read', '/reading-lists', '/reading-lists/[id]', '/me', '/me/record', '/notices/[id]', '/checkin/[code]', '/pledges', '/pledges/[id]', '/writings', '/writings/[id]', '/exams', '/exams/[id]', '/exams/[id]/result/[attempt]', '/notebook', '/notebook/review', '/certificates/[id]'])
		);
		expect(await writtenSinceSetUp()).toEqual([]);
	});

	it.each(['learner', 'organizer', 'admin'] as const)('write no counted record when run twice as %s', async (role) => {
		const ran: string[] = [];
		for (const c of await loads()) {
			for (const search of SEARCHES[urlPathOf(c.file)] ?? ['']) {
				for (let i = 0; i < 2; i++) {
					const outcome = await run(c, { user: people[role], param, search });
					await settle(outcome.returned);
				}
				ran.push(`${urlPathOf(c.file)}${search} ${c.name}`);
			}
		}
		expect(await writtenSinceSetUp()).toEqual([]);
		expect(ran.length).toBeGreaterThan(60);
	});

	it('left the learner’s completions unrecorded, as a load found them (the counted rows were there to be written)', async () => {
		expect(await db.select().from(attendances).where(eq(attendances.userId, people.learner.id)).all()).toEqual([]);
		expect(await selectRows(db, sql`select * from course_completions`)).toEqual([]);
	});
});
