import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { attendances, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { createSession, cancelActivity } from './activities.ts';
import { checkinCode, checkinPass, checkinView, regenerateCheckinToken, signInByQr } from './checkin.ts';
import { attendeesOf } from './attendance.ts';
import { parseLocalDateTime } from '../../time.ts';

const at = (s: string) => parseLocalDateTime(s)!;
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const STALE = '二维码已过期，请扫描现场大屏上的最新二维码。';

async function setup() {
	const db = await createTestDatabase();
	const root = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	const branch = await createUnit(db, { parentId: root.id, name: '第一支部', kind: '党支部' });
	const other = await createUnit(db, { parentId: root.id, name: '第二支部', kind: '党支部' });
	const person = async (username: string, unitId: number) =>
		await db.insert(users).values({ username, name: username, orgUnitId: unitId, passwordHash: '!', mustChangePassword: false }).returning().get();
	const member = await person('member', branch.id);
	const visitor = await person('visitor', other.id);
	const organizer = await person('organizer', branch.id);
	const session = await createSession(db, organizer.id, {
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
	const rows = async (userId: number) => await db.select().from(attendances).where(and(eq(attendances.activityId, session.id), eq(attendances.userId, userId))).all();
	const allRows = async () => await db.select().from(attendances).all();
	// The code the projector shows at a given moment, and a sign-in at that same moment.
	const code = (when: Date) => checkinCode(session, when);
	const scan = async (userId: number, when: Date) => await signInByQr(db, code(when), userId, when);
	return { db, session, member, visitor, organizer, rows, allRows, branch, code, scan };
}

describe('QR sign-in', () => {
	it('keeps a random 160-bit token per session out of the projected code', async () => {
		const { db, session, organizer, branch, code } = await setup();
		const second = await createSession(db, organizer.id, { ...session, unitId: branch.id, courseId: null, regulationId: null });
		expect(session.checkinToken).toMatch(/^[a-z2-7]{32}$/);
		expect(second.checkinToken).not.toBe(session.checkinToken);
		const shown = code(at('2026-03-10T14:00'));
		expect(shown).toMatch(new RegExp(`^${session.id}-\\d+-[a-z2-7]{16}$`));
		// The e2e test reads the printed link with this pattern.
		expect(`/checkin/${shown}`).toMatch(/\/checkin\/[A-Za-z0-9_-]{20,}$/);
		expect(shown).not.toContain(session.checkinToken);
	});

	it('shows a new code every minute', async () => {
		const { code } = await setup();
		const t = at('2026-03-10T14:00');
		expect(code(plus(t, 59))).toBe(code(t));
		expect(code(plus(t, 60))).not.toBe(code(t));
		expect(code(plus(t, 120))).not.toBe(code(plus(t, 60)));
	});

	it('accepts the code of the current and the previous minute and refuses an older one as expired', async () => {
		const { db, member, visitor, organizer, rows, code } = await setup();
		const shownAt = at('2026-03-10T14:00');
		expect(await signInByQr(db, code(shownAt), member.id, plus(shownAt, 59))).toMatchObject({ ok: true, already: false });
		expect(await signInByQr(db, code(shownAt), visitor.id, plus(shownAt, 119))).toMatchObject({ ok: true, already: false });
		const late = await signInByQr(db, code(shownAt), organizer.id, plus(shownAt, 120));
		expect(late).toEqual({ ok: false, state: 'stale', message: STALE });
		expect(await rows(organizer.id)).toHaveLength(0);
		// The page says so too, and still names the session: the code was genuine.
		const view = await checkinView(db, code(shownAt), organizer.id, plus(shownAt, 600));
		expect(view).toMatchObject({ state: 'stale', message: STALE, signedAt: null, pass: null });
		expect(view.activity?.title).toBe('集中学习');
	});

	it('refuses forged proofs, and the code of another session, without storing anything', async () => {
		const { db, session, member, organizer, branch, allRows, code } = await setup();
		const other = await createSession(db, organizer.id, { ...session, title: '另一场', unitId: branch.id, courseId: null, regulationId: null });
		const now = at('2026-03-10T14:00');
		const [id, minute, proof] = code(now).split('-');
		const otherProof = checkinCode(other, now).split('-')[2];
		const flipped = proof.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
		for (const forged of [
			`${id}-${minute}-${flipped}`,
			`${id}-${Number(minute) + 1}-${proof}`, // a later minute with this minute's proof
			`${id}-${minute}-${otherProof}`, // another session's proof on this session
			`${other.id}-${minute}-${proof}`, // this session's proof on another session
			`${id}-${minute}-${proof.toUpperCase()}`,
			session.checkinToken!, // the bare token, as the old static codes looked
			'',
			'../../etc/passwd',
			'forged-code-that-does-not-exist'
		]) {
			const result = await signInByQr(db, forged, member.id, now);
			expect(result, forged).toMatchObject({ ok: false, state: 'unknown' });
			expect(result.ok === false && result.message).toContain('签到码无效');
			expect(await checkinView(db, forged, member.id, now)).toMatchObject({ state: 'unknown', activity: null, pass: null });
		}
		expect(await allRows()).toHaveLength(0);
		expect(await signInByQr(db, checkinCode(other, now), member.id, now)).toMatchObject({ ok: true, title: '另一场' });
	});

	it('signs in from 30 minutes before the start to the end plus the grace period, measured by the server clock', async () => {
		const { member, rows, scan } = await setup();
		const early = await scan(member.id, at('2026-03-10T13:29'));
		expect(early).toMatchObject({ ok: false, state: 'not-open' });
		expect(early.ok === false && early.message).toContain('签到尚未开始');
		expect(await rows(member.id)).toHaveLength(0);
		expect(await scan(member.id, at('2026-03-10T13:30'))).toMatchObject({ ok: true, already: false });
		expect(await rows(member.id)).toHaveLength(1);
		expect((await rows(member.id))[0]).toMatchObject({ method: 'qr', at: at('2026-03-10T13:30') });
	});

	it('still works at the end of the grace period and refuses one minute later', async () => {
		const { member, visitor, rows, scan } = await setup();
		expect((await scan(member.id, at('2026-03-10T16:20'))).ok).toBe(true);
		const late = await scan(visitor.id, at('2026-03-10T16:21'));
		expect(late).toMatchObject({ ok: false, state: 'closed' });
		expect(late.ok === false && late.message).toContain('签到已结束');
		expect(await rows(visitor.id)).toHaveLength(0);
	});

	it('treats a second sign-in as harmless and reports the first time', async () => {
		const { db, member, rows, scan, code } = await setup();
		await scan(member.id, at('2026-03-10T14:00'));
		const again = await scan(member.id, at('2026-03-10T14:30'));
		expect(again).toMatchObject({ ok: true, already: true, at: at('2026-03-10T14:00') });
		expect(await rows(member.id)).toHaveLength(1);
		expect((await checkinView(db, code(at('2026-03-10T14:31')), member.id, at('2026-03-10T14:31'))).signedAt).toEqual(at('2026-03-10T14:00'));
		// Even an old photo shows the person that they are already signed in, and stores nothing.
		const old = await checkinView(db, code(at('2026-03-10T14:00')), member.id, at('2026-03-10T15:00'));
		expect(old).toMatchObject({ state: 'stale', signedAt: at('2026-03-10T14:00') });
		expect(await scan(member.id, at('2026-03-10T15:00'))).toMatchObject({ ok: true, already: true });
		expect(await rows(member.id)).toHaveLength(1);
	});

	it('lets a learner who opened a fresh code take up to 3 minutes to log in and confirm, carrying a pass', async () => {
		const { db, member, visitor, rows, code } = await setup();
		const shown = code(at('2026-03-10T14:00'));
		const opened = plus(at('2026-03-10T14:00'), 100); // opened in the next minute, still fresh
		const pass = await checkinPass(db, shown, opened);
		expect(pass).toMatch(/^\d+-[a-z2-7]{16}$/);
		// Back from the login page 3 minutes later: the code alone is stale, with the pass it works.
		const back = plus(opened, 180);
		expect(await checkinView(db, shown, member.id, back)).toMatchObject({ state: 'stale' });
		const view = await checkinView(db, shown, member.id, back, pass);
		expect(view).toMatchObject({ state: 'open', message: null, pass });
		expect(await signInByQr(db, shown, member.id, back, view.pass)).toMatchObject({ ok: true, already: false });
		expect(await rows(member.id)).toHaveLength(1);
		// A pass does not stretch further, is bound to its code, and cannot be made up.
		expect(await signInByQr(db, shown, visitor.id, plus(opened, 240), pass)).toMatchObject({ ok: false, state: 'stale' });
		expect(await signInByQr(db, code(at('2026-03-10T13:58')), visitor.id, back, pass)).toMatchObject({ ok: false, state: 'stale' });
		const [minute, proof] = pass!.split('-');
		expect(await signInByQr(db, shown, visitor.id, plus(opened, 240), `${Number(minute) + 1}-${proof}`)).toMatchObject({ ok: false, state: 'stale' });
		expect(await rows(visitor.id)).toHaveLength(0);
		// A stale code earns no pass: the learner is told after logging in.
		expect(await checkinPass(db, shown, plus(opened, 60))).toBeNull();
	});

	it('refuses every earlier code and pass once the organizer issues a new code', async () => {
		const { db, session, member, rows } = await setup();
		const now = at('2026-03-10T14:00');
		const old = checkinCode(session, now);
		const pass = await checkinPass(db, old, now);
		const token = await regenerateCheckinToken(db, session.id);
		expect(token).not.toBe(session.checkinToken);
		expect(await signInByQr(db, old, member.id, now)).toMatchObject({ ok: false, state: 'unknown' });
		expect(await signInByQr(db, old, member.id, now, pass)).toMatchObject({ ok: false, state: 'unknown' });
		expect(await rows(member.id)).toHaveLength(0);
		expect((await signInByQr(db, checkinCode({ id: session.id, checkinToken: token }, now), member.id, now)).ok).toBe(true);
	});

	it('refuses a cancelled session', async () => {
		const { db, member, organizer, session, rows, scan } = await setup();
		await cancelActivity(db, session.id, organizer.id, '改期', at('2026-03-10T12:00'));
		const result = await scan(member.id, at('2026-03-10T14:00'));
		expect(result).toMatchObject({ ok: false, state: 'cancelled' });
		expect(result.ok === false && result.message).toBe('该活动已取消，无需签到。');
		expect(await rows(member.id)).toHaveLength(0);
	});

	it('lets a visitor from another unit sign in, marked as 外单位 in the list', async () => {
		const { session, member, visitor, scan, db } = await setup();
		await scan(member.id, at('2026-03-10T14:00'));
		await scan(visitor.id, at('2026-03-10T14:01'));
		const list = await attendeesOf(db, session);
		expect(list.map((a) => [a.username, a.unitName, a.external])).toEqual([
			['member', '第一支部', false],
			['visitor', '第二支部', true]
		]);
	});

	it('describes the session on the learner page but nothing about unknown codes', async () => {
		const { db, session, member, code } = await setup();
		const view = await checkinView(db, code(at('2026-03-10T14:00')), member.id, at('2026-03-10T14:00'));
		expect(view).toMatchObject({ state: 'open', message: null, signedAt: null });
		expect(view.activity).toMatchObject({ title: '集中学习', unitName: '第一支部', window: '2026/03/10 13:30 至 16:20' });
		expect(await checkinView(db, `${session.id + 100}-1-${'x'.repeat(16)}`, member.id, at('2026-03-10T14:00'))).toMatchObject({ state: 'unknown', activity: null });
	});
});
