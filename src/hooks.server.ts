import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { db } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/sessions';
import { setSessionCookie, deleteSessionCookie } from '$lib/server/auth/cookies';
import { startApp } from '$lib/server/startup';
import { startCompetitionEngine } from '$lib/server/competitions/instance';
import { startExamSweeper } from '$lib/server/exams/sweeper';
import { appClock } from '$lib/server/clock';
import { errorMessage, refuseUnreadableForms } from '$lib/server/http-errors';

export const init: ServerInit = async () => {
	await startApp(db);
	await startCompetitionEngine();
	// Exams: attempts are closed at their deadline even when nobody is there to press 交卷.
	startExamSweeper(db, appClock.now);
};

const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return resolve(event);
	}
	const { session, user } = await validateSessionToken(db, token);
	if (session) setSessionCookie(event, token, session.expiresAt);
	else deleteSessionCookie(event);
	event.locals.user = user;
	event.locals.session = session;
	return resolve(event);
};

// Defence in depth only: every load and action still calls its own guard.
const PASSWORD_CHANGE_EXEMPT = ['/account/password', '/logout', '/healthz'];
const handleFirstPassword: Handle = async ({ event, resolve }) => {
	const user = event.locals.user;
	if (user?.mustChangePassword && !PASSWORD_CHANGE_EXEMPT.includes(event.url.pathname)) {
		redirect(303, '/account/password');
	}
	return resolve(event);
};

const handleUnreadableForms: Handle = async ({ event, resolve }) => {
	if (event.request.body) refuseUnreadableForms(event.request);
	return resolve(event);
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};

export const handle = sequence(handleSecurityHeaders, handleUnreadableForms, handleAuth, handleFirstPassword);

/**
 * Unexpected errors are logged with an id the person can quote; errors of the request itself
 * (too large, not a form, unknown page) get their own Chinese message and are not logged as faults.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return { message: errorMessage(status) };
	const errorId = crypto.randomUUID().slice(0, 8);
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: errorMessage(status), errorId };
};
