import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from './sessions.ts';

// Every load and every action calls one of these: a layout load does not protect actions.

export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	if (user.mustChangePassword && event.url.pathname !== '/account/password') {
		redirect(303, '/account/password');
	}
	return user;
}

export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = requireUser(event);
	if (user.role !== 'admin') error(403, '没有权限：此页面仅限管理员');
	return user;
}

/** Organizers act on their own unit's subtree; admins on everything. */
export function requireOrganizer(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = requireUser(event);
	if (user.role !== 'organizer' && user.role !== 'admin') error(403, '没有权限：此页面仅限组织员和管理员');
	return user;
}
