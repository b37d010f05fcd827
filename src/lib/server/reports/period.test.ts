import { describe, expect, it } from 'vitest';
import { parseLocalDate, parseLocalDateTime, localDate, chineseDate } from '../../time.ts';
import { monthRange } from './report.ts';
import { parsePeriod, periodBounds, presetPeriod } from './period.ts';

describe('periods in China time', () => {
	it('reads dates and times as China time whatever the server’s zone', () => {
		expect(parseLocalDate('2026-01-01')!.toISOString()).toBe('2025-12-31T16:00:00.000Z');
		expect(parseLocalDateTime('2026-03-10T14:05')!.toISOString()).toBe('2026-03-10T06:05:00.000Z');
		expect(parseLocalDate('2026-02-30')).toBeNull();
		expect(parseLocalDateTime('2026-03-10T24:00')).toBeNull();
		expect(localDate(new Date('2026-06-30T16:30:00Z'))).toBe('2026-07-01');
		expect(chineseDate('2026-01-01')).toBe('2026年1月1日');
	});

	it('offers this quarter and this year up to today', () => {
		const now = parseLocalDateTime('2026-11-22T09:00')!;
		expect(presetPeriod('quarter', now)).toEqual({ preset: 'quarter', from: '2026-10-01', to: '2026-11-22' });
		expect(presetPeriod('year', now)).toEqual({ preset: 'year', from: '2026-01-01', to: '2026-11-22' });
		expect(parsePeriod(new URLSearchParams('period=nonsense'), now)).toMatchObject({ ok: true, period: { preset: 'year' } });
		expect(parsePeriod(new URLSearchParams('period=custom&from=2026-01-01&to=2026-06-30'), now)).toEqual({ ok: true, period: { preset: 'custom', from: '2026-01-01', to: '2026-06-30' } });
	});

	it('includes both end dates', () => {
		const { start, end } = periodBounds({ from: '2026-01-01', to: '2026-06-30' });
		expect(start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
		expect(end.toISOString()).toBe('2026-06-30T16:00:00.000Z');
		expect(monthRange('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
	});
});
