// Text that people, organizers and imports supply is stored and shown as typed, in rosters,
// exports, reports and on the projector. Invisible characters let such text lie: U+202E turns
// "张三‮exe.txt" around, zero-width spaces make two names that look identical differ, a NUL
// breaks PostgreSQL and C-string tools. cleanText is the one place where such text is made plain;
// it runs at every edge where text comes in (the form helpers in forms.ts, the people import,
// the content loader).

/**
 * Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates, LRM/RLM,
 * zero-width space/joiners, word joiner, soft hyphen, BOM, tag characters…), and the Hangul
 * fillers, which render as nothing and are used for blank-looking names.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;

export type CleanTextOptions = {
	/** Keep line breaks (as \n) and tabs, for text areas and files; otherwise they become spaces. */
	multiline?: boolean;
};

/**
 * NFC-normalises and strips invisible and control characters. Single-line text also turns line
 * breaks and tabs into single spaces; multi-line text keeps them (\r\n and \r become \n).
 * Nothing else changes: no trimming, so callers keep their own rules for blanks.
 */
export function cleanText(text: string, options: CleanTextOptions = {}): string {
	let s = text.toWellFormed().replace(LINE_BREAKS, '\n');
	if (options.multiline) {
		s = s.replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : ''));
	} else {
		s = s.replace(/[\n\t\v\f]+/g, ' ').replace(INVISIBLE, '');
	}
	return s.normalize('NFC');
}
