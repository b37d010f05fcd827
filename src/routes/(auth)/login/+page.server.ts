import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { attemptLogin } from '$lib/server/auth/login';
import { createSession, generateSessionToken } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { formAction, requiredText, safeRedirectTarget } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const LoginForm = z.object({
	username: requiredText('用户名', 64),
	password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(256, '密码过长')
});

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('next')));
	return {};
};

// The one form anyone may submit: its guard lets everybody through, and the throttle in
// attemptLogin does the refusing.
const anyone = () => null;

export const actions: Actions = {
	default: formAction(anyone, LoginForm, async ({ event, data, refuse }) => {
		const result = await attemptLogin(db, { ...data, address: event.getClientAddress() });
		if (!result.ok) return refuse(result.message);
		const token = generateSessionToken();
		const session = await createSession(db, token, result.user.id);
		setSessionCookie(event, token, session.expiresAt);
		if (result.user.mustChangePassword) redirect(303, '/account/password');
		redirect(303, safeRedirectTarget(event.url.searchParams.get('next')));
	})
};
