import { eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { invalidateUserSessions } from './sessions.ts';
import { beginPasswordAttempt, passwordAttemptSucceeded, wrongPasswordMessage, type Pause } from './login.ts';

export type PasswordChangeResult = { ok: true } | { ok: false; field: 'current' | 'password' | 'confirm'; message: string };

/**
 * Changes a password after checking the current one. All of the user's sessions end, so a
 * session stolen before the change is useless; the caller opens a fresh one.
 */
export async function changePassword(
	db: DB,
	userId: number,
	input: { current: string; password: string; confirm: string; address?: string },
	now = new Date(),
	pause?: Pause
): Promise<PasswordChangeResult> {
	const user = await db.select().from(users).where(eq(users.id, userId)).get();
	if (!user) return { ok: false, field: 'current', message: '账号不存在' };
	// Guessing the current password from a stolen session is throttled like the login form.
	const address = input.address ?? 'session';
	const attempt = await beginPasswordAttempt(db, { username: user.username, address }, now, pause);
	if ('refused' in attempt) return { ok: false, field: 'current', message: attempt.refused };
	if (!(await verifyPassword(user.passwordHash, input.current))) {
		const message = wrongPasswordMessage(attempt.failuresBefore).replace('用户名或密码错误', '当前密码不正确');
		return { ok: false, field: 'current', message };
	}
	await passwordAttemptSucceeded(db, { username: user.username, address });
	const problem = passwordProblem(input.password, user.username);
	if (problem) return { ok: false, field: 'password', message: problem };
	if (input.password !== input.confirm) return { ok: false, field: 'confirm', message: '两次输入的新密码不一致' };
	if (input.password === input.current) return { ok: false, field: 'password', message: '新密码不能与当前密码相同' };
	const passwordHash = await hashPassword(input.password);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId)).run();
		await invalidateUserSessions(tx as unknown as DB, userId);
	});
	return { ok: true };
}
