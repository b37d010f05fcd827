import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, snapshotAllRows } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { courses, questionSets, quizAttempts, users } from '../db/schema/index.ts';
import { createUnit, scopeFor, type Scope } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { createSession } from './activities.ts';
import { saveTickedAttendance } from './attendance.ts';
import { addPart, partsOf, removePart } from './parts.ts';
import { computeReport } from '../reports/report.ts';

// A 主题党日 with a quiz as its part: the activity is 1 次 with its attendance; each attendee is shown
// as having done the quiz during the activity, before it, after it, or not at all.

const at = (s: string) => parseLocalDateTime(s)!;
let db: DB;
let scopeA: Scope;
let scopeB: Scope;
let activityId = 0;
let setId = 0;
let rootId = 0;
const ids = {} as Record<'org' | 'orgB' | 'both' | 'before' | 'after' | 'never', number>;

beforeAll(async () => {
	db = await createTestDatabase();
	const R = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	rootId = R.id;
	const A = await createUnit(db, { parentId: R.id, name: '第一支部', kind: '党支部' });
	const B = await createUnit(db, { parentId: R.id, name: '第二支部', kind: '党支部' });
	const person = async (username: string, unitId: number, role: 'learner' | 'organizer' = 'learner') =>
		(await db.insert(users).values({ username, name: username, orgUnitId: unitId, role, passwordHash: '!', mustChangePassword: false }).returning().get()).id;
	ids.org = await person('org', A.id, 'organizer');
	ids.orgB = await person('orgB', B.id, 'organizer');
	for (const k of ['both', 'before', 'after', 'never'] as const) ids[k] = await person(k, A.id);
	scopeA = await scopeFor(db, { role: 'organizer', orgUnitId: A.id });
	scopeB = await scopeFor(db, { role: 'organizer', orgUnitId: B.id });
	const course = await db.insert(courses).values({ slug: 'c', title: '课程', sourcePath: 'c', contentHash: 'h' }).returning().get();
	setId = (await db.insert(questionSets).values({ slug: 'course/c', kind: 'course-quiz', courseId: course.id, title: '廉洁测验', sourcePath: 'c/quiz.md', contentHash: 'h' }).returning().get()).id;
	activityId = (await createSession(db, ids.org, { kind: '主题党日', title: '主题党日', unitId: A.id, startsAt: at('2026-04-10T09:00'), endsAt: at('2026-04-10T11:00'), place: '', speaker: '', courseId: null, regulationId: null, notes: '', checkinGraceMinutes: 30 })).id;
	await saveTickedAttendance(db, { activityId, actorId: ids.org, listed: [ids.both, ids.before, ids.after, ids.never], ticked: [ids.both, ids.before, ids.after, ids.never], now: at('2026-04-10T09:10') });
	const attempt = async (userId: number, when: string) =>
		await db.insert(quizAttempts).values({ userId, setId, setHash: 'h', questionIds: [], startedAt: at(when), submittedAt: at(when), correctCount: 1, totalCount: 1, score: 100, passScore: 80, passed: true }).run();
	await attempt(ids.both, '2026-03-01T10:00');
	await attempt(ids.both, '2026-04-10T10:00');
	await attempt(ids.before, '2026-03-01T10:00');
	await attempt(ids.after, '2026-04-12T10:00');
});

describe('parts of an activity', () => {
	it('are added only by the activity’s organizers, from records that exist', async () => {
		const before = await snapshotAllRows(db);
		expect(await addPart(db, { scope: scopeB, actorId: ids.orgB, activityId, partType: 'quiz', refId: setId })).toEqual({ ok: false, message: '活动不存在' });
		expect(await addPart(db, { scope: scopeA, actorId: ids.org, activityId, partType: 'quiz', refId: 99_999 })).toMatchObject({ ok: false, message: expect.stringContaining('不存在') });
		expect(await snapshotAllRows(db)).toBe(before);
		expect(await addPart(db, { scope: scopeA, actorId: ids.org, activityId, partType: 'quiz', refId: setId })).toEqual({ ok: true, message: '已添加活动环节：廉洁测验' });
		expect(await addPart(db, { scope: scopeA, actorId: ids.org, activityId, partType: 'quiz', refId: setId })).toEqual({ ok: false, message: '该环节已经添加过了' });
	});

	it('show each attendee during, before, after or not at all — a quiz taken before and again at the activity is done during it', async () => {
		const [part] = await partsOf(db, { id: activityId, startsAt: at('2026-04-10T09:00'), endsAt: at('2026-04-10T11:00'), checkinGraceMinutes: 30 });
		expect(part.counts).toEqual({ during: 1, before: 1, after: 1, 'not-done': 1 });
		expect([ids.both, ids.before, ids.after, ids.never].map((id) => part.byUser[id])).toEqual(['during', 'before', 'after', 'not-done']);
	});

	it('add no figure: the activity is 1 次 with its 4 人次, the quizzes count as quizzes', async () => {
		const report = await computeReport(db, { unitId: rootId, from: '2026-01-01', to: '2026-06-30' });
		expect(report.total).toMatchObject({ activities: 1, attendances: 4, quizAttempts: 4 });
		expect(report.total.byKind).toEqual({ 主题党日: 1 });
	});

	it('are removed without touching their records', async () => {
		const [part] = await partsOf(db, { id: activityId, startsAt: at('2026-04-10T09:00'), endsAt: at('2026-04-10T11:00'), checkinGraceMinutes: 30 });
		expect(await removePart(db, { scope: scopeB, activityId, partId: part.id })).toEqual({ ok: false, message: '活动不存在' });
		expect(await removePart(db, { scope: scopeA, activityId, partId: part.id })).toMatchObject({ ok: true });
		expect(await partsOf(db, { id: activityId, startsAt: at('2026-04-10T09:00'), endsAt: at('2026-04-10T11:00'), checkinGraceMinutes: 30 })).toEqual([]);
		expect((await db.select().from(quizAttempts).all()).length).toBe(4);
	});
});
