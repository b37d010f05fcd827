import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
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

async function setup() {
	const db = await createTestDatabase();
	const unit = await createUnit(db, { parentId: null, name: '测试单位' });
	const user = await db.insert(users).values({ username: 'u1', name: '张某', orgUnitId: unit.id, passwordHash: 'x' }).returning().get();
	return { db, user };
}

describe('sessions', () => {
	it('generates tokens with at least 120 random bits and stores only their SHA-256', async () => {
		const { db, user } = await setup();
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/); // 32 base32 chars = 160 bits
		expect(generateSessionToken()).not.toBe(token);
		await createSession(db, token, user.id);
		const stored = await db.select().from(sessions).all();
		expect(stored).toHaveLength(1);
		expect(stored[0].id).toBe(sessionIdFromToken(token));
		expect(stored[0].id).not.toContain(token);
		expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
	});

	it('validates a token, and rejects an unknown one', async () => {
		const { db, user } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, user.id);
		expect((await validateSessionToken(db, token)).user?.username).toBe('u1');
		expect((await validateSessionToken(db, generateSessionToken())).session).toBeNull();
	});

	it('expires after 30 days and renews when used in the second half of its life', async () => {
		const { db, user } = await setup();
		const t0 = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		await createSession(db, token, user.id, t0);
		const day20 = new Date(t0.getTime() + 20 * 86400_000);
		const renewed = await validateSessionToken(db, token, day20);
		expect(renewed.session?.expiresAt.getTime()).toBe(day20.getTime() + SESSION_LIFETIME_MS);
		const stored = await db.select().from(sessions).get();
		expect(stored?.expiresAt.getTime()).toBe(day20.getTime() + SESSION_LIFETIME_MS);
		const afterExpiry = new Date(day20.getTime() + SESSION_LIFETIME_MS + 1);
		expect((await validateSessionToken(db, token, afterExpiry)).session).toBeNull();
		expect(await db.select().from(sessions).all()).toHaveLength(0);
	});

	it('does not renew a fresh session', async () => {
		const { db, user } = await setup();
		const t0 = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		await createSession(db, token, user.id, t0);
		const day2 = new Date(t0.getTime() + 2 * 86400_000);
		expect((await validateSessionToken(db, token, day2)).session?.expiresAt.getTime()).toBe(t0.getTime() + SESSION_LIFETIME_MS);
	});

	it('ends sessions on logout and when the account is disabled', async () => {
		const { db, user } = await setup();
		const a = generateSessionToken();
		const b = generateSessionToken();
		const sa = await createSession(db, a, user.id);
		await createSession(db, b, user.id);
		await invalidateSession(db, sa.id);
		expect((await validateSessionToken(db, a)).session).toBeNull();
		expect((await validateSessionToken(db, b)).session).not.toBeNull();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id)).run();
		expect((await validateSessionToken(db, b)).session).toBeNull();
		const c = generateSessionToken();
		await createSession(db, c, user.id);
		await invalidateUserSessions(db, user.id);
		expect(await db.select().from(sessions).all()).toHaveLength(0);
	});
});
