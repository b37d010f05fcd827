import { and, count, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { loginFailures, users, type User } from '../db/schema/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords for one account from one address before that address is refused for it. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/**
 * Behind a proxy or a building-wide NAT many people share one address (see ADDRESS_HEADER in
 * the README), so the per-address limit is generous and configurable.
 */
export const MAX_FAILURES_PER_ADDRESS = Number(process.env.QF_LOGIN_MAX_PER_ADDRESS ?? 100);
/** Pause before checking a password once an account has this many failures from all addresses. */
export const SLOWDOWN_AFTER_FAILURES = 5;
export const MAX_SLOWDOWN_MS = 8_000;

export type LoginResult = { ok: true; user: User } | { ok: false; message: string };
export type Pause = (ms: number) => Promise<void>;
const sleep: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Verifying against a real hash when the account does not exist keeps the response time the
// same, so the login form does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

async function recentFailures(db: DB, where: SQL | undefined) {
	return await db.select({ at: loginFailures.at }).from(loginFailures).where(where).orderBy(desc(loginFailures.at)).all();
}

function minutesUntil(from: Date, now: Date) {
	return Math.max(1, Math.ceil((from.getTime() + WINDOW_MS - now.getTime()) / 60000));
}

/**
 * How long an attempt on an account waits before its password is checked, given the account's
 * recent failures from every address: nothing for a few typos, then 1, 2, 4… seconds, at most
 * MAX_SLOWDOWN_MS. Everyone waits alike (the owner too), so the pause reveals nothing.
 */
export function slowdownMs(accountFailures: number): number {
	if (accountFailures < SLOWDOWN_AFTER_FAILURES) return 0;
	return Math.min(MAX_SLOWDOWN_MS, 1000 * 2 ** (accountFailures - SLOWDOWN_AFTER_FAILURES));
}

/**
 * Checks the throttle and, in the same transaction, records this attempt as a failure.
 * Recording before the slow password check is what stops parallel guesses from all passing the
 * check; a successful attempt removes its row again.
 *
 * Refusals are per (account, address): strangers who guess wrong from their own machines cannot
 * lock the owner out of an account they use from another one. Failures of an account from all
 * addresses only slow its attempts down (slowdownMs), and each address has a cap over all
 * accounts (MAX_FAILURES_PER_ADDRESS). Returns the refusal message, or how many failures this
 * account had from this address before.
 */
export async function beginPasswordAttempt(
	db: DB,
	input: { username: string; address: string },
	now: Date,
	pause: Pause = sleep
): Promise<{ refused: string } | { failuresBefore: number }> {
	const since = new Date(now.getTime() - WINDOW_MS);
	const recent = gt(loginFailures.at, since);
	const outcome = await db.transaction(async (tx) => {
		const byPair = await recentFailures(tx, and(eq(loginFailures.username, input.username), eq(loginFailures.address, input.address), recent));
		if (byPair.length >= MAX_FAILURES_PER_ACCOUNT) {
			const oldestCounted = byPair[MAX_FAILURES_PER_ACCOUNT - 1].at;
			return { refused: `该账号密码错误次数过多，请 ${minutesUntil(oldestCounted, now)} 分钟后再试` };
		}
		const byAddress = await recentFailures(tx, and(eq(loginFailures.address, input.address), recent));
		if (byAddress.length >= MAX_FAILURES_PER_ADDRESS) {
			const oldestCounted = byAddress[MAX_FAILURES_PER_ADDRESS - 1].at;
			return { refused: `登录失败次数过多，请 ${minutesUntil(oldestCounted, now)} 分钟后再试` };
		}
		const byAccount = (await tx.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.username, input.username), recent)).get())!.n;
		await tx.insert(loginFailures).values({ username: input.username, address: input.address, at: now }).run();
		return { failuresBefore: byPair.length, accountFailures: byAccount };
	});
	if ('refused' in outcome) return outcome;
	const wait = slowdownMs(outcome.accountFailures);
	if (wait > 0) await pause(wait);
	return { failuresBefore: outcome.failuresBefore };
}

/**
 * The password was right: forget the failures of this account from this address (the owner's
 * own typos and the provisional row). Failures from other addresses stay until they expire, so
 * a stranger's count does not start again each time the owner logs in.
 */
export async function passwordAttemptSucceeded(db: DB, input: { username: string; address: string }): Promise<void> {
	await db.delete(loginFailures).where(and(eq(loginFailures.username, input.username), eq(loginFailures.address, input.address))).run();
}

export function wrongPasswordMessage(failuresBefore: number): string {
	const left = MAX_FAILURES_PER_ACCOUNT - failuresBefore - 1;
	return left > 0 && left <= 2 ? `用户名或密码错误（再错 ${left} 次将暂时锁定）` : '用户名或密码错误';
}

export async function attemptLogin(
	db: DB,
	input: { username: string; password: string; address: string },
	now = new Date(),
	pause: Pause = sleep
): Promise<LoginResult> {
	const username = input.username.trim();
	const attempt = await beginPasswordAttempt(db, { username, address: input.address }, now, pause);
	if ('refused' in attempt) return { ok: false, message: attempt.refused };

	const user = await db.select().from(users).where(eq(users.username, username)).get();
	dummyHash ??= hashPassword('qingfeng-dummy-password-1');
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);

	if (!user || !valid) return { ok: false, message: wrongPasswordMessage(attempt.failuresBefore) };
	await passwordAttemptSucceeded(db, { username, address: input.address });
	if (user.disabledAt) return { ok: false, message: '该账号已停用，请联系管理员' };
	return { ok: true, user };
}

/** Old failure rows only serve the throttle window; drop them so the table stays small. */
export async function pruneLoginFailures(db: DB, now = new Date()): Promise<void> {
	await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - WINDOW_MS))).run();
}
