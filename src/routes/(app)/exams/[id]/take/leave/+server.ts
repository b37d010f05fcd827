import { z } from 'zod';
import { db } from '$lib/server/db';
import { examIdParam, noStore, readJsonBody, requireUserJson } from '$lib/server/exams/http';
import { recordLeave } from '$lib/server/exams/attempts';
import { appClock } from '$lib/server/clock';
import { LEAVE_KINDS } from '$lib/vocabulary';
import type { RequestHandler } from './$types';

const LeaveBody = z.object({ kind: z.enum(LEAVE_KINDS), phase: z.enum(['leave', 'return']) });

/** The exam page was left or came back; the server stamps the time. */
export const POST: RequestHandler = async (event) => {
	const user = requireUserJson(event);
	const examId = examIdParam(event.params.id);
	const body = LeaveBody.safeParse(await readJsonBody(event.request));
	if (!body.success) return noStore({ ok: false, message: '请求格式不正确' }, 400);
	const result = await recordLeave(db, { userId: user.id, examId, ...body.data }, appClock.now());
	return noStore(result, result.ok ? 200 : 409);
};
