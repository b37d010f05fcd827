// Decodes the text files offices have: UTF-8 (with or without BOM), GB18030 / GBK (Windows
// Notepad's "ANSI" on a Chinese system, many government sites) and UTF-16 (Notepad's "Unicode").
// When none of them reads as Chinese text, the caller gets a message instead of mojibake.

export type DecodeResult = { ok: true; text: string; encoding: 'UTF-8' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE' } | { ok: false; message: string };

export const UNKNOWN_ENCODING_MESSAGE = '无法确定文件的文字编码：请在记事本或 WPS 中“另存为”UTF-8 编码的文本后再上传';

/** Share of characters that ordinary Chinese text is made of: common hanzi, ASCII, CJK punctuation. */
function plausibility(text: string): number {
	if (!text) return 0;
	let good = 0;
	let total = 0;
	for (const c of text) {
		total++;
		const code = c.codePointAt(0)!;
		if (
			(code >= 0x20 && code < 0x7f) ||
			c === '\n' ||
			c === '\r' ||
			c === '\t' ||
			(code >= 0x4e00 && code <= 0x9fa5) ||
			(code >= 0x3000 && code <= 0x303f) ||
			(code >= 0xff00 && code <= 0xffef) ||
			(code >= 0x2010 && code <= 0x2027) ||
			code === 0xb7
		) {
			good++;
		}
	}
	return good / total;
}

function tryDecode(bytes: Uint8Array, label: string): string | null {
	try {
		return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return null;
	}
}

/** GB2312's first level (the 3755 most common hanzi) starts at lead byte 0xB0: real Chinese text lives there. */
function commonGbShare(bytes: Uint8Array): number {
	let pairs = 0;
	let common = 0;
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b < 0x80) continue;
		pairs++;
		if ((b >= 0xb0 && b <= 0xd7) || (b >= 0xa1 && b <= 0xa9)) common++;
		i++; // the trail byte
	}
	return pairs === 0 ? 1 : common / pairs;
}

export function decodeText(bytes: Uint8Array): DecodeResult {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		const text = tryDecode(bytes.subarray(3), 'utf-8');
		return text === null ? { ok: false, message: UNKNOWN_ENCODING_MESSAGE } : { ok: true, text, encoding: 'UTF-8' };
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };

	const utf8 = tryDecode(bytes, 'utf-8');
	if (utf8 !== null && !utf8.includes('\u0000')) return { ok: true, text: utf8, encoding: 'UTF-8' };

	const candidates: { text: string; encoding: 'GB18030' | 'UTF-16LE' | 'UTF-16BE'; score: number }[] = [];
	if (bytes.length % 2 === 0) {
		for (const encoding of ['UTF-16LE', 'UTF-16BE'] as const) {
			const text = tryDecode(bytes, encoding.toLowerCase());
			if (text !== null) candidates.push({ text, encoding, score: plausibility(text) });
		}
	}
	if (!bytes.includes(0)) {
		const text = tryDecode(bytes, 'gb18030');
		if (text !== null) candidates.push({ text, encoding: 'GB18030', score: Math.min(plausibility(text), commonGbShare(bytes)) });
	}
	candidates.sort((a, b) => b.score - a.score);
	const best = candidates[0];
	// Big5 or Shift-JIS bytes also decode as GB18030, but into rare characters: not good enough.
	if (!best || best.score < 0.9 || (candidates[1] && candidates[1].score > best.score - 0.05)) return { ok: false, message: UNKNOWN_ENCODING_MESSAGE };
	return { ok: true, text: best.text, encoding: best.encoding };
}
