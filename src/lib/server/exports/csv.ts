// CSV for Excel users in China: UTF-8 with a byte-order mark (otherwise Excel guesses GBK and
// shows mojibake), CRLF line ends, every field quoted when needed. Text that Excel would read as
// a formula (=, +, -, @ at the start) is prefixed with an apostrophe, so a name typed into the
// app can never run as a formula in an organizer's spreadsheet.

export const BOM = '\uFEFF';

export type Column = { key: string; label: string };
export type Cell = string | number | null | undefined;

export function neutralize(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function field(value: Cell): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'number' ? String(value) : neutralize(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: Column[], rows: Record<string, Cell>[]): string {
	const lines = [columns.map((c) => field(c.label)).join(',')];
	for (const row of rows) lines.push(columns.map((c) => field(row[c.key])).join(','));
	return BOM + lines.join('\r\n') + '\r\n';
}

/** Headers for a download; the file name is given in RFC 5987 form so Chinese names survive. */
export function downloadHeaders(fileName: string, contentType: string): Record<string, string> {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
	return {
		'content-type': contentType,
		'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
		'cache-control': 'no-store'
	};
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
