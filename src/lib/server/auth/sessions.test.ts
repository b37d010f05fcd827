import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/client.ts';
import { sessions, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import {
	SESSION_LIFETIME_MS,
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from './sessions.ts';

function setup() {
	const db = createTestDatabase();
	const unit = createUnit(db, { parentId: null, name: '测试单位' });
	const user = db.insert(users).values({ username: 'u1', name: '张某', orgUnitId: unit.id, passwordHash: 'x' }).returning().get();
	return { db, user };
}

describe('sessions', () => {
	it('generates tokens with at least 120 random bits and stores only their SHA-256', () => {
		const { db, user } = setup();
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/); // 32 base32 chars = 160 bits
		expect(generateSessionToken()).not.toBe(token);
		createSession(db, token, user.id);
		const stored = db.select().from(sessions).all();
		expect(stored).toHaveLength(1);
		expect(stored[0].id).toBe(sessionIdFromToken(token));
		expect(stored[0].id).not.toContain(token);
		expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
	});

	it('validates a token, and rejects an unknown one', () => {
		const { db, user } = setup();
		const token = generateSessionToken();
		createSession(db, token, user.id);
		expect(validateSessionToken(db, token).user?.username).toBe('u1');
		expect(validateSessionToken(db, generateSessionToken()).session).toBeNull();
	});

	it('expires after 30 days and renews when used in the second half of its life', () => {
		const { db, user } = setup();
		const t0 = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		createSession(db, token, user.id, t0);
		const day20 = new Date(t0.getTime() + 20 * 86400_000);
		const renewed = validateSessionToken(db, token, day20);
		expect(renewed.session?.expiresAt.getTime()).toBe(day20.getTime() + SESSION_LIFETIME_MS);
		const stored = db.select().from(sessions).get();
		expect(stored?.expiresAt.getTime()).toBe(day20.getTime() + SESSION_LIFETIME_MS);
		const afterExpiry = new Date(day20.getTime() + SESSION_LIFETIME_MS + 1);
		expect(validateSessionToken(db, token, afterExpiry).session).toBeNull();
		expect(db.select().from(sessions).all()).toHaveLength(0);
	});

	it('does not renew a fresh session', () => {
		const { db, user } = setup();
		const t0 = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		createSession(db, token, user.id, t0);
		const day2 = new Date(t0.getTime() + 2 * 86400_000);
		expect(validateSessionToken(db, token, day2).session?.expiresAt.getTime()).toBe(t0.getTime() + SESSION_LIFETIME_MS);
	});

	it('ends sessions on logout and when the account is disabled', () => {
		const { db, user } = setup();
		const a = generateSessionToken();
		const b = generateSessionToken();
		const sa = createSession(db, a, user.id);
		createSession(db, b, user.id);
		invalidateSession(db, sa.id);
		expect(validateSessionToken(db, a).session).toBeNull();
		expect(validateSessionToken(db, b).session).not.toBeNull();
		db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id)).run();
		expect(validateSessionToken(db, b).session).toBeNull();
		const c = generateSessionToken();
		createSession(db, c, user.id);
		invalidateUserSessions(db, user.id);
		expect(db.select().from(sessions).all()).toHaveLength(0);
	});
});
