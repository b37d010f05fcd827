import { basename, extname } from 'node:path';
import { ContentError, type ContentIssue } from '../issues.ts';
import { frontMatterLine, splitFrontMatter } from '../frontmatter.ts';
import { chineseNumeral, NUMERAL_CHARS } from './numerals.ts';

export type RegulationMeta = {
	title: string;
	edition: string;
	issuer: string;
	effectiveDate: string;
	slug: string;
	sample: boolean;
};

export type HeadingKind = 'part' | 'chapter' | 'section' | 'group';

/** A structure line: 第一编 总则, 第二章 …, 第三节 …, or an unnumbered heading over a run of articles ('group'). */
export type ParsedHeading = {
	kind: HeadingKind;
	/** 编/章/节 number; null for unnumbered group headings. */
	number: number | null;
	/** 第一章 — empty for group headings. */
	label: string;
	/** What follows the label, inner spacing removed: 总则 (not 总\u3000\u3000则). */
	name: string;
	/** Label and name as shown: 第一章 总则. */
	title: string;
	line: number;
};

export type ParsedArticle = {
	number: number;
	/** As printed: 第九十八条, or 一、 for item numbering. */
	label: string;
	partTitle: string;
	chapterTitle: string;
	sectionTitle: string;
	/** The article's paragraphs (without the label), as Markdown blocks separated by blank lines. */
	body: string;
	line: number;
};

export type ParsedRegulation = {
	meta: RegulationMeta;
	numbering: 'article' | 'item';
	/** Text before the first structure line (promulgation note, preamble), as Markdown. */
	preamble: string;
	parts: ParsedHeading[];
	chapters: ParsedHeading[];
	sections: ParsedHeading[];
	/** Unnumbered headings over runs of articles (e.g. 党员廉洁自律规范); shown like sections. */
	groups: ParsedHeading[];
	articles: ParsedArticle[];
	errors: ContentIssue[];
};

const FRONT_MATTER_KEYS = ['title', 'edition', 'issuer', 'effective_date', 'slug', 'sample'];
/** Slugs end up in URLs and in `slug#98` references (see refs.ts): ASCII letters, digits, - _ . */
export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

// Whitespace as it occurs in official texts: ASCII, full-width (U+3000), no-break space.
const WS = '\\s\\u3000\\u00a0';
const NUM = `[0-9０-９${NUMERAL_CHARS}]+`;
const STRUCTURE_RE = new RegExp(`^第(${NUM})(编|章|节)(.*)$`);
const ARTICLE_RE = new RegExp(`^第(${NUM})条(.*)$`);
const ITEM_RE = new RegExp(`^([${NUMERAL_CHARS}]+)、(.*)$`);
const LEADING_WS = new RegExp(`^[${WS}]+`);
const ALL_WS = new RegExp(`[${WS}]+`, 'g');
/**
 * After a label with no space (第五十条、第五十一条所列…, 第三十二条规定的…) the line is a body
 * paragraph citing an article, not the article itself.
 */
const CITATION_FOLLOWERS = new Set([...'、，,。；;的之规所中至到和或及与以第款项”"》）)']);
/** Punctuation that a heading line never contains (sentences do). */
const SENTENCE_PUNCTUATION = /[。，,；;：:！!？?“”"（）()]/;

const KIND_BY_CHAR = { 编: 'part', 章: 'chapter', 节: 'section' } as const;

type Line =
	| { type: 'blank'; line: number }
	| { type: 'structure'; line: number; heading: ParsedHeading; key: string }
	| { type: 'article'; line: number; number: number; label: string; rest: string }
	| { type: 'item'; line: number; number: number; label: string; rest: string }
	| { type: 'text'; line: number; text: string; heading: string | null };

function stripInnerSpace(s: string): string {
	return s.replace(ALL_WS, '');
}

function emptyResult(slug: string, errors: ContentIssue[]): ParsedRegulation {
	return {
		meta: { title: '', edition: '', issuer: '', effectiveDate: '', slug, sample: false },
		numbering: 'article',
		preamble: '',
		parts: [],
		chapters: [],
		sections: [],
		groups: [],
		articles: [],
		errors
	};
}

/** Blanks out `<!-- … -->` comments (also across lines) but keeps the line breaks, so line numbers stay right. */
function blankComments(text: string): string {
	return text.replace(/<!--[\s\S]*?(-->|$)/g, (m) => m.replace(/[^\n]/g, ''));
}

function classify(raw: string, line: number): Line {
	let text = raw.replace(LEADING_WS, '').replace(new RegExp(`[${WS}]+$`), '');
	if (text === '') return { type: 'blank', line };
	let heading: string | null = null;
	const md = /^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?$/.exec(text) ?? /^#{1,6}$/.exec(text);
	if (md) {
		heading = (md[1] ?? '').replace(LEADING_WS, '').trim();
		text = heading;
		if (text === '') return { type: 'blank', line };
	}
	// **第一条** 内容 — a bold label, as some Markdown copies have it.
	const bold = /^\*\*([^*]+)\*\*(.*)$/.exec(text);
	const probe = bold && (ARTICLE_RE.test(bold[1]) || STRUCTURE_RE.test(bold[1]) || ITEM_RE.test(bold[1])) ? bold[1] + bold[2] : text;

	const s = STRUCTURE_RE.exec(probe);
	if (s) {
		const number = chineseNumeral(s[1]);
		const rest = s[3];
		const name = stripInnerSpace(rest);
		const separated = rest === '' || LEADING_WS.test(rest);
		if (number !== null && (separated || !CITATION_FOLLOWERS.has(rest[0])) && name.length <= 40 && !/[。；;，,：:]/.test(name)) {
			const kind = KIND_BY_CHAR[s[2] as keyof typeof KIND_BY_CHAR];
			const label = `第${s[1]}${s[2]}`;
			return {
				type: 'structure',
				line,
				heading: { kind, number, label, name, title: name ? `${label} ${name}` : label, line },
				// Page numbers and leader dots of a printed table of contents (第一章 总则……1) are not part of the name.
				key: `${kind}:${number}:${name.replace(/[.．…·_\-—\d]+$/, '')}`
			};
		}
	}
	const a = ARTICLE_RE.exec(probe);
	if (a) {
		const number = chineseNumeral(a[1]);
		let rest = a[2];
		const separated = rest === '' || LEADING_WS.test(rest) || /^[：:]/.test(rest);
		if (number !== null && number > 0 && (separated || !CITATION_FOLLOWERS.has(rest[0]))) {
			rest = rest.replace(/^[：:]/, '').replace(LEADING_WS, '');
			return { type: 'article', line, number, label: `第${a[1]}条`, rest };
		}
	}
	const i = ITEM_RE.exec(probe);
	if (i) {
		const number = chineseNumeral(i[1]);
		if (number !== null && number > 0) return { type: 'item', line, number, label: `${i[1]}、`, rest: i[2].replace(LEADING_WS, '') };
	}
	return { type: 'text', line, text, heading };
}

/** Splits a run of lines into Markdown blocks: each line is a paragraph (款), except list and table runs. */
function toBlocks(lines: string[]): string {
	const blocks: string[] = [];
	const isGrouped = (l: string) => /^\|/.test(l) || /^([-*+]|\d+[.)])[ \t]/.test(l);
	for (const l of lines) {
		const last = blocks.length - 1;
		if (last >= 0 && isGrouped(l) && isGrouped(blocks[last].split('\n').at(-1)!)) blocks[last] += '\n' + l;
		else blocks.push(l);
	}
	return blocks.join('\n\n');
}

function normalizeTitle(title: string): string {
	const t = title.trim().replace(/[ \t\u3000]+/g, ' ');
	const wrapped = /^《([^《》]+)》$/.exec(t);
	return wrapped ? wrapped[1] : t;
}

function readMeta(data: Record<string, unknown>, source: string, file: string, errors: ContentIssue[]): Partial<RegulationMeta> {
	const meta: Partial<RegulationMeta> = {};
	const err = (key: string, message: string) => errors.push({ file, line: frontMatterLine(source, key) ?? 1, message });
	for (const key of Object.keys(data)) {
		if (!FRONT_MATTER_KEYS.includes(key)) err(key, `文件头中有未知字段“${key}”（可用字段：${FRONT_MATTER_KEYS.join('、')}）`);
	}
	const str = (key: string): string | undefined => {
		const v = data[key];
		if (v === undefined || v === null) return undefined;
		if (typeof v === 'string') return v.trim();
		if (typeof v === 'number') return String(v);
		if (v instanceof Date) return v.toISOString().slice(0, 10);
		err(key, `文件头字段“${key}”应为文字`);
		return undefined;
	};
	const title = str('title');
	if (title !== undefined) {
		if (title === '') err('title', '文件头字段“title”不能为空');
		else meta.title = normalizeTitle(title);
	}
	meta.edition = str('edition');
	meta.issuer = str('issuer');
	meta.effectiveDate = str('effective_date');
	const slug = str('slug');
	if (slug !== undefined) {
		if (!SLUG_PATTERN.test(slug)) err('slug', `文件头字段“slug”只能包含英文字母、数字和“-”“_”“.”：${slug}`);
		else meta.slug = slug;
	}
	if (data.sample !== undefined) {
		if (typeof data.sample !== 'boolean') err('sample', '文件头字段“sample”应为 true 或 false');
		else meta.sample = data.sample;
	}
	return meta;
}

/**
 * Parses one regulation text (Markdown or plain text, optional front matter) into its structure.
 * Pure: never throws, never touches the database; every problem is returned in `errors` with
 * the file and the line it is on. A result with errors must not be loaded.
 */
export function parseRegulation(source: string, file: string): ParsedRegulation {
	const stem = basename(file, extname(file));
	const errors: ContentIssue[] = [];
	let fm;
	try {
		fm = splitFrontMatter(source, file);
	} catch (e) {
		if (e instanceof ContentError) return emptyResult(stem, [e.toIssue()]);
		throw e;
	}
	const given = readMeta(fm.data, source, file, errors);
	const slug = given.slug ?? stem;
	if (!given.slug && !SLUG_PATTERN.test(slug)) {
		errors.push({ file, line: 1, message: `文件名“${stem}”不能用作法规标识：请改用英文字母、数字和“-”命名，或在文件头写 slug（如 slug: jilv-chufen-tiaoli-2023）` });
	}

	const lines = blankComments(fm.body)
		.split('\n')
		.map((raw, i) => classify(raw, fm.bodyLine + i));
	const result = emptyResult(slug, errors);
	result.meta = {
		title: given.title ?? '',
		edition: given.edition ?? '',
		issuer: given.issuer ?? '',
		effectiveDate: given.effectiveDate ?? '',
		slug,
		sample: given.sample ?? false
	};

	const nonBlank = lines.filter((l) => l.type !== 'blank');
	if (nonBlank.length === 0) {
		errors.push({ file, line: fm.bodyLine, message: '文档为空：没有正文' });
		if (!result.meta.title) errors.push({ file, line: 1, message: '无法确定标题：请在文件头写 title' });
		return result;
	}

	const skip = new Set<number>(); // indexes into `lines` that are not content (title, table of contents)

	// Title: front matter, else the first line when it is a heading or reads like a title.
	const firstIndex = lines.indexOf(nonBlank[0]);
	const first = nonBlank[0];
	if (result.meta.title) {
		if (first.type === 'text' && normalizeTitle(stripInnerSpace(first.text)) === stripInnerSpace(result.meta.title)) skip.add(firstIndex);
	} else if (first.type === 'text' && (first.heading !== null || (first.text.length <= 60 && !/[。；;：:]$/.test(first.text)))) {
		result.meta.title = normalizeTitle(first.text);
		skip.add(firstIndex);
	} else {
		errors.push({ file, line: first.line, message: '无法确定标题：请在文件头写 title，或让文件第一行是标题（如《中国共产党纪律处分条例》）' });
	}

	// Table of contents: the first structure line reappears later with only structure lines between.
	const firstStructure = lines.findIndex((l) => l.type === 'structure');
	if (firstStructure !== -1) {
		const key = (lines[firstStructure] as Extract<Line, { type: 'structure' }>).key;
		for (let j = firstStructure + 1; j < lines.length; j++) {
			const l = lines[j];
			if (l.type === 'blank') continue;
			if (l.type !== 'structure') break;
			if (l.key === key) {
				for (let k = firstStructure; k < j; k++) skip.add(k);
				// The 目录 line above it goes too.
				for (let k = firstStructure - 1; k >= 0; k--) {
					const p = lines[k];
					if (p.type === 'blank') continue;
					if (p.type === 'text' && stripInnerSpace(p.text) === '目录') skip.add(k);
					break;
				}
				break;
			}
		}
	}

	const hasArticles = lines.some((l) => l.type === 'article');
	const hasItems = lines.some((l) => l.type === 'item');
	if (!hasArticles && !hasItems) {
		errors.push({ file, line: fm.bodyLine, message: '没有找到任何条款：条款应以“第一条”或“一、”这样的编号开头' });
		return result;
	}
	result.numbering = hasArticles ? 'article' : 'item';
	const unitType = hasArticles ? 'article' : 'item';

	const nextContent = (from: number): Line | undefined => {
		for (let k = from + 1; k < lines.length; k++) if (!skip.has(k) && lines[k].type !== 'blank') return lines[k];
		return undefined;
	};
	/** A short line with no sentence punctuation right above an article: an unnumbered heading. */
	const isGroupHeading = (l: Extract<Line, { type: 'text' }>, index: number) => {
		const next = nextContent(index);
		if (next?.type !== unitType) return false;
		if (l.heading !== null) return true;
		return l.text.length <= 24 && !SENTENCE_PUNCTUATION.test(l.text) && !/^[-*+>|\d]/.test(l.text);
	};

	let part: ParsedHeading | null = null;
	let chapter: ParsedHeading | null = null;
	let section: ParsedHeading | null = null;
	let group: ParsedHeading | null = null;
	const preamble: string[] = [];
	let current: { head: Extract<Line, { type: 'article' | 'item' }>; paragraphs: string[]; context: [string, string, string] } | null = null;
	let previous: { number: number; line: number } | null = null;

	const close = () => {
		if (!current) return;
		result.articles.push({
			number: current.head.number,
			label: current.head.label,
			partTitle: current.context[0],
			chapterTitle: current.context[1],
			sectionTitle: current.context[2],
			body: toBlocks(current.paragraphs),
			line: current.head.line
		});
		current = null;
	};

	for (let index = 0; index < lines.length; index++) {
		if (skip.has(index)) continue;
		const l = lines[index];
		if (l.type === 'blank') continue;
		if (l.type === 'structure') {
			close();
			const h = l.heading;
			if (h.kind === 'part') {
				part = h;
				chapter = section = null;
				result.parts.push(h);
			} else if (h.kind === 'chapter') {
				chapter = h;
				section = null;
				result.chapters.push(h);
			} else {
				section = h;
				result.sections.push(h);
			}
			group = null;
			continue;
		}
		if (l.type === unitType) {
			const head = l as Extract<Line, { type: 'article' | 'item' }>;
			close();
			const unit = unitType === 'article' ? '条' : '项';
			if (previous && head.number === previous.number) {
				errors.push({ file, line: head.line, message: `编号重复：第${head.number}${unit}（${head.label}）在第 ${previous.line} 行已出现过` });
			} else if (head.number !== (previous?.number ?? 0) + 1) {
				const expected = (previous?.number ?? 0) + 1;
				errors.push({
					file,
					line: head.line,
					message: previous
						? `编号不连续：${head.label}（第${head.number}${unit}）应为第${expected}${unit}（上一${unit}在第 ${previous.line} 行）`
						: `编号不连续：第一个编号是${head.label}（第${head.number}${unit}），应从第1${unit}开始`
				});
			}
			previous = { number: head.number, line: head.line };
			current = {
				head,
				paragraphs: head.rest ? [head.rest] : [],
				context: [part?.title ?? '', chapter?.title ?? '', section?.title ?? group?.title ?? '']
			};
			continue;
		}
		// Body text (also item-looking lines inside an article-numbered text, such as 一、 lists).
		const text = l.type === 'text' ? l : null;
		if (text && isGroupHeading(text, index)) {
			close();
			group = { kind: 'group', number: null, label: '', name: text.text, title: text.text, line: text.line };
			result.groups.push(group);
			continue;
		}
		const raw = l.type === 'text' ? (l.heading !== null ? `#### ${l.text}` : l.text) : `${l.label}${l.rest}`;
		if (current) (current as { paragraphs: string[] }).paragraphs.push(raw);
		else if (result.articles.length === 0) preamble.push(raw);
		else {
			// Text between a heading and the next article belongs to no article: refuse rather than guess.
			errors.push({ file, line: l.line, message: '这段文字不属于任何条款（位于编、章、节标题和下一条之间）' });
		}
	}
	close();
	result.preamble = toBlocks(preamble);
	return result;
}
