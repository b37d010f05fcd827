import { describe, expect, it } from 'vitest';
import { JoinThrottle, signGuest, verifyGuest } from './guests.ts';

describe('guest cookies', () => {
	it('accept their own signature and refuse forged, altered or moved ones', () => {
		const cookie = signGuest('secret-a', 7, 42);
		expect(verifyGuest('secret-a', 7, cookie)).toBe(42);
		expect(verifyGuest('secret-b', 7, cookie)).toBeNull();
		expect(verifyGuest('secret-a', 8, cookie)).toBeNull();
		expect(verifyGuest('secret-a', 7, cookie.replace(/^42/, '43'))).toBeNull();
		expect(verifyGuest('secret-a', 7, '42.forged')).toBeNull();
		expect(verifyGuest('secret-a', 7, undefined)).toBeNull();
	});
});

describe('join throttle', () => {
	it('allows the limit per key and window, counts keys apart, and opens again after the window', () => {
		const throttle = new JoinThrottle(3, 60_000);
		const t = 1_000_000;
		expect([1, 2, 3, 4].map(() => throttle.take('a', t))).toEqual([true, true, true, false]);
		expect(throttle.take('b', t)).toBe(true);
		expect(throttle.take('a', t + 59_999)).toBe(false);
		expect(throttle.take('a', t + 60_000)).toBe(true);
	});
});
