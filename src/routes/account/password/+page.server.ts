import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { changePassword } from '$lib/server/auth/accounts';
import { createSession, generateSessionToken } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { parseForm, type FieldErrors } from '$lib/server/forms';
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
	default: async (event) => {
		const user = requireUser(event);
		const form = parseForm(PasswordForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await changePassword(db, user.id, { ...form.data, address: event.getClientAddress() });
		if (!result.ok) return fail(400, { errors: { [result.field]: result.message } as FieldErrors });
		const token = generateSessionToken();
		const session = await createSession(db, token, user.id);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, '/?password=changed');
	}
};
