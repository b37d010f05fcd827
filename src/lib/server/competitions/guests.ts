import { createHmac, timingSafeEqual } from 'node:crypto';

// Guests (invited people without an account) are identified by a cookie holding their player id
// and an HMAC of it under the competition's own secret: it cannot be forged or moved to another competition,
// and it still works after a restart because the secret is stored with the competition.

export function guestCookieName(competitionId: number): string {
	return `qf_live_${competitionId}`;
}

function mac(secret: string, competitionId: number, playerId: number): string {
	return createHmac('sha256', secret).update(`${competitionId}:${playerId}`).digest('base64url').slice(0, 32);
}

export function signGuest(secret: string, competitionId: number, playerId: number): string {
	return `${playerId}.${mac(secret, competitionId, playerId)}`;
}

/** The player id in a valid cookie, or null. */
export function verifyGuest(secret: string, competitionId: number, value: string | undefined): number | null {
	const m = value ? /^(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(value) : null;
	if (!m) return null;
	const playerId = Number(m[1]);
	const expected = Buffer.from(mac(secret, competitionId, playerId));
	const given = Buffer.from(m[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? playerId : null;
}

/**
 * A fixed-window counter per key, in memory: at most `limit` takes per key in each window of
 * `windowMs`. Losing it in a restart only lets a few more joins through, so it needs no table.
 */
export class JoinThrottle {
	readonly limit: number;
	readonly windowMs: number;
	#windows = new Map<string, { start: number; count: number }>();

	constructor(limit: number, windowMs: number) {
		this.limit = limit;
		this.windowMs = windowMs;
	}

	/** Counts one attempt for `key` at `now`; false (and not counted) when the key used up its window. */
	take(key: string, now: number): boolean {
		let window = this.#windows.get(key);
		if (!window || now - window.start >= this.windowMs) {
			// Expired windows are dropped in bulk once there are many, so the map stays small.
			if (this.#windows.size >= 10_000) for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
			window = { start: now, count: 0 };
			this.#windows.set(key, window);
		}
		if (window.count >= this.limit) return false;
		window.count++;
		return true;
	}
}
