import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { activities, attendances, notices } from '../../src/lib/server/db/schema/index.ts';
import { scopeFor } from '../../src/lib/server/org/units.ts';
import { getActivity, listActivities, saveActivity } from '../../src/lib/server/activities/activities.ts';
import { reportParams } from '../../src/lib/server/reports/params.ts';
import { reportRecords } from '../../src/lib/server/reports/records.ts';
import { getReadingList, listReadingLists, saveReadingList } from '../../src/lib/server/reading-lists/reading-lists.ts';
import { getNotice, listNotices, markNoticeRead, noticeForLearner, publishNotice } from '../../src/lib/server/notices/notices.ts';
import { at, buildReportFixture } from './report-fixture.ts';

// An organizer of one branch must not see or touch another branch's sessions, lists, notices
// or report, whatever id they put in a URL or a form.
const f = await buildReportFixture();
const scopeA = await scopeFor(f.db, f.organizers.organizerA); // 第一支部
const scopeB = await scopeFor(f.db, f.organizers.organizerB); // 第二支部
const scopeR = await scopeFor(f.db, f.organizers.organizerR); // 机关党委
const adminScope = await scopeFor(f.db, f.organizers.admin);
const sessionInput = { kind: '集中学习' as const, title: '学习', startsAt: at('2026-09-01T09:00'), endsAt: at('2026-09-01T10:00'), place: '', speaker: '', courseId: null, regulationId: null, notes: '', checkinGraceMinutes: 30 };

describe('scope of a branch organizer', () => {
	it('sees its own sessions but not another branch’s, neither in lists nor by id', async () => {
		expect((await getActivity(f.db, scopeA, f.sessions.s1.id))?.title).toBe('学习《廉洁自律准则》');
		expect(await getActivity(f.db, scopeB, f.sessions.s1.id)).toBeUndefined();
		expect(await getActivity(f.db, scopeA, f.sessions.s3.id)).toBeUndefined(); // held by the parent 机关党委
		expect(await getActivity(f.db, scopeR, f.sessions.s1.id)).toBeDefined();
		expect(await getActivity(f.db, scopeR, f.sessions.s6.id)).toBeUndefined(); // outside 机关党委
		expect(await getActivity(f.db, adminScope, f.sessions.s6.id)).toBeDefined();
		const titles = (await listActivities(f.db, scopeB, { includeCancelled: true })).map((a) => a.title);
		expect(titles).toEqual(expect.arrayContaining(['观看警示教育片', '谈心谈话']));
		expect(titles).not.toContain('学习《廉洁自律准则》');
	});

	it('cannot record or edit a session of another unit, and nothing is written', async () => {
		const before = (await f.db.select({ n: count() }).from(activities).get())!.n;
		expect(await saveActivity(f.db, { scope: scopeB, actorId: f.organizers.organizerB.id, session: { ...sessionInput, unitId: f.units.A.id } })).toMatchObject({ ok: false, errors: { unitId: expect.any(String) } });
		expect(await saveActivity(f.db, { scope: scopeB, actorId: f.organizers.organizerB.id, id: f.sessions.s1.id, session: { ...sessionInput, unitId: f.units.B.id } })).toMatchObject({ ok: false, status: 404 });
		expect((await f.db.select({ n: count() }).from(activities).get())!.n).toBe(before);
		expect((await f.db.select().from(activities).where(eq(activities.id, f.sessions.s1.id)).get())!.title).toBe('学习《廉洁自律准则》');
	});

	it('cannot open another branch’s report, records or a row that is not a child', async () => {
		expect(await reportParams(f.db, scopeB, new URLSearchParams({ unit: String(f.units.A.id) }))).toMatchObject({ ok: false, status: 404 });
		expect(await reportParams(f.db, scopeB, new URLSearchParams({ unit: String(f.units.R.id) }))).toMatchObject({ ok: false, status: 404 });
		expect(await reportParams(f.db, scopeB, new URLSearchParams({ unit: '99999' }))).toMatchObject({ ok: false, status: 404 });
		expect(await reportParams(f.db, scopeB, new URLSearchParams({ unit: 'abc' }))).toMatchObject({ ok: false, status: 404 });
		// Without ?unit the report opens on the organizer's own unit.
		expect(await reportParams(f.db, scopeB, new URLSearchParams())).toMatchObject({ ok: true, unit: { id: f.units.B.id } });
		expect(await reportParams(f.db, scopeR, new URLSearchParams({ unit: String(f.units.A1.id) }))).toMatchObject({ ok: true });
		expect(await reportRecords(f.db, { unitId: f.units.B.id, from: '2026-01-01', to: '2026-06-30', metric: 'attendances', row: f.units.A.id })).toBeUndefined();
	});

	it('refuses a bad period with a message', async () => {
		expect(await reportParams(f.db, scopeB, new URLSearchParams({ period: 'custom', from: '2026-06-30', to: '2026-01-01' }))).toMatchObject({ ok: false, status: 400, message: '结束日期不能早于开始日期' });
		expect(await reportParams(f.db, scopeB, new URLSearchParams({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }))).toMatchObject({ ok: false, status: 400, message: '请填写有效的起止日期' });
	});

	it('cannot see, edit or target reading lists and notices outside its subtree', async () => {
		expect(await getReadingList(f.db, scopeR, f.readingListId)).toBeDefined();
		expect(await getReadingList(f.db, scopeA, f.readingListId)).toBeUndefined();
		expect(await listReadingLists(f.db, scopeA)).toEqual([]);
		const draft = { kind: '读书思廉' as const, title: 'x', unitId: f.units.A.id, audience: 'named' as const, usernames: ['b1'], startDate: '2026-09-01', dueDate: '2026-09-30', note: '', countEarlier: false, items: [{ type: 'lesson' as const, id: f.L1.id }] };
		expect(await saveReadingList(f.db, { scope: scopeB, actorId: f.organizers.organizerB.id, draft })).toMatchObject({ ok: false, errors: { unitId: expect.any(String) } });
		expect(await saveReadingList(f.db, { scope: scopeA, actorId: f.organizers.organizerA.id, draft })).toMatchObject({ ok: false, errors: { people: '以下用户名不存在或不属于所选单位：b1' } });
		expect(await saveReadingList(f.db, { scope: scopeA, actorId: f.organizers.organizerA.id, id: f.readingListId, draft: { ...draft, usernames: ['a1'] } })).toMatchObject({ ok: false, status: 404 });

		const published = await publishNotice(f.db, { scope: scopeA, actorId: f.organizers.organizerA.id, notice: { unitId: f.units.A.id, title: '春节前廉洁提醒', body: '严守中央八项规定精神。' }, now: at('2026-02-10T09:00') });
		expect(published.ok).toBe(true);
		const id = published.ok ? published.id : 0;
		expect(await publishNotice(f.db, { scope: scopeA, actorId: f.organizers.organizerA.id, notice: { unitId: f.units.B.id, title: 'x', body: 'x' } })).toMatchObject({ ok: false });
		expect(await getNotice(f.db, scopeB, id)).toBeUndefined();
		expect((await listNotices(f.db, scopeB)).map((n) => n.id)).not.toContain(id);
		expect((await listNotices(f.db, scopeR)).map((n) => n.id)).toContain(id);
		// Learners: only people of 第一支部 (and its group) may open or mark it.
		expect((await noticeForLearner(f.db, f.people.a4, id))?.title).toBe('春节前廉洁提醒');
		expect(await noticeForLearner(f.db, f.people.b1, id)).toBeUndefined();
		expect(await markNoticeRead(f.db, f.people.b1, id)).toBe(false);
		expect((await f.db.select({ n: count() }).from(notices).where(eq(notices.id, id)).get())!.n).toBe(1);
	});

	it('refuses to remove the records of a live competition by hand', async () => {
		const { removeAttendance } = await import('../../src/lib/server/activities/attendance.ts');
		expect(await removeAttendance(f.db, f.live.activityId, f.people.r1.id)).toMatchObject({ ok: false });
		expect((await f.db.select({ n: count() }).from(attendances).where(eq(attendances.activityId, f.live.activityId)).get())!.n).toBe(3);
	});
});
