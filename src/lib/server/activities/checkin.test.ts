import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/client.ts';
import { attendances, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { createSession, cancelActivity } from './sessions.ts';
import { checkinView, regenerateCheckinToken, signInByQr } from './checkin.ts';
import { attendeesOf } from './attendance.ts';
import { parseLocalDateTime } from './time.ts';

const at = (s: string) => parseLocalDateTime(s)!;

function setup() {
	const db = createTestDatabase();
	const root = createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	const branch = createUnit(db, { parentId: root.id, name: '第一支部', kind: '党支部' });
	const other = createUnit(db, { parentId: root.id, name: '第二支部', kind: '党支部' });
	const person = (username: string, unitId: number) =>
		db.insert(users).values({ username, name: username, orgUnitId: unitId, passwordHash: '!', mustChangePassword: false }).returning().get();
	const member = person('member', branch.id);
	const visitor = person('visitor', other.id);
	const organizer = person('organizer', branch.id);
	const session = createSession(db, organizer.id, {
		kind: '集中学习',
		title: '集中学习',
		unitId: branch.id,
		startsAt: at('2026-03-10T14:00'),
		endsAt: at('2026-03-10T16:00'),
		place: '',
		speaker: '',
		courseId: null,
		regulationId: null,
		notes: '',
		checkinGraceMinutes: 20
	});
	const rows = (userId: number) => db.select().from(attendances).where(and(eq(attendances.activityId, session.id), eq(attendances.userId, userId))).all();
	return { db, session, member, visitor, organizer, rows, branch };
}

describe('QR sign-in', () => {
	it('uses a random 160-bit code per session', () => {
		const { db, session, organizer, branch } = setup();
		const second = createSession(db, organizer.id, { ...session, unitId: branch.id, courseId: null, regulationId: null });
		expect(session.checkinToken).toMatch(/^[a-z2-7]{32}$/);
		expect(second.checkinToken).not.toBe(session.checkinToken);
	});

	it('signs in from 30 minutes before the start to the end plus the grace period, measured by the server clock', () => {
		const { db, session, member, rows } = setup();
		const early = signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T13:29'));
		expect(early).toMatchObject({ ok: false, state: 'not-open' });
		expect(early.ok === false && early.message).toContain('签到尚未开始');
		expect(rows(member.id)).toHaveLength(0);
		expect(signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T13:30'))).toMatchObject({ ok: true, already: false });
		expect(rows(member.id)).toHaveLength(1);
		expect(rows(member.id)[0]).toMatchObject({ method: 'qr', at: at('2026-03-10T13:30') });
	});

	it('still works at the end of the grace period and refuses one minute later', () => {
		const { db, session, member, visitor, rows } = setup();
		expect(signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T16:20')).ok).toBe(true);
		const late = signInByQr(db, session.checkinToken!, visitor.id, at('2026-03-10T16:21'));
		expect(late).toMatchObject({ ok: false, state: 'closed' });
		expect(late.ok === false && late.message).toContain('签到已结束');
		expect(rows(visitor.id)).toHaveLength(0);
	});

	it('treats a second sign-in as harmless and reports the first time', () => {
		const { db, session, member, rows } = setup();
		signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T14:00'));
		const again = signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T14:30'));
		expect(again).toMatchObject({ ok: true, already: true, at: at('2026-03-10T14:00') });
		expect(rows(member.id)).toHaveLength(1);
		expect(checkinView(db, session.checkinToken!, member.id, at('2026-03-10T14:31')).signedAt).toEqual(at('2026-03-10T14:00'));
	});

	it('refuses forged, unknown and replaced codes without storing anything', () => {
		const { db, session, member, rows } = setup();
		for (const token of ['', 'abc', session.checkinToken!.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), '../../etc/passwd', 'A'.repeat(32)]) {
			const result = signInByQr(db, token, member.id, at('2026-03-10T14:00'));
			expect(result).toMatchObject({ ok: false, state: 'unknown' });
			expect(result.ok === false && result.message).toContain('签到码无效');
		}
		const old = session.checkinToken!;
		const fresh = regenerateCheckinToken(db, session.id);
		expect(signInByQr(db, old, member.id, at('2026-03-10T14:00'))).toMatchObject({ ok: false, state: 'unknown' });
		expect(rows(member.id)).toHaveLength(0);
		expect(signInByQr(db, fresh, member.id, at('2026-03-10T14:00')).ok).toBe(true);
	});

	it('refuses a cancelled session', () => {
		const { db, session, member, organizer, rows } = setup();
		cancelActivity(db, session.id, organizer.id, '改期', at('2026-03-10T12:00'));
		const result = signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T14:00'));
		expect(result).toMatchObject({ ok: false, state: 'cancelled' });
		expect(result.ok === false && result.message).toBe('该活动已取消，无需签到。');
		expect(rows(member.id)).toHaveLength(0);
	});

	it('lets a visitor from another unit sign in, marked as 外单位 in the list', () => {
		const { db, session, member, visitor } = setup();
		signInByQr(db, session.checkinToken!, member.id, at('2026-03-10T14:00'));
		signInByQr(db, session.checkinToken!, visitor.id, at('2026-03-10T14:01'));
		const list = attendeesOf(db, session);
		expect(list.map((a) => [a.username, a.unitName, a.external])).toEqual([
			['member', '第一支部', false],
			['visitor', '第二支部', true]
		]);
	});

	it('describes the session on the learner page but nothing about unknown codes', () => {
		const { db, session, member } = setup();
		const view = checkinView(db, session.checkinToken!, member.id, at('2026-03-10T14:00'));
		expect(view).toMatchObject({ state: 'open', message: null, signedAt: null });
		expect(view.activity).toMatchObject({ title: '集中学习', unitName: '第一支部', window: '2026/03/10 13:30 至 16:20' });
		expect(checkinView(db, 'x'.repeat(32), member.id, at('2026-03-10T14:00'))).toMatchObject({ state: 'unknown', activity: null });
	});
});
