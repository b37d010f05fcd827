import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, lt, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, sessions, users, type Session } from '../db/schema/index.ts';
import { preparedQuery } from '../db/prepared.ts';

// Sessions as in Lucia's guide (lucia-auth.com/sessions/basic): the cookie carries a random
// token, the database stores only its SHA-256, so a leaked database yields no usable session.

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** Sessions used within the last half of their life are extended to a full 30 days. */
const RENEW_WITHIN_MS = 15 * DAY_MS;

export const SESSION_COOKIE = 'qf_session';

export type SessionUser = {
	id: number;
	username: string;
	name: string;
	role: 'learner' | 'organizer' | 'admin';
	orgUnitId: number;
	/** The unit's materialized path ('/1/4/'), for the "addressed to my unit" checks of every page. */
	unitPath: string;
	isLeader: boolean;
	mustChangePassword: boolean;
};

/** `renewed`: the expiry moved, so the cookie must be sent again (otherwise it is left alone). */
export type SessionValidationResult = { session: Session; user: SessionUser; renewed: boolean } | { session: null; user: null; renewed: false };

export function generateSessionToken(): string {
	// 20 bytes = 160 random bits, above the 120 bits Lucia asks for.
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: DB, token: string, userId: number, now = new Date()): Promise<Session> {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
		createdAt: now
	};
	await db.insert(sessions).values(session).run();
	return session;
}

// Every request validates its session: the query is built once per database.
const sessionQuery = preparedQuery((db) =>
	db
		.select({
			session: sessions,
			user: {
				id: users.id,
				username: users.username,
				name: users.name,
				role: users.role,
				orgUnitId: users.orgUnitId,
				unitPath: orgUnits.path,
				isLeader: users.isLeader,
				mustChangePassword: users.mustChangePassword,
				disabledAt: users.disabledAt
			}
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare()
);

export async function validateSessionToken(db: DB, token: string, now = new Date()): Promise<SessionValidationResult> {
	const sessionId = sessionIdFromToken(token);
	const row = await sessionQuery(db).get({ id: sessionId });
	if (!row) return { session: null, user: null, renewed: false };
	const { session, user } = row;
	if (now.getTime() >= session.expiresAt.getTime() || user.disabledAt) {
		await db.delete(sessions).where(eq(sessions.id, sessionId)).run();
		return { session: null, user: null, renewed: false };
	}
	let renewed = false;
	if (now.getTime() >= session.expiresAt.getTime() - RENEW_WITHIN_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, sessionId)).run();
		renewed = true;
	}
	const { disabledAt: _disabled, ...sessionUser } = user;
	return { session, user: sessionUser, renewed };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export async function invalidateUserSessions(db: DB, userId: number): Promise<void> {
	await db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Expired sessions are refused anyway; removing them at start keeps the table small. */
export async function deleteExpiredSessions(db: DB, now = new Date()): Promise<void> {
	await db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}
