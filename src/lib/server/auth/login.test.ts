import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { loginFailures, sessions, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { attemptLogin, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, MAX_SLOWDOWN_MS, SLOWDOWN_AFTER_FAILURES, slowdownMs, type Pause } from './login.ts';

const noPause: Pause = async () => {};
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { changePassword } from './accounts.ts';
import { createSession, generateSessionToken } from './sessions.ts';

async function setup() {
	const db = await createTestDatabase();
	const unit = await createUnit(db, { parentId: null, name: '测试单位' });
	const passwordHash = await hashPassword('right-pass-1');
	const user = await db.insert(users).values({ username: 'zhang', name: '张某', orgUnitId: unit.id, passwordHash }).returning().get();
	return { db, user };
}

describe('passwords', () => {
	it('hashes with argon2id and verifies', async () => {
		const h = await hashPassword('abc12345');
		expect(h.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(h, 'abc12345')).toBe(true);
		expect(await verifyPassword(h, 'abc12346')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'abc12345')).toBe(false);
	});

	it('refuses weak passwords with a Chinese reason', () => {
		expect(passwordProblem('short1')).toMatch(/至少/);
		expect(passwordProblem('onlyletters')).toMatch(/字母和数字/);
		expect(passwordProblem('zhang2026x', 'zhang')).toMatch(/用户名/);
		expect(passwordProblem('good-pass-2026')).toBeNull();
	});
});

describe('login', () => {
	const now = new Date('2026-05-01T08:00:00Z');

	it('logs in with the right password and refuses a wrong one without saying which part was wrong', async () => {
		const { db } = await setup();
		const ok = await attemptLogin(db, { username: ' zhang ', password: 'right-pass-1', address: '10.0.0.1' }, now);
		expect(ok.ok).toBe(true);
		const bad = await attemptLogin(db, { username: 'zhang', password: 'wrong', address: '10.0.0.1' }, now);
		const unknown = await attemptLogin(db, { username: 'nobody', password: 'wrong', address: '10.0.0.1' }, now);
		expect(bad).toEqual({ ok: false, message: '用户名或密码错误' });
		expect(unknown).toEqual({ ok: false, message: '用户名或密码错误' });
	});

	it('refuses an address that guessed wrong five times for an account, even with the right password, until the window passes', async () => {
		const { db } = await setup();
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
			await attemptLogin(db, { username: 'zhang', password: 'wrong', address: '10.0.0.7' }, now, noPause);
		}
		const locked = await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '10.0.0.7' }, now, noPause);
		expect(locked.ok).toBe(false);
		expect(!locked.ok && locked.message).toMatch(/错误次数过多.*分钟后再试/);
		const later = new Date(now.getTime() + 16 * 60_000);
		expect((await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '10.0.0.7' }, later, noPause)).ok).toBe(true);
		expect(await db.select().from(loginFailures).where(eq(loginFailures.username, 'zhang')).all()).toHaveLength(0);
	});

	it('never locks the owner out: wrong passwords from strangers’ addresses only slow the account down', async () => {
		const { db } = await setup();
		const pauses: number[] = [];
		const record: Pause = async (ms) => void pauses.push(ms);
		// Five strangers, five wrong passwords each: every one of them is refused in the end…
		for (let s = 1; s <= 5; s++) {
			for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await attemptLogin(db, { username: 'zhang', password: `guess-${s}-${i}`, address: `172.16.0.${s}` }, now, record);
			const stranger = await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: `172.16.0.${s}` }, now, record);
			expect(stranger.ok).toBe(false);
		}
		// …but the owner, at their own desk, still gets in with the right password, after a pause.
		pauses.length = 0;
		const owner = await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '10.0.0.99' }, now, record);
		expect(owner.ok).toBe(true);
		expect(pauses).toEqual([MAX_SLOWDOWN_MS]);
		// The strangers' failures stay counted: logging in does not give them fresh guesses.
		const again = await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '172.16.0.1' }, now, record);
		expect(again.ok).toBe(false);
	});

	it('slows an account down more the more it is guessed, whatever the outcome', () => {
		expect(slowdownMs(0)).toBe(0);
		expect(slowdownMs(SLOWDOWN_AFTER_FAILURES - 1)).toBe(0);
		expect(slowdownMs(SLOWDOWN_AFTER_FAILURES)).toBe(1000);
		expect(slowdownMs(SLOWDOWN_AFTER_FAILURES + 1)).toBe(2000);
		expect(slowdownMs(SLOWDOWN_AFTER_FAILURES + 30)).toBe(MAX_SLOWDOWN_MS);
	});

	it('throttles an address that tries many accounts', async () => {
		const { db } = await setup();
		for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
			await db.insert(loginFailures).values({ username: `guess${i}`, address: '10.9.9.9', at: now }).run();
		}
		const r = await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '10.9.9.9' }, now);
		expect(r.ok).toBe(false);
		expect((await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '10.0.0.2' }, now)).ok).toBe(true);
	});

	it('refuses a disabled account', async () => {
		const { db, user } = await setup();
		await db.update(users).set({ disabledAt: now }).where(eq(users.id, user.id)).run();
		const r = await attemptLogin(db, { username: 'zhang', password: 'right-pass-1', address: '10.0.0.1' }, now);
		expect(r).toEqual({ ok: false, message: '该账号已停用，请联系管理员' });
	});
});

describe('changing a password', () => {
	it('needs the current password, clears the first-login flag and ends every session', async () => {
		const { db, user } = await setup();
		await createSession(db, generateSessionToken(), user.id);
		const wrong = await changePassword(db, user.id, { current: 'nope', password: 'new-pass-2026', confirm: 'new-pass-2026' });
		expect(wrong).toEqual({ ok: false, field: 'current', message: '当前密码不正确' });
		const mismatch = await changePassword(db, user.id, { current: 'right-pass-1', password: 'new-pass-2026', confirm: 'new-pass-2027' });
		expect(mismatch.ok).toBe(false);
		expect((await db.select().from(users).get())?.mustChangePassword).toBe(true);

		const ok = await changePassword(db, user.id, { current: 'right-pass-1', password: 'new-pass-2026', confirm: 'new-pass-2026' });
		expect(ok).toEqual({ ok: true });
		const after = (await db.select().from(users).get())!;
		expect(after.mustChangePassword).toBe(false);
		expect(await verifyPassword(after.passwordHash, 'new-pass-2026')).toBe(true);
		expect(await db.select().from(sessions).all()).toHaveLength(0);
	});
});

describe('throttling under parallel guesses', () => {
	it('lets no more than the limit of simultaneous wrong passwords be checked', async () => {
		const { db } = await setup();
		const now = new Date('2026-05-01T08:00:00Z');
		const results = await Promise.all(
			Array.from({ length: 20 }, async (_, i) => await attemptLogin(db, { username: 'zhang', password: `guess-${i}`, address: '10.0.0.1' }, now))
		);
		const checked = results.filter((r) => !r.ok && r.message.startsWith('用户名或密码错误'));
		expect(checked).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
		expect(results.filter((r) => !r.ok && r.message.includes('错误次数过多'))).toHaveLength(20 - MAX_FAILURES_PER_ACCOUNT);
	});

	it('also throttles guessing the current password on the change-password form', async () => {
		const { db, user } = await setup();
		const now = new Date('2026-05-01T08:00:00Z');
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
			const r = await changePassword(db, user.id, { current: `guess-${i}`, password: 'new-pass-2026', confirm: 'new-pass-2026' }, now);
			expect(r.ok).toBe(false);
		}
		const locked = await changePassword(db, user.id, { current: 'right-pass-1', password: 'new-pass-2026', confirm: 'new-pass-2026' }, now);
		expect(locked.ok === false && locked.message).toMatch(/错误次数过多/);
		expect(await verifyPassword((await db.select().from(users).get())!.passwordHash, 'right-pass-1')).toBe(true);
	});
});
