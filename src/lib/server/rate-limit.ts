import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { DB } from './db/client.ts';
import { rateLimitHits } from './db/schema/index.ts';

// Limits on attempts per key and sliding window, counted in the database so that every app
// process sees the same attempts (several processes may answer one address's requests).

export type RateLimit = { bucket: string; limit: number; windowMs: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Whether `key` may try once more now; when it may, the attempt is counted. */
export async function takeAttempt(db: DB, rule: RateLimit, key: string, now = Date.now()): Promise<RateDecision> {
	return db.transaction(async (tx) => {
		const since = now - rule.windowMs;
		const where = and(eq(rateLimitHits.bucket, rule.bucket), eq(rateLimitHits.key, key), gt(rateLimitHits.at, since));
		const used = (await tx.select({ n: count() }).from(rateLimitHits).where(where).get())!.n;
		if (used >= rule.limit) {
			const oldest = await tx.select({ at: rateLimitHits.at }).from(rateLimitHits).where(where).orderBy(rateLimitHits.at).limit(1).get();
			return { ok: false, retryAfterMs: Math.max(1000, (oldest?.at ?? now) + rule.windowMs - now) };
		}
		await tx.insert(rateLimitHits).values({ bucket: rule.bucket, key, at: now }).run();
		return { ok: true };
	});
}

/** Whether `key` is over the limit now, without counting an attempt. */
export async function isLimited(db: DB, rule: RateLimit, key: string, now = Date.now()): Promise<RateDecision> {
	const since = now - rule.windowMs;
	const rows = await db
		.select({ at: rateLimitHits.at })
		.from(rateLimitHits)
		.where(and(eq(rateLimitHits.bucket, rule.bucket), eq(rateLimitHits.key, key), gt(rateLimitHits.at, since)))
		.orderBy(rateLimitHits.at)
		.limit(rule.limit)
		.all();
	if (rows.length < rule.limit) return { ok: true };
	return { ok: false, retryAfterMs: Math.max(1000, rows[0].at + rule.windowMs - now) };
}

/** Counts an attempt without asking (a failure, after the fact). */
export async function countAttempt(db: DB, rule: RateLimit, key: string, now = Date.now()): Promise<void> {
	await db.insert(rateLimitHits).values({ bucket: rule.bucket, key, at: now }).run();
}

/** Old hits only serve their window; the longest window in use is a day. */
export async function pruneRateLimitHits(db: DB, now = Date.now()): Promise<void> {
	await db.delete(rateLimitHits).where(lt(rateLimitHits.at, now - 24 * 3600_000)).run();
}

export function minutesText(ms: number): string {
	return `${Math.max(1, Math.ceil(ms / 60_000))} 分钟`;
}
