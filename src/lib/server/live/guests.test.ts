import { describe, expect, it } from 'vitest';
import { signGuest, verifyGuest } from './guests.ts';

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
