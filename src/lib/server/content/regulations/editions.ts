import type { ArticleChange } from '../../../vocabulary.ts';

// Editions of one regulation compared article by article, from the texts alone: an article of the
// earlier edition is matched to the article of the later one that reads most like it, whatever its
// number, so that a renumbered article is not taken for one deleted and one added. Pure functions.

export type EditionArticle = { number: number; text: string };
export type ArticlePair = { fromNumber: number | null; toNumber: number | null; change: ArticleChange; similarity: number };

/** Below this, two articles are different articles (one deleted, one added), not one changed. */
export const MATCH_THRESHOLD = 0.45;

function normalize(text: string): string {
	return text.replace(/[\s\u3000\u00a0*#>_`|-]/g, '');
}

function bigrams(text: string): Map<string, number> {
	const out = new Map<string, number>();
	const chars = [...text];
	if (chars.length === 1) out.set(chars[0], 1);
	for (let i = 0; i + 1 < chars.length; i++) {
		const g = chars[i] + chars[i + 1];
		out.set(g, (out.get(g) ?? 0) + 1);
	}
	return out;
}

/** Dice coefficient over character bigrams (counted with multiplicity): 1 for equal texts, 0 for nothing shared. */
export function similarity(a: string, b: string): number {
	return dice(bigrams(normalize(a)), bigrams(normalize(b)));
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
	let sizeA = 0;
	let sizeB = 0;
	let shared = 0;
	for (const n of a.values()) sizeA += n;
	for (const n of b.values()) sizeB += n;
	if (sizeA + sizeB === 0) return 1;
	const [small, large] = a.size < b.size ? [a, b] : [b, a];
	for (const [g, n] of small) shared += Math.min(n, large.get(g) ?? 0);
	return (2 * shared) / (sizeA + sizeB);
}

/**
 * Maps the articles of an earlier edition to a later one. Identical texts pair first (same
 * number preferred); the rest pair greedily by similarity, ties going to the closer position.
 */
export function mapEditions(from: EditionArticle[], to: EditionArticle[]): ArticlePair[] {
	const pairs: ArticlePair[] = [];
	const usedFrom = new Set<number>();
	const usedTo = new Set<number>();
	const fromText = from.map((a) => normalize(a.text));
	const toText = to.map((a) => normalize(a.text));

	const toByText = new Map<string, number[]>();
	toText.forEach((t, j) => toByText.set(t, [...(toByText.get(t) ?? []), j]));
	from.forEach((a, i) => {
		const candidates = (toByText.get(fromText[i]) ?? []).filter((j) => !usedTo.has(j));
		if (!candidates.length) return;
		const j = candidates.find((k) => to[k].number === a.number) ?? candidates[0];
		usedFrom.add(i);
		usedTo.add(j);
		pairs.push({ fromNumber: a.number, toNumber: to[j].number, change: to[j].number === a.number ? 'unchanged' : 'renumbered', similarity: 1 });
	});

	const fromGrams = from.map((_, i) => bigrams(fromText[i]));
	const toGrams = to.map((_, j) => bigrams(toText[j]));
	const scored: { i: number; j: number; s: number; distance: number }[] = [];
	for (let i = 0; i < from.length; i++) {
		if (usedFrom.has(i)) continue;
		for (let j = 0; j < to.length; j++) {
			if (usedTo.has(j)) continue;
			const [la, lb] = [fromText[i].length, toText[j].length];
			if (Math.min(la, lb) < 0.3 * Math.max(la, lb)) continue;
			const s = dice(fromGrams[i], toGrams[j]);
			if (s >= MATCH_THRESHOLD) scored.push({ i, j, s, distance: Math.abs(i / Math.max(1, from.length) - j / Math.max(1, to.length)) });
		}
	}
	scored.sort((x, y) => y.s - x.s || x.distance - y.distance);
	for (const { i, j, s } of scored) {
		if (usedFrom.has(i) || usedTo.has(j)) continue;
		usedFrom.add(i);
		usedTo.add(j);
		pairs.push({ fromNumber: from[i].number, toNumber: to[j].number, change: 'changed', similarity: Math.round(s * 1000) / 1000 });
	}
	from.forEach((a, i) => {
		if (!usedFrom.has(i)) pairs.push({ fromNumber: a.number, toNumber: null, change: 'deleted', similarity: 0 });
	});
	to.forEach((a, j) => {
		if (!usedTo.has(j)) pairs.push({ fromNumber: null, toNumber: a.number, change: 'added', similarity: 0 });
	});
	// In the later edition's order, deleted articles after the article they followed.
	const position = (p: ArticlePair) => (p.toNumber ?? 0) + (p.toNumber === null ? nearestTo(pairs, p.fromNumber!) + 0.5 : 0);
	return pairs.sort((a, b) => position(a) - position(b) || (a.fromNumber ?? 0) - (b.fromNumber ?? 0));
}

/** For a deleted article: the later number of the closest earlier article that survived. */
function nearestTo(pairs: ArticlePair[], fromNumber: number): number {
	let best = 0;
	for (const p of pairs) if (p.fromNumber !== null && p.toNumber !== null && p.fromNumber < fromNumber && p.toNumber > best) best = p.toNumber;
	return best;
}

export type EditionSummary = { added: number; changed: number; deleted: number; renumbered: number; unchanged: number };

export function summarize(pairs: ArticlePair[]): EditionSummary {
	const s: EditionSummary = { added: 0, changed: 0, deleted: 0, renumbered: 0, unchanged: 0 };
	for (const p of pairs) s[p.change]++;
	return s;
}

/** 新增 N 条，修改 M 条，删除 K 条 (and 条号变化 when there are renumbered articles). */
export function summaryText(s: EditionSummary, unit = '条'): string {
	const parts = [`新增 ${s.added} ${unit}`, `修改 ${s.changed} ${unit}`, `删除 ${s.deleted} ${unit}`];
	if (s.renumbered) parts.push(`仅${unit}号变化 ${s.renumbered} ${unit}`);
	return parts.join('，');
}

export type DiffPart = { type: 'same' | 'removed' | 'added'; text: string };

/** Tokens for a Chinese text: each Han character, and runs of Latin letters or digits, as one. */
function tokens(text: string): string[] {
	return text.match(/[A-Za-z]+|[0-9０-９.．]+|\s+|[\s\S]/gu) ?? [];
}

/** Differences between two article texts, token by token, merged into runs. */
export function diffTexts(before: string, after: string): DiffPart[] {
	const a = tokens(before);
	const b = tokens(after);
	// Common prefix and suffix first: most changes touch a few words of a long article.
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const midA = a.slice(start, endA);
	const midB = b.slice(start, endB);
	const parts: DiffPart[] = [];
	const push = (type: DiffPart['type'], text: string) => {
		if (!text) return;
		const last = parts[parts.length - 1];
		if (last?.type === type) last.text += text;
		else parts.push({ type, text });
	};
	push('same', a.slice(0, start).join(''));
	if (midA.length * midB.length > 4_000_000) {
		push('removed', midA.join(''));
		push('added', midB.join(''));
	} else {
		const n = midA.length;
		const m = midB.length;
		const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
		for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		let i = 0;
		let j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && midA[i] === midB[j]) {
				push('same', midA[i++]);
				j++;
			} else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) push('removed', midA[i++]);
			else push('added', midB[j++]);
		}
	}
	push('same', a.slice(endA).join(''));
	return parts;
}
