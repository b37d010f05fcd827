import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { readingLists, attendances, courses, lessons, lessonVersions, questionSets, quizAttempts, readingCheckins, regulations, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { createNotice, markNoticeRead } from '../notices/notices.ts';
import { createReadingList, saveReadingList, updateReadingList, type ReadingListInput } from './reading-lists.ts';
import { learnerReadingLists, learnerHomeExtras } from './learner.ts';
import { readingListProgress, recordLearningProgress, recordRegulationRead } from './progress.ts';

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
	const regulation = await db.insert(regulations).values({ slug: 'r', title: '廉洁自律准则', sourcePath: 'r', contentHash: 'h' }).returning().get();
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
		items: [{ type: 'course', id: course.id }],
		...over
	});
	return { db, root, branch, leader, cadre, elsewhere, organizer, course, l1, l2, quiz, regulation, sign, pass, input };
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
		await recordRegulationRead(s.db, s.cadre, s.regulation.id, at('2026-03-07T10:00'));
		await recordRegulationRead(s.db, s.cadre, s.regulation.id, at('2026-03-08T10:00')); // the first opening counts
		home = await learnerHomeExtras(s.db, s.cadre, at('2026-03-09T09:00'));
		expect(home.readingLists.map((a) => a.title)).toEqual(['晚截止']);
		const done = await s.db.select().from(attendances).where(and(eq(attendances.activityId, soon), eq(attendances.userId, s.cadre.id))).get();
		expect(done).toMatchObject({ method: 'reading-list', at: at('2026-03-07T10:00') });

		// A course needs every lesson and a passed quiz; a failed attempt is not enough.
		await s.sign(s.cadre.id, s.l2, '2026-03-10T10:00');
		await s.pass(s.cadre.id, '2026-03-11T10:00', false);
		expect(await recordLearningProgress(s.db, s.cadre)).toBe(0);
		await s.pass(s.cadre.id, '2026-03-12T10:00');
		expect(await recordLearningProgress(s.db, s.cadre)).toBe(1);
		expect(await recordLearningProgress(s.db, s.cadre)).toBe(0);
		expect((await s.db.select().from(attendances).where(and(eq(attendances.activityId, late), eq(attendances.userId, s.cadre.id))).get())?.at).toEqual(at('2026-03-12T10:00'));
		expect((await learnerReadingLists(s.db, s.cadre, at('2026-03-13T09:00'))).every((a) => a.status === 'done')).toBe(true);
	});

	it('counts work done before the list was assigned, at the list’s start', async () => {
		const s = await setup();
		await s.sign(s.cadre.id, s.l1, '2026-01-10T10:00');
		const id = await createReadingList(s.db, s.organizer.id, s.input({ items: [{ type: 'lesson', id: s.l1.id }] }), at('2026-03-01T08:00'));
		expect((await s.db.select().from(attendances).where(eq(attendances.activityId, id)).all()).map((a) => [a.userId, a.at])).toEqual([[s.cadre.id, at('2026-03-01T00:00')]]);
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
		const draft = (usernames: string[]) => ({ kind: '读书思廉' as const, title: 'x', unitId: s.branch.id, audience: 'named' as const, usernames, startDate: '2026-03-01', dueDate: '2026-03-31', note: '', items: [{ type: 'course' as const, id: s.course.id }] });
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
