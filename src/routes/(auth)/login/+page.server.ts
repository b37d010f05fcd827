import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { attemptLogin } from '$lib/server/auth/login';
import { createSession, generateSessionToken } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { parseForm, requiredText, safeRedirectTarget, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const LoginForm = z.object({
	username: requiredText('用户名', 64),
	password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(256, '密码过长')
});

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const form = parseForm(LoginForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, username: form.values.username ?? '' });
		const result = await attemptLogin(db, { ...form.data, address: event.getClientAddress() });
		if (!result.ok) return fail(400, { errors: { _form: result.message } as FieldErrors, username: form.data.username });

		const token = generateSessionToken();
		const session = await createSession(db, token, result.user.id);
		setSessionCookie(event, token, session.expiresAt);
		if (result.user.mustChangePassword) redirect(303, '/account/password');
		redirect(303, safeRedirectTarget(event.url.searchParams.get('next')));
	}
};
