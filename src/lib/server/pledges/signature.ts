// The drawn signature. The browser sends only stroke coordinates as SVG path data in a fixed
// grammar ("M12 40L13 41L15 43 M80 20L81 22" — integers inside the pad's box); the server parses
// it, refuses anything else, and writes the SVG document itself from the numbers it read. Nothing
// the browser sent ever reaches a page as markup, so a signature cannot carry a script.

export const PAD_WIDTH = 600;
export const PAD_HEIGHT = 200;
export const MAX_STROKES = 200;
export const MAX_POINTS = 6000;
export const MAX_PATH_LENGTH = 60_000;

export type Stroke = [number, number][];
export type ParsedDrawing = { ok: true; strokes: Stroke[] } | { ok: false; message: string };

const TOKEN = /([ML])\s*(-?\d+)[\s,]+(-?\d+)\s*/y;

/** Parses the pad's path data. Empty input is an empty drawing (the typed name alone signs). */
export function parseDrawing(input: string): ParsedDrawing {
	const text = input.trim();
	if (!text) return { ok: true, strokes: [] };
	const bad = { ok: false as const, message: '手写签名的数据无效，请清除后重新书写，或只输入姓名签署' };
	if (text.length > MAX_PATH_LENGTH) return { ok: false, message: '手写签名过长，请清除后重新书写' };
	const strokes: Stroke[] = [];
	let points = 0;
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < text.length) {
		const at = TOKEN.lastIndex;
		const m = TOKEN.exec(text);
		if (!m || m.index !== at) return bad;
		const x = Number(m[2]);
		const y = Number(m[3]);
		if (x < 0 || x > PAD_WIDTH || y < 0 || y > PAD_HEIGHT) return bad;
		if (m[1] === 'M') strokes.push([[x, y]]);
		else if (!strokes.length) return bad;
		else strokes[strokes.length - 1].push([x, y]);
		if (++points > MAX_POINTS || strokes.length > MAX_STROKES) return { ok: false, message: '手写签名过长，请清除后重新书写' };
	}
	return { ok: true, strokes };
}

/** Path data written from parsed strokes; a single point becomes a dot. */
export function pathData(strokes: Stroke[]): string {
	return strokes
		.map((s) => {
			const pts = s.length === 1 ? [s[0], s[0]] : s;
			return pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join('');
		})
		.join(' ');
}

/** The SVG document kept with a signature, or null for an empty drawing. */
export function signatureSvg(strokes: Stroke[]): string | null {
	if (!strokes.length) return null;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PAD_WIDTH} ${PAD_HEIGHT}" width="${PAD_WIDTH}" height="${PAD_HEIGHT}"><path d="${pathData(strokes)}" fill="none" stroke="#111" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

/** Names compare without spaces and full-width forms, and with one middle dot (少数民族姓名 such as 买买提·艾力). */
export function normalizeName(name: string): string {
	return name
		.normalize('NFKC')
		.replace(/\s+/g, '')
		.replace(/[·•・‧∙⋅]/g, '·');
}

export function nameMatches(typed: string, accountName: string): boolean {
	const t = normalizeName(typed);
	return t.length > 0 && t === normalizeName(accountName);
}
