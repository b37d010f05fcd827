// Dates and times of activities, periods and due dates are China Standard Time (UTC+8, no
// daylight saving), whatever time zone the server process or the browser runs in: "2026年1月1日"
// in a report must mean the same instants on every machine, the server-rendered and the
// hydrated page must show the same text, and tests must not depend on TZ.

export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/** `2026-03-05` → the instant 2026-03-05 00:00 China time, or null when not a real date. */
export function parseLocalDate(value: string): Date | null {
	const m = DATE_RE.exec(value.trim());
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const utc = Date.UTC(y, mo - 1, d);
	const check = new Date(utc);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
	return new Date(utc - CHINA_OFFSET_MS);
}

/** `2026-03-05T14:30` (as a datetime-local input sends it) → instant, or null. */
export function parseLocalDateTime(value: string): Date | null {
	const m = DATETIME_RE.exec(value.trim());
	if (!m) return null;
	const day = parseLocalDate(`${m[1]}-${m[2]}-${m[3]}`);
	const [h, min] = [Number(m[4]), Number(m[5])];
	if (!day || h > 23 || min > 59) return null;
	return new Date(day.getTime() + (h * 60 + min) * 60_000);
}

function chinaParts(d: Date) {
	const shifted = new Date(d.getTime() + CHINA_OFFSET_MS);
	return {
		y: shifted.getUTCFullYear(),
		m: shifted.getUTCMonth() + 1,
		d: shifted.getUTCDate(),
		h: shifted.getUTCHours(),
		min: shifted.getUTCMinutes()
	};
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The China-time calendar date of an instant: `2026-03-05`. */
export function localDate(d: Date): string {
	const p = chinaParts(d);
	return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** For a datetime-local input's value: `2026-03-05T14:30`. */
export function toLocalInput(d: Date): string {
	const p = chinaParts(d);
	return `${localDate(d)}T${pad(p.h)}:${pad(p.min)}`;
}

/** `2026/03/05 14:30` (nothing for no time), on pages, in exports and in summaries alike. */
export function formatDateTime(d: Date | null | undefined): string {
	if (!d) return '';
	const p = chinaParts(d);
	return `${p.y}/${pad(p.m)}/${pad(p.d)} ${pad(p.h)}:${pad(p.min)}`;
}

/** `2026年3月5日` */
export function formatDate(d: Date | null | undefined): string {
	return d ? chineseDate(localDate(d)) : '';
}

/** `14:30` */
export function formatTime(d: Date | null | undefined): string {
	if (!d) return '';
	const p = chinaParts(d);
	return `${pad(p.h)}:${pad(p.min)}`;
}

/** `2026-01-01` → `2026年1月1日` */
export function chineseDate(date: string): string {
	const m = DATE_RE.exec(date);
	if (!m) return date;
	return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** `2026-03` for an instant, in China time. */
export function monthKey(d: Date): string {
	const p = chinaParts(d);
	return `${p.y}-${pad(p.m)}`;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
	const start = parseLocalDate(date);
	if (!start) throw new Error(`日期无效：${date}`);
	return localDate(new Date(start.getTime() + days * DAY_MS));
}
