import { error, json, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '../auth/sessions.ts';
import { readJsonObject } from '../http-errors.ts';

// The exam page's JSON endpoints (autosave, leaving the page): the same guard as every page, but
// answering 401 as JSON instead of redirecting, so the page can say what happened and keep the
// answer to send again after logging in.

export function requireUserJson(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const user = event.locals.user;
	if (!user) error(401, '登录已失效，请重新登录后继续作答（已保存的答案不会丢失）');
	if (user.mustChangePassword) error(403, '请先修改初始密码');
	return user;
}

export function examIdParam(raw: string | undefined): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, '考试不存在');
	return id;
}

/** The page's JSON body (an answer, a leave); larger than an answer needs is a 413. */
export const readJsonBody = (request: Request) => readJsonObject(request, 8192);

export function noStore(body: unknown, status = 200) {
	return json(body, { status, headers: { 'cache-control': 'no-store' } });
}
