import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from './sessions.ts';
import type { DB } from '../db/client.ts';
import { scopeFor, type Scope } from '../org/units.ts';

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

/**
 * The organizer (or admin) and the subtree they may act on. Every organizer load and action
 * starts here; records named by the URL or a form are then looked up within `scope`.
 */
export async function requireOrganizerScope(event: Pick<RequestEvent, 'locals' | 'url'>, db: DB): Promise<{ user: SessionUser; scope: Scope }> {
	const user = requireOrganizer(event);
	return { user, scope: await scopeFor(db, user) };
}

/** A record looked up within the organizer's scope: missing or outside it is the same 404, so ids elsewhere do not leak. */
export function foundInScope<T>(value: T | null | undefined, message: string): T {
	if (value === null || value === undefined) error(404, message);
	return value;
}
