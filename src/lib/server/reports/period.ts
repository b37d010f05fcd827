import { DAY_MS, localDate, parseLocalDate } from '../../time.ts';

// A report period is two calendar dates, both included, in China time. The presets end today:
// what has happened so far is what an organization reports ("2026年1月1日至2026年11月22日").

export type PeriodPreset = 'quarter' | 'year' | 'custom';
export type Period = { preset: PeriodPreset; from: string; to: string };

export function quarterStart(today: string): string {
	const [y, m] = today.split('-').map(Number);
	const q = Math.floor((m - 1) / 3) * 3 + 1;
	return `${y}-${String(q).padStart(2, '0')}-01`;
}

export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, now = new Date()): Period {
	const today = localDate(now);
	return { preset, from: preset === 'year' ? `${today.slice(0, 4)}-01-01` : quarterStart(today), to: today };
}

/** Reads ?period=quarter|year|custom&from=&to= into a period, or an error message in Chinese. */
export function parsePeriod(params: URLSearchParams, now = new Date()): { ok: true; period: Period } | { ok: false; message: string; period: Period } {
	const preset = params.get('period');
	if (preset !== 'custom') return { ok: true, period: presetPeriod(preset === 'quarter' ? 'quarter' : 'year', now) };
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	const fallback = presetPeriod('year', now);
	const start = parseLocalDate(from);
	const end = parseLocalDate(to);
	if (!start || !end) return { ok: false, message: '请填写有效的起止日期', period: { ...fallback, preset: 'custom' } };
	if (end.getTime() < start.getTime()) return { ok: false, message: '结束日期不能早于开始日期', period: { preset: 'custom', from, to } };
	if (end.getTime() - start.getTime() > 10 * 366 * DAY_MS) return { ok: false, message: '统计区间最长十年', period: { preset: 'custom', from, to } };
	return { ok: true, period: { preset: 'custom', from, to } };
}

/** The instants [start, end) a period covers. */
export function periodBounds(period: { from: string; to: string }): { start: Date; end: Date } {
	return { start: parseLocalDate(period.from)!, end: new Date(parseLocalDate(period.to)!.getTime() + DAY_MS) };
}

/** Query string for links that keep the chosen unit and period. */
export function periodQuery(unitId: number, period: Period): string {
	const q = new URLSearchParams({ unit: String(unitId), period: period.preset });
	if (period.preset === 'custom') {
		q.set('from', period.from);
		q.set('to', period.to);
	}
	return q.toString();
}
