import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { db } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/sessions';
import { setSessionCookie, deleteSessionCookie } from '$lib/server/auth/cookies';
import { startApp } from '$lib/server/startup';
import { startCompetitionEngine } from '$lib/server/competitions/instance';
import { fastAnswer, isAnswerRequest } from '$lib/server/competitions/answer-request';
import { startExamSweeper } from '$lib/server/exams/sweeper';
import { appClock } from '$lib/server/clock';
import { errorMessage, refuseUnreadableForms } from '$lib/server/http-errors';

export const init: ServerInit = async () => {
	await startApp(db);
	await startCompetitionEngine();
	// Exams: attempts are closed at their deadline even when nobody is there to press 交卷.
	startExamSweeper(db, appClock.now);
};

/** Sets locals.user and locals.session; true when the session cookie is to be set again or deleted. */
async function authenticate(event: RequestEvent): Promise<boolean> {
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return false;
	}
	const { session, user, renewed } = await validateSessionToken(db, token);
	// The cookie is sent again only when its expiry moved, not on every response.
	if (session && renewed) setSessionCookie(event, token, session.expiresAt);
	else if (!session) deleteSessionCookie(event);
	event.locals.user = user;
	event.locals.session = session;
	return renewed || !session;
}

const handleAuth: Handle = async ({ event, resolve }) => {
	// Already done when the request came through the live-answer fast path and was passed on.
	if (event.locals.user === undefined) await authenticate(event);
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

function securityHeaders(response: Response): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
}

const handleSecurityHeaders: Handle = async ({ event, resolve }) => securityHeaders(await resolve(event));

const handleRequest = sequence(handleSecurityHeaders, handleUnreadableForms, handleAuth, handleFirstPassword);

/**
 * A live answer of a player is acknowledged right here (see answer-request.ts): authenticated as
 * every request is, with the same headers, and passed on to the full pipeline whenever anything
 * is not ordinary (a password to change first, not a player, a body the route refuses).
 */
export const handle: Handle = async (input) => {
	const { event } = input;
	if (!isAnswerRequest(event)) return handleRequest(input);
	// Cookies set here reach the response only through the full pipeline (SvelteKit adds them in resolve).
	const cookieChanged = await authenticate(event);
	if (!cookieChanged && !event.locals.user?.mustChangePassword) {
		const response = await fastAnswer(event);
		if (response) return securityHeaders(response);
	}
	return handleRequest(input);
};

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
