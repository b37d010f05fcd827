import { and, desc, eq, gt, lt } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { loginFailures, users, type User } from '../db/schema/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
/**
 * Behind a proxy or a building-wide NAT many people share one address (see ADDRESS_HEADER in
 * the README), so the per-address limit is generous and configurable.
 */
export const MAX_FAILURES_PER_ADDRESS = Number(process.env.QF_LOGIN_MAX_PER_ADDRESS ?? 100);

export type LoginResult = { ok: true; user: User } | { ok: false; message: string };

// Verifying against a real hash when the account does not exist keeps the response time the
// same, so the login form does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

async function recentFailures(db: DB, column: 'username' | 'address', value: string, since: Date) {
	const col = column === 'username' ? loginFailures.username : loginFailures.address;
	return await db
		.select({ at: loginFailures.at })
		.from(loginFailures)
		.where(and(eq(col, value), gt(loginFailures.at, since)))
		.orderBy(desc(loginFailures.at))
		.all();
}

function minutesUntil(from: Date, now: Date) {
	return Math.max(1, Math.ceil((from.getTime() + WINDOW_MS - now.getTime()) / 60000));
}

/**
 * Checks the throttle and, in the same synchronous step, records this attempt as a failure.
 * Recording before the slow password check is what stops parallel guesses from all passing the
 * check; a successful attempt removes its row again. Returns the refusal message, or the id of
 * the provisional failure row.
 */
export async function beginPasswordAttempt(
	db: DB,
	input: { username: string; address: string },
	now: Date
): Promise<{ refused: string } | { attemptId: number; failuresBefore: number }> {
	// Counting and recording in one transaction: parallel guesses take turns, so no more than the
	// limit of them reach the password check.
	return db.transaction(async (tx) => {
	const since = new Date(now.getTime() - WINDOW_MS);
	const byAccount = await recentFailures(tx, 'username', input.username, since);
	if (byAccount.length >= MAX_FAILURES_PER_ACCOUNT) {
		const oldestCounted = byAccount[MAX_FAILURES_PER_ACCOUNT - 1].at;
		return { refused: `该账号密码错误次数过多，请 ${minutesUntil(oldestCounted, now)} 分钟后再试` };
	}
	const byAddress = await recentFailures(tx, 'address', input.address, since);
	if (byAddress.length >= MAX_FAILURES_PER_ADDRESS) {
		const oldestCounted = byAddress[MAX_FAILURES_PER_ADDRESS - 1].at;
		return { refused: `登录失败次数过多，请 ${minutesUntil(oldestCounted, now)} 分钟后再试` };
	}
	const row = await tx.insert(loginFailures).values({ username: input.username, address: input.address, at: now }).returning({ id: loginFailures.id }).get();
	return { attemptId: row.id, failuresBefore: byAccount.length };
	});
}

/** The password was right: forget this account's failures (including the provisional one). */
export async function passwordAttemptSucceeded(db: DB, username: string): Promise<void> {
	await db.delete(loginFailures).where(eq(loginFailures.username, username)).run();
}

export function wrongPasswordMessage(failuresBefore: number): string {
	const left = MAX_FAILURES_PER_ACCOUNT - failuresBefore - 1;
	return left > 0 && left <= 2 ? `用户名或密码错误（再错 ${left} 次将暂时锁定）` : '用户名或密码错误';
}

export async function attemptLogin(
	db: DB,
	input: { username: string; password: string; address: string },
	now = new Date()
): Promise<LoginResult> {
	const username = input.username.trim();
	const attempt = await beginPasswordAttempt(db, { username, address: input.address }, now);
	if ('refused' in attempt) return { ok: false, message: attempt.refused };

	const user = await db.select().from(users).where(eq(users.username, username)).get();
	dummyHash ??= hashPassword('qingfeng-dummy-password-1');
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);

	if (!user || !valid) return { ok: false, message: wrongPasswordMessage(attempt.failuresBefore) };
	await passwordAttemptSucceeded(db, username);
	if (user.disabledAt) return { ok: false, message: '该账号已停用，请联系管理员' };
	return { ok: true, user };
}

/** Old failure rows only serve the throttle window; drop them so the table stays small. */
export async function pruneLoginFailures(db: DB, now = new Date()): Promise<void> {
	await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - WINDOW_MS))).run();
}
