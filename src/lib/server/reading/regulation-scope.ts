import { toChineseNumeral } from '../content/regulations/numerals.ts';
import { readableCharCount } from '../content/courses/parse.ts';

// What part of a regulation is read and signed (its "scope"), written as canonical article-number
// ranges: "1-10,15" = 第一条至第十条 and 第十五条. '' means the whole text. The same string is stored
// on a reading list's regulation item (what the organizer assigned as 必读) and on a person's
// regulation check-in (what they read), so "does this signature cover that assignment" is a set
// comparison of article numbers (covers below).

export type ScopeArticle = { number: number; label: string; partTitle: string; chapterTitle: string; sectionTitle: string; bodyText: string };

/** A 编/章/节 an organizer can pick as 必读: its title and the range of article numbers under it. */
export type ScopeHeading = { kind: 'part' | 'chapter' | 'section'; title: string; depth: number; from: number; to: number; range: string };

/** Article numbers of a canonical scope ('' → null: the whole text). */
export function scopeNumbers(scope: string): Set<number> | null {
	if (!scope) return null;
	const out = new Set<number>();
	for (const part of scope.split(',')) {
		const [a, b] = part.split('-').map(Number);
		for (let n = a; n <= (b ?? a); n++) out.add(n);
	}
	return out;
}

/** Numbers as canonical ranges, in ascending order: [1,2,3,5] → "1-3,5". */
export function rangesOf(numbers: Iterable<number>): string {
	const sorted = [...new Set(numbers)].sort((a, b) => a - b);
	const out: string[] = [];
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
		out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
		i = j + 1;
	}
	return out.join(',');
}

export type ScopeResult = { ok: true; scope: string } | { ok: false; message: string };

const MAX_SPEC_LENGTH = 2000;

/**
 * Reads a scope as an organizer types or picks it ("1-10, 15", "第1至10条、第15条", or ranges from
 * heading checkboxes) against the regulation's articles. Numbers that name no article are refused;
 * a scope that covers every article is the whole text (''). An empty spec is the whole text too.
 */
export function resolveScope(spec: string, articleNumbers: number[]): ScopeResult {
	const text = spec.trim();
	if (!text) return { ok: true, scope: '' };
	if (text.length > MAX_SPEC_LENGTH) return { ok: false, message: '必读范围写得太长了' };
	const existing = new Set(articleNumbers);
	const chosen = new Set<number>();
	const tokens = text
		.replace(/[第条项]/g, ' ')
		.replace(/\s*(?:-|–|—|~|～|至|到)\s*/g, '-')
		.split(/[\s,，、;；]+/)
		.filter(Boolean);
	for (const token of tokens) {
		const m = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(token);
		if (!m) return { ok: false, message: `无法识别“${token.slice(0, 20)}”：请写条号，如 1-10, 15` };
		const from = Number(m[1]);
		const to = m[2] === undefined ? from : Number(m[2]);
		if (to < from) return { ok: false, message: `“${token}”的起止顺序颠倒了` };
		for (let n = from; n <= to; n++) {
			if (!existing.has(n)) return { ok: false, message: `第 ${n} 条不存在` };
			chosen.add(n);
		}
	}
	if (!chosen.size) return { ok: true, scope: '' };
	if (chosen.size === existing.size) return { ok: true, scope: '' };
	return { ok: true, scope: rangesOf(chosen) };
}

/** Whether a signature of `signed` covers what `required` asks for. */
export function covers(signed: string, required: string): boolean {
	if (signed === '') return true;
	if (required === '') return false;
	const have = scopeNumbers(signed)!;
	for (const n of scopeNumbers(required)!) if (!have.has(n)) return false;
	return true;
}

/** The articles of a scope, in text order. */
export function articlesIn<T extends { number: number }>(articles: T[], scope: string): T[] {
	const numbers = scopeNumbers(scope);
	return numbers ? articles.filter((a) => numbers.has(a.number)) : articles;
}

/** 编/章/节 of the text with the article ranges under each, for picking 必读 parts. */
export function scopeHeadings(articles: ScopeArticle[]): ScopeHeading[] {
	const out: ScopeHeading[] = [];
	const open = new Map<string, ScopeHeading>();
	for (const a of articles) {
		const levels: [ScopeHeading['kind'], string, string][] = [
			['part', a.partTitle, a.partTitle],
			['chapter', a.chapterTitle, `${a.partTitle}\u0000${a.chapterTitle}`],
			['section', a.sectionTitle, `${a.partTitle}\u0000${a.chapterTitle}\u0000${a.sectionTitle}`]
		];
		let depth = 0;
		for (const [kind, title, key] of levels) {
			if (!title) continue;
			let h = open.get(key);
			if (!h) {
				h = { kind, title, depth, from: a.number, to: a.number, range: '' };
				open.set(key, h);
				out.push(h);
			}
			h.to = Math.max(h.to, a.number);
			h.from = Math.min(h.from, a.number);
			depth++;
		}
	}
	for (const h of out) h.range = h.from === h.to ? `${h.from}` : `${h.from}-${h.to}`;
	return out;
}

/**
 * How a scope is named for people: 全文; a 编/章/节 title where a range is exactly one; otherwise
 * 第一条至第十条 (第一项至第十项 for texts numbered 一、二、三).
 */
export function scopeLabel(scope: string, articles: ScopeArticle[], numbering: 'article' | 'item' = 'article'): string {
	if (!scope) return '全文';
	const headings = scopeHeadings(articles);
	const unit = numbering === 'item' ? '项' : '条';
	const name = (n: number) => `第${toChineseNumeral(n)}${unit}`;
	return scope
		.split(',')
		.map((range) => {
			const heading = headings.find((h) => h.range === range);
			if (heading) return heading.title;
			const [a, b] = range.split('-').map(Number);
			return b === undefined ? name(a) : `${name(a)}至${name(b)}`;
		})
		.join('、');
}

/** Reading speed for regulations, as for lessons (content/README.md): about 500 characters a minute. */
export const REGULATION_CHARS_PER_MINUTE = 500;
export const REGULATION_MIN_READ_FLOOR_SECONDS = 20;

/** Characters a reader reads in a scope (labels and bodies; the preamble too for the whole text). */
export function scopeCharCount(articles: ScopeArticle[], scope: string, preambleText = ''): number {
	const body = articlesIn(articles, scope).reduce((n, a) => n + readableCharCount(`${a.label}${a.bodyText}`), 0);
	return body + (scope === '' ? readableCharCount(preambleText) : 0);
}

/**
 * The minimum reading time of a scope, from its length: 500 characters a minute, at least 20 s.
 * No ceiling (unlike a lesson's 10 minutes): a whole 条例 takes a long time to read, and the
 * clock keeps running on the server while the reader comes and goes.
 */
export function regulationMinReadSeconds(charCount: number): number {
	return Math.max(REGULATION_MIN_READ_FLOOR_SECONDS, Math.ceil((charCount / REGULATION_CHARS_PER_MINUTE) * 60));
}
