// Dates as cadres read them, in China's time zone whatever the server's or browser's zone is, so
// the server-rendered and the hydrated page show the same text.
const TIME_ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' });
const timeOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 2026/03/01 09:05 */
export function formatDateTime(d: Date | null | undefined): string {
	return d ? dateTime.format(d) : '';
}

/** 2026年3月1日 */
export function formatDate(d: Date | null | undefined): string {
	return d ? dateOnly.format(d) : '';
}

/** 09:05 */
export function formatTime(d: Date | null | undefined): string {
	return d ? timeOnly.format(d) : '';
}
