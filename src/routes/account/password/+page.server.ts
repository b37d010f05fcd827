import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { changePassword } from '$lib/server/auth/accounts';
import { createSession, generateSessionToken } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { formAction } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const PasswordForm = z.object({
	current: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码').max(256, '密码过长'),
	password: z.string({ error: '请填写新密码' }).min(1, '请填写新密码').max(256, '密码过长'),
	confirm: z.string({ error: '请再次输入新密码' }).min(1, '请再次输入新密码').max(256, '密码过长')
});

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { mustChange: user.mustChangePassword };
};

export const actions: Actions = {
	default: formAction(requireUser, PasswordForm, async ({ event, guarded: user, data, refuse }) => {
		const result = await changePassword(db, user.id, { ...data, address: event.getClientAddress() });
		if (!result.ok) return refuse({ [result.field]: result.message });
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, '/?password=changed');
	})
};
