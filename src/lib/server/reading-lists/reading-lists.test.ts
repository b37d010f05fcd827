import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { readingLists, attendances, courses, lessons, lessonVersions, questionSets, quizAttempts, readingCheckins, regulationArticles, regulations, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { createNotice, markNoticeRead } from '../notices/notices.ts';
import { createReadingList, saveReadingList, updateReadingList, type ReadingListInput } from './reading-lists.ts';
import { learnerReadingLists, learnerHomeExtras } from './learner.ts';
import { readingListProgress, recordLearningProgress } from './progress.ts';
import { signRegulation, startRegulationReading } from '../reading/regulations.ts';
import { updatePerson } from '../people/accounts.ts';

const at = (s: string) => parseLocalDateTime(s)!;

async function setup() {
	const db = await createTestDatabase();
	const root = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	const branch = await createUnit(db, { parentId: root.id, name: '第一支部', kind: '党支部' });
	const other = await createUnit(db, { parentId: root.id, name: '第二支部', kind: '党支部' });
	const person = async (username: string, unitId: number, isLeader = false) =>
		await db.insert(users).values({ username, name: username, orgUnitId: unitId, isLeader, passwordHash: '!', mustChangePassword: false }).returning().get();
	const leader = await person('leader', branch.id, true);
	const cadre = await person('cadre', branch.id);
	const elsewhere = await person('elsewhere', other.id);
	const organizer = await person('org', root.id);
	const course = await db.insert(courses).values({ slug: 'c', title: '纪律处分条例', sourcePath: 'c', contentHash: 'h' }).returning().get();
	const lesson = async (ordinal: number) => {
		const l = await db.insert(lessons).values({ courseId: course.id, slug: `l${ordinal}`, ordinal, title: `第${ordinal}课`, minReadSeconds: 60 }).returning().get();
		const v = await db.insert(lessonVersions).values({ lessonId: l.id, contentHash: 'v', bodyHtml: '', charCount: 1 }).returning().get();
		await db.update(lessons).set({ currentVersionId: v.id }).where(eq(lessons.id, l.id)).run();
		return { ...l, versionId: v.id };
	};
	const l1 = await lesson(1);
	const l2 = await lesson(2);
	const quiz = await db.insert(questionSets).values({ slug: 'course/c', kind: 'course-quiz', courseId: course.id, title: '测验', sourcePath: 'q', contentHash: 'h' }).returning().get();
	// A regulation of two chapters: 第一章 总则 (articles 1–3) and 第二章 规范 (4–6), 100 characters each.
	const regulation = await db.insert(regulations).values({ slug: 'r', title: '廉洁自律准则', sourcePath: 'r', contentHash: 'h' }).returning().get();
	for (let n = 1; n <= 6; n++) {
		const label = `第${'一二三四五六'[n - 1]}条`;
		await db.insert(regulationArticles)
			.values({ regulationId: regulation.id, number: n, label, ordinal: n, chapterTitle: n <= 3 ? '第一章 总则' : '第二章 规范', bodyText: '廉'.repeat(100 - label.length), bodyHtml: '<p>…</p>' })
			.run();
	}
	/** Reads a part of the regulation from `from` and signs it at `to` (600 characters: 72 s; 300: 36 s). */
	const readRegulation = async (userId: number, scope: string, from: string, to: string) => {
		const started = await startRegulationReading(db, { userId, slug: 'r', scope, contentHash: 'h' }, at(from));
		if (!started.ok) throw new Error(started.message);
		return await signRegulation(db, { userId, slug: 'r', scope, contentHash: 'h' }, at(to));
	};
	const sign = async (userId: number, l: typeof l1, when: string) =>
		await db.insert(readingCheckins).values({ userId, lessonId: l.id, lessonVersionId: l.versionId, openedAt: at(when), signedAt: at(when) }).run();
	const pass = async (userId: number, when: string, passed = true) =>
		await db.insert(quizAttempts).values({ userId, setId: quiz.id, setHash: 'h', questionIds: [], startedAt: at(when), submittedAt: at(when), totalCount: 10, score: passed ? 90 : 50, passScore: 80, passed }).run();
	const input = (over: Partial<ReadingListInput>): ReadingListInput => ({
		kind: '读书思廉',
		title: '读书思廉',
		unitId: root.id,
		audience: 'all',
		personIds: [],
		startDate: '2026-03-01',
		dueDate: '2026-03-31',
		note: '',
		countEarlier: false,
		items: [{ type: 'course', id: course.id }],
		...over
	});
	const attendanceOf = async (activityId: number) => (await db.select().from(attendances).where(eq(attendances.activityId, activityId)).orderBy(attendances.at, attendances.userId).all()).map((a) => [a.userId, a.at]);
	return { db, root, branch, other, leader, cadre, elsewhere, organizer, course, l1, l2, quiz, regulation, sign, pass, readRegulation, input, attendanceOf };
}

describe('reading lists', () => {
	it('shows a learner their lists by due date with what remains, and records completion once everything is done', async () => {
		const s = await setup();
		const late = await createReadingList(s.db, s.organizer.id, s.input({ title: '晚截止', dueDate: '2026-04-30' }), at('2026-03-01T08:00'));
		const soon = await createReadingList(s.db, s.organizer.id, s.input({ title: '早截止', dueDate: '2026-03-20', items: [{ type: 'lesson', id: s.l1.id }, { type: 'regulation', id: s.regulation.id }] }), at('2026-03-01T08:00'));
		let home = await learnerHomeExtras(s.db, s.cadre, at('2026-03-05T09:00'));
		expect(home.readingLists.map((a) => [a.title, a.remaining, a.daysLeft])).toEqual([
			['早截止', 2, 15],
			['晚截止', 1, 56]
		]);

		await s.sign(s.cadre.id, s.l1, '2026-03-06T10:00');
		// Opening the list, the home page or the regulation's page records nothing…
		expect(await s.attendanceOf(soon)).toEqual([]);
		// …signing the regulation does, in the same transaction, at the time of the signature.
		expect(await s.readRegulation(s.cadre.id, '', '2026-03-07T09:58', '2026-03-07T10:00')).toMatchObject({ ok: true });
		home = await learnerHomeExtras(s.db, s.cadre, at('2026-03-09T09:00'));
		expect(home.readingLists.map((a) => a.title)).toEqual(['晚截止']);
		const done = await s.db.select().from(attendances).where(and(eq(attendances.activityId, soon), eq(attendances.userId, s.cadre.id))).get();
		expect(done).toMatchObject({ method: 'reading-list', at: at('2026-03-07T10:00') });

		// A course needs every lesson and a passed quiz; a failed attempt is not enough.
		await s.sign(s.cadre.id, s.l2, '2026-03-10T10:00');
		await s.pass(s.cadre.id, '2026-03-11T10:00', false);
		expect(await recordLearningProgress(s.db, s.cadre.id)).toBe(0);
		await s.pass(s.cadre.id, '2026-03-12T10:00');
		expect(await learnerReadingLists(s.db, s.cadre, at('2026-03-13T09:00'))).toMatchObject([{ status: 'done' }, { status: 'done' }]);
		expect(await s.attendanceOf(late)).toEqual([]); // shown as done, recorded by the act (below), not by the page
		expect(await recordLearningProgress(s.db, s.cadre.id)).toBe(1);
		expect(await recordLearningProgress(s.db, s.cadre.id)).toBe(0);
		expect((await s.db.select().from(attendances).where(and(eq(attendances.activityId, late), eq(attendances.userId, s.cadre.id))).get())?.at).toEqual(at('2026-03-12T10:00'));
	});

	it('does not count study done before the start unless the organizer chose so when creating the list', async () => {
		const s = await setup();
		await s.sign(s.cadre.id, s.l1, '2026-01-10T10:00');
		await s.readRegulation(s.leader.id, '', '2026-02-01T09:00', '2026-02-01T09:05');
		const items = [{ type: 'lesson' as const, id: s.l1.id }, { type: 'regulation' as const, id: s.regulation.id }];
		const strict = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id, items }), at('2026-03-01T08:00'));
		const lenient = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id, items, countEarlier: true }), at('2026-03-01T08:00'));
		expect(await s.db.select({ id: readingLists.activityId, countEarlier: readingLists.countEarlier }).from(readingLists).orderBy(readingLists.activityId).all()).toEqual([
			{ id: strict, countEarlier: false },
			{ id: lenient, countEarlier: true }
		]);
		const progress = async (id: number) => Object.fromEntries((await readingListProgress(s.db, id, at('2026-03-02T09:00'))).map((p) => [p.username, [p.done, p.status, p.earlier]]));
		// Default: what was read in January does not count; both have everything still to do.
		expect(await progress(strict)).toEqual({ cadre: [0, 'not-started', 0], leader: [0, 'not-started', 0] });
		// Chosen: it counts, and the drill-down says how many items came from earlier study.
		expect(await progress(lenient)).toEqual({ cadre: [1, 'in-progress', 1], leader: [1, 'in-progress', 1] });

		// The cadre signs the regulation in March: the lenient list is complete (dated then); the
		// strict one still lacks the lesson, read again after the start.
		await s.readRegulation(s.cadre.id, '', '2026-03-03T09:00', '2026-03-03T09:05');
		expect(await s.attendanceOf(lenient)).toEqual([[s.cadre.id, at('2026-03-03T09:05')]]);
		expect(await s.attendanceOf(strict)).toEqual([]);
		expect((await readingListProgress(s.db, lenient, at('2026-03-04T09:00'))).find((p) => p.username === 'cadre')).toMatchObject({ status: 'done', earlier: 1 });
		await s.sign(s.cadre.id, s.l1, '2026-03-04T10:00');
		await recordLearningProgress(s.db, s.cadre.id);
		expect(await s.attendanceOf(strict)).toEqual([[s.cadre.id, at('2026-03-04T10:00')]]);
		expect((await readingListProgress(s.db, strict, at('2026-03-05T09:00'))).find((p) => p.username === 'cadre')).toMatchObject({ status: 'done', earlier: 0 });

		// With earlier study counted, what was all done before the start is recorded at the start.
		await s.sign(s.leader.id, s.l1, '2026-01-20T10:00');
		const later = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id, items, countEarlier: true, startDate: '2026-04-01', dueDate: '2026-04-30' }), at('2026-03-20T08:00'));
		expect(await s.attendanceOf(later)).toEqual(expect.arrayContaining([[s.leader.id, at('2026-04-01T00:00')], [s.cadre.id, at('2026-04-01T00:00')]]));
	});

	it('asks for the 必读 part of a regulation: a signature counts when it covers that part', async () => {
		const s = await setup();
		const list = await saveReadingList(s.db, {
			scope: null,
			actorId: s.organizer.id,
			draft: { ...s.input({ unitId: s.branch.id, items: [{ type: 'regulation', id: s.regulation.id, scope: '第1至3条' }] }), usernames: [] }
		});
		if (!list.ok) throw new Error(JSON.stringify(list.errors));
		const [item] = (await learnerReadingLists(s.db, s.cadre, at('2026-03-02T09:00')))[0].items;
		expect(item).toMatchObject({ scope: '1-3', scopeLabel: '第一章 总则', href: '/regulations/r/read?scope=1-3' });
		// Reading only two of the three articles is not enough; the whole text or exactly the part is.
		expect(await s.readRegulation(s.cadre.id, '1-2', '2026-03-02T09:00', '2026-03-02T09:01')).toMatchObject({ ok: true });
		expect(await s.attendanceOf(list.id)).toEqual([]);
		expect(await s.readRegulation(s.cadre.id, '', '2026-03-02T10:00', '2026-03-02T10:02')).toMatchObject({ ok: true });
		expect(await s.readRegulation(s.leader.id, '1-3', '2026-03-02T10:00', '2026-03-02T10:01')).toMatchObject({ ok: true });
		expect(await s.attendanceOf(list.id)).toEqual([
			[s.leader.id, at('2026-03-02T10:01')],
			[s.cadre.id, at('2026-03-02T10:02')]
		]);
		// A part the text does not have is refused with the number that is missing.
		const bad = await saveReadingList(s.db, { scope: null, actorId: s.organizer.id, draft: { ...s.input({ items: [{ type: 'regulation', id: s.regulation.id, scope: '5-9' }] }), usernames: [] } });
		expect(bad).toEqual({ ok: false, status: 400, errors: { items: '《廉洁自律准则》的必读范围有误：第 7 条不存在' } });
	});

	it('records the completion of someone moved into the list’s unit at the move, not when a page is shown', async () => {
		const s = await setup();
		const id = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id, items: [{ type: 'lesson', id: s.l1.id }] }), at('2026-03-01T08:00'));
		await s.sign(s.elsewhere.id, s.l1, '2026-03-05T10:00');
		await recordLearningProgress(s.db, s.elsewhere.id); // signed while in the other branch: not addressed
		expect(await s.attendanceOf(id)).toEqual([]);
		const moved = await updatePerson(s.db, { id: s.elsewhere.id, actorId: s.organizer.id, name: 'elsewhere', orgUnitId: s.branch.id, title: '', isLeader: false, role: 'learner' });
		expect(moved).toMatchObject({ ok: true });
		expect(await s.attendanceOf(id)).toEqual([[s.elsewhere.id, at('2026-03-05T10:00')]]);
	});

	it('writes nothing when the learner’s pages or the organizer’s progress are read', async () => {
		const s = await setup();
		const id = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id, items: [{ type: 'lesson', id: s.l1.id }] }), at('2026-03-01T08:00'));
		await s.sign(s.cadre.id, s.l1, '2026-03-05T10:00'); // an event row written without its write path
		await learnerHomeExtras(s.db, s.cadre, at('2026-03-06T09:00'));
		await learnerReadingLists(s.db, s.cadre, at('2026-03-06T09:00'));
		expect((await readingListProgress(s.db, id, at('2026-03-06T09:00'))).find((p) => p.username === 'cadre')?.status).toBe('done');
		expect(await s.attendanceOf(id)).toEqual([]);
	});

	it('reaches only 领导干部 or only the named people when asked to', async () => {
		const s = await setup();
		const leaders = await createReadingList(s.db, s.organizer.id, s.input({ audience: 'leaders' }));
		const named = await createReadingList(s.db, s.organizer.id, s.input({ audience: 'named', personIds: [s.elsewhere.id] }));
		expect((await readingListProgress(s.db, leaders)).map((p) => p.username)).toEqual(['leader']);
		expect((await readingListProgress(s.db, named)).map((p) => p.username)).toEqual(['elsewhere']);
		expect(await learnerReadingLists(s.db, s.cadre, at('2026-03-05T09:00'))).toEqual([]);
	});

	it('answers unknown usernames and people outside the chosen unit with one message, so existence does not leak', async () => {
		const s = await setup();
		const draft = (usernames: string[]) => ({ kind: '读书思廉' as const, title: 'x', unitId: s.branch.id, audience: 'named' as const, usernames, startDate: '2026-03-01', dueDate: '2026-03-31', note: '', countEarlier: false, items: [{ type: 'course' as const, id: s.course.id }] });
		const save = async (usernames: string[]) => await saveReadingList(s.db, { scope: null, actorId: s.organizer.id, draft: draft(usernames) });
		const outside = await save(['elsewhere']);
		const unknown = await save(['nobody']);
		expect(outside).toEqual({ ok: false, status: 400, errors: { people: '以下用户名不存在或不属于所选单位：elsewhere' } });
		expect(unknown).toEqual({ ok: false, status: 400, errors: { people: '以下用户名不存在或不属于所选单位：nobody' } });
		expect(await save(['cadre', 'elsewhere', 'nobody'])).toMatchObject({ errors: { people: '以下用户名不存在或不属于所选单位：elsewhere、nobody' } });
		expect(await s.db.select().from(readingLists).all()).toHaveLength(0);
		expect(await save(['cadre'])).toMatchObject({ ok: true });
	});

	it('tells done, in progress, not started and overdue apart', async () => {
		const s = await setup();
		await s.sign(s.cadre.id, s.l1, '2026-03-02T10:00');
		const id = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id }), at('2026-03-01T08:00'));
		const status = async (when: string) => Object.fromEntries((await readingListProgress(s.db, id, at(when))).map((p) => [p.username, p.status]));
		expect(await status('2026-03-31T23:59')).toEqual({ cadre: 'in-progress', leader: 'not-started' });
		expect(await status('2026-04-01T00:00')).toEqual({ cadre: 'overdue', leader: 'overdue' });
	});

	it('recomputes completions when the items change', async () => {
		const s = await setup();
		await s.sign(s.cadre.id, s.l1, '2026-03-02T10:00');
		const id = await createReadingList(s.db, s.organizer.id, s.input({ unitId: s.branch.id, items: [{ type: 'lesson', id: s.l1.id }] }), at('2026-03-01T08:00'));
		expect(await s.db.select().from(attendances).where(eq(attendances.activityId, id)).all()).toHaveLength(1);
		await updateReadingList(s.db, id, s.input({ unitId: s.branch.id, items: [{ type: 'lesson', id: s.l2.id }] }));
		expect(await s.db.select().from(attendances).where(eq(attendances.activityId, id)).all()).toHaveLength(0);
	});
});

describe('notices on the home page', () => {
	it('shows unread notices of the person’s units, newest first, until marked read', async () => {
		const s = await setup();
		const toAll = await createNotice(s.db, s.organizer.id, { unitId: s.root.id, title: '春节前廉洁提醒', body: '…' }, at('2026-02-01T09:00'));
		const toBranch = await createNotice(s.db, s.organizer.id, { unitId: s.branch.id, title: '支部通知', body: '…' }, at('2026-02-05T09:00'));
		await createNotice(s.db, s.organizer.id, { unitId: s.elsewhere.orgUnitId, title: '第二支部通知', body: '…' }, at('2026-02-06T09:00'));
		const titles = async () => (await learnerHomeExtras(s.db, s.cadre, at('2026-02-10T09:00'))).notices.map((n) => n.title);
		expect(await titles()).toEqual(['支部通知', '春节前廉洁提醒']);
		expect(await markNoticeRead(s.db, s.cadre, toBranch.id, at('2026-02-10T10:00'))).toBe(true);
		expect(await markNoticeRead(s.db, s.cadre, toBranch.id, at('2026-02-11T10:00'))).toBe(true);
		expect(await titles()).toEqual(['春节前廉洁提醒']);
		expect(await markNoticeRead(s.db, s.elsewhere, toBranch.id)).toBe(false);
		expect(toAll.id).toBeGreaterThan(0);
	});
});
