import type { ContentIssue } from '../issues.ts';

// The first pass over a regulation text, before its structure is read: copies of official texts
// carry page numbers and hard line breaks from the PDF they were copied out of. Both are repaired
// here, and every repair is reported with the line it was made on, so the preview can show it.

export type SourceLine = { line: number; text: string };

const PAGE_NUMBER_PATTERNS = [
	/^[-—–－―‒~～\s]*\d{1,4}[-—–－―‒~～\s]*$/, // — 12 —, - 12 -, a bare 12
	/^第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$/, // 第 12 页, 第12页 共30页
	/^\d{1,4}\s*[/／]\s*\d{1,4}$/, // 12 / 30
	/^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i
];

export function isPageNumber(text: string): boolean {
	const t = text.replace(/[\u3000\u00a0]/g, ' ').trim();
	return t !== '' && PAGE_NUMBER_PATTERNS.some((p) => p.test(t));
}

/** Characters a paragraph ends with. A line ending in anything else may continue on the next. */
const TERMINAL = /[。；;：:！!？?”’」』）)…\]】]$/;
/** A line ending in these never ends a paragraph. */
const OPEN_ENDED = /[，,、（(《“‘]$/;
/** Lines that start something of their own (a heading, an article, an item, a list or table row). */
const STARTS_BLOCK = new RegExp(
	[
		'^#',
		'^[|>]',
		'^([-*+]|\\d+[.)])[ \\t]',
		'^\\*\\*第',
		'^第[0-9０-９零〇一二两三四五六七八九十百千]+[编章节条][\\s\\u3000：:]',
		'^[零〇一二两三四五六七八九十百千]+、',
		'^[（(][零〇一二三四五六七八九十\\d]+[）)]',
		'^\\d+[.．、]',
		'^<!--'
	].join('|')
);

/** Display width: CJK and full-width characters count two, like the columns of a PDF line. */
export function displayWidth(text: string): number {
	let w = 0;
	for (const c of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u3000-\u303f]/.test(c) ? 2 : 1;
	return w;
}

function trimmed(text: string): string {
	return text.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '');
}

/**
 * The width most long lines share, when the text was hard-wrapped (a PDF copy); null otherwise.
 * In a text typed or saved from Word every paragraph is one line, and no width dominates.
 */
function wrapWidth(lines: SourceLine[]): number | null {
	const widths = lines
		.map((l) => trimmed(l.text))
		.filter((t) => t && !/^[#|>]/.test(t) && !/^第\S+[编章节](?:[\s\u3000]|$)/.test(t) && displayWidth(t) >= 24)
		.map(displayWidth);
	if (widths.length < 5) return null;
	const counts = new Map<number, number>();
	for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
	let best = 0;
	let bestCount = 0;
	for (const [w] of counts) {
		const near = widths.filter((x) => Math.abs(x - w) <= 2).length;
		if (near > bestCount || (near === bestCount && w > best)) [best, bestCount] = [w, near];
	}
	return bestCount >= 5 && bestCount >= widths.length * 0.4 ? best + 2 : null;
}

/**
 * Drops page-number lines and joins hard-wrapped lines into paragraphs. A joined paragraph keeps
 * the number of its first line. Front matter and comments must already be out of `lines`.
 */
export function cleanLines(lines: SourceLine[], file: string): { lines: SourceLine[]; warnings: ContentIssue[] } {
	const warnings: ContentIssue[] = [];
	const kept: SourceLine[] = [];
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		if (isPageNumber(l.text)) {
			warnings.push({ file, line: l.line, message: `删除了页码行“${trimmed(l.text)}”` });
			// Blank lines around a page break are not paragraph breaks.
			while (kept.length && trimmed(kept[kept.length - 1].text) === '') kept.pop();
			while (i + 1 < lines.length && trimmed(lines[i + 1].text) === '') i++;
			continue;
		}
		kept.push(l);
	}

	const width = wrapWidth(kept);
	type Joined = SourceLine & { last: string; lastLine: number };
	const out: Joined[] = [];
	for (const l of kept) {
		const text = trimmed(l.text);
		const prev = out[out.length - 1];
		const prevText = prev ? trimmed(prev.text) : '';
		const continues =
			prev !== undefined &&
			text !== '' &&
			prevText !== '' &&
			!STARTS_BLOCK.test(text) &&
			!/^[#|]/.test(prevText) &&
			// A label on a line of its own (二、 / 第五条) is followed by its text, which the parser reads.
			!/^(?:[零〇一二两三四五六七八九十百千]+、|第[0-9０-９零〇一二两三四五六七八九十百千]+条)$/.test(prevText) &&
			!TERMINAL.test(prevText) &&
			(OPEN_ENDED.test(prevText) || (width !== null && displayWidth(prev.last) >= width - 6));
		if (continues) {
			// The previous line keeps its indentation; the continuation's own is an artefact of the copy.
			prev.text = prev.text.replace(/[\s\u3000\u00a0]+$/, '') + text;
			prev.last = text;
			prev.lastLine = l.line;
			continue;
		}
		out.push({ ...l, last: text, lastLine: l.line });
	}
	for (const l of out) {
		if (l.lastLine > l.line) warnings.push({ file, line: l.line, message: `第 ${l.line}–${l.lastLine} 行是被断开的一段，已合并为一段` });
	}
	warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
	return { lines: out.map(({ line, text }) => ({ line, text })), warnings };
}
