import { basename, extname } from 'node:path';
import { ContentError, type ContentIssue } from '../issues.ts';
import { frontMatterLine, splitFrontMatter } from '../frontmatter.ts';
import { chineseNumeral, NUMERAL_CHARS } from './numerals.ts';
import { cleanLines } from './clean.ts';
import { REGULATION_STATUSES, REGULATION_STATUS_LABELS, type RegulationStatus } from '../../../vocabulary.ts';

export type RegulationMeta = {
	title: string;
	edition: string;
	issuer: string;
	effectiveDate: string;
	slug: string;
	sample: boolean;
	/** 现行有效 / 已修订 / 已废止 as the file or the admin declared it; null: worked out from the editions. */
	status: RegulationStatus | null;
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
	/** 附件, 附表, explanations with their own 第一条…: kept apart, after the last article. */
	appendices: ParsedAppendix[];
	/** Repairs and decisions the admin should see (page numbers dropped, lines joined, appendices). */
	warnings: ContentIssue[];
	errors: ContentIssue[];
};

export type ParsedAppendix = { title: string; body: string; line: number };

const FRONT_MATTER_KEYS = ['title', 'edition', 'issuer', 'effective_date', 'status', 'slug', 'sample'];
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

type Cited = { number: number; label: string; rest: string };
type Line =
	| { type: 'blank'; line: number }
	/** listed: written as a list item or link (- 第一章 总则): only a table of contents does that. */
	| { type: 'structure'; line: number; heading: ParsedHeading; key: string; listed: boolean }
	/** attached: the label runs straight into the text (第一条为了……). */
	| { type: 'article'; line: number; number: number; label: string; rest: string; attached: boolean }
	| { type: 'item'; line: number; number: number; label: string; rest: string }
	/** cited: starts like an article but reads like a citation (第二条规定的…); the sequence decides. */
	| { type: 'text'; line: number; text: string; heading: string | null; cited: Cited | null };

function stripInnerSpace(s: string): string {
	return s.replace(ALL_WS, '');
}

function emptyResult(slug: string, errors: ContentIssue[]): ParsedRegulation {
	return {
		meta: { title: '', edition: '', issuer: '', effectiveDate: '', slug, sample: false, status: null },
		numbering: 'article',
		preamble: '',
		parts: [],
		chapters: [],
		sections: [],
		groups: [],
		articles: [],
		appendices: [],
		warnings: [],
		errors
	};
}

/** Blanks out `<!-- … -->` comments (also across lines) but keeps the line breaks, so line numbers stay right. */
function blankComments(text: string): string {
	return text.replace(/<!--[\s\S]*?(-->|$)/g, (m) => m.replace(/[^\n]/g, ''));
}

/** The name part of a heading as a table of contents may print it: without leader dots, page numbers or (第一条至第十条). */
function headingKey(kind: string, number: number, name: string): string {
	const bare = name
		.replace(/[（(][^（）()]*[）)]$/, '')
		.replace(/[.．…·_\-—\d\s]+$/, '')
		.replace(/[（(][^（）()]*[）)]$/, '');
	return `${kind}:${number}:${bare}`;
}

function structureLine(probe: string, line: number, listed: boolean): Line | null {
	const s = STRUCTURE_RE.exec(probe);
	if (!s) return null;
	const number = chineseNumeral(s[1]);
	const rest = s[3];
	const name = stripInnerSpace(rest);
	const separated = rest === '' || LEADING_WS.test(rest);
	if (number === null || (!separated && CITATION_FOLLOWERS.has(rest[0])) || name.length > 40 || /[。；;，,：:]/.test(name)) return null;
	const kind = KIND_BY_CHAR[s[2] as keyof typeof KIND_BY_CHAR];
	const label = `第${s[1]}${s[2]}`;
	// A table of contents may end its entries with leader dots and page numbers: 第一章 总则……1.
	const shown = name.replace(/[.．…·_]{2,}\s*\d*$/, '').replace(/[.．…·_]+$/, '');
	return {
		type: 'structure',
		line,
		heading: { kind, number, label, name: shown, title: shown ? `${label} ${shown}` : label, line },
		key: headingKey(kind, number, shown),
		listed
	};
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

	const structure = structureLine(probe, line, false);
	if (structure) return structure;
	// - 第一章 总则, 1. 第二章 …, [第三章 附则](#…): entries of a table of contents written as a list.
	const listed = /^(?:[-*+]|\d+[.)])[ \t]+(.*)$/.exec(probe)?.[1] ?? (/^\[([^\]]+)\]\([^)]*\)$/.exec(probe) ? probe : null);
	if (listed !== null) {
		const entry = structureLine(listed.replace(/^\[([^\]]+)\]\([^)]*\)$/, '$1'), line, true);
		if (entry) return entry;
	}
	const a = ARTICLE_RE.exec(probe);
	if (a) {
		const number = chineseNumeral(a[1]);
		let rest = a[2];
		const separated = rest === '' || LEADING_WS.test(rest) || /^[：:]/.test(rest);
		if (number !== null && number > 0) {
			rest = rest.replace(/^[：:]/, '').replace(LEADING_WS, '');
			const label = `第${a[1]}条`;
			if (separated || !CITATION_FOLLOWERS.has(rest[0])) return { type: 'article', line, number, label, rest, attached: !separated };
			return { type: 'text', line, text, heading, cited: { number, label, rest } };
		}
	}
	const i = ITEM_RE.exec(probe);
	if (i) {
		const number = chineseNumeral(i[1]);
		if (number !== null && number > 0) return { type: 'item', line, number, label: `${i[1]}、`, rest: i[2].replace(LEADING_WS, '') };
	}
	return { type: 'text', line, text, heading, cited: null };
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
	const status = str('status');
	if (status !== undefined && status !== '') {
		const byLabel = REGULATION_STATUSES.find((s) => s === status || REGULATION_STATUS_LABELS[s] === status);
		if (!byLabel) err('status', `文件头字段“status”应为 ${REGULATION_STATUSES.map((s) => REGULATION_STATUS_LABELS[s]).join('、')} 之一，现在是“${status}”`);
		else meta.status = byLabel;
	}
	if (data.sample !== undefined) {
		if (typeof data.sample !== 'boolean') err('sample', '文件头字段“sample”应为 true 或 false');
		else meta.sample = data.sample;
	}
	return meta;
}

/** A line that opens an appendix once the articles are over: 附件, 附件2：…, 附：…, 附表, 附录. */
function isAppendixStart(text: string): boolean {
	const t = stripInnerSpace(text).replace(/^#+/, '');
	if (/^附[：:]/.test(t)) return true;
	if (!/^附[件录表]/.test(t)) return false;
	return /^附[件录表][0-9０-９一二三四五六七八九十]*(?:[：:、.．]|$)/.test(t) || (t.length <= 40 && !SENTENCE_PUNCTUATION.test(t.replace(/[：:（）()]/g, '')));
}

/** 附则 (and 总则) without a number: a heading at the top level of the text, not a group under the last chapter. */
const TOP_LEVEL_NAMES = new Set(['附则', '总则']);

/**
 * Parses one regulation text (Markdown or plain text, optional front matter) into its structure.
 * Pure: never throws, never touches the database; every problem is returned in `errors` with
 * the file and the line it is on. A result with errors must not be loaded. `warnings` say what
 * the parser repaired or decided (page numbers dropped, lines joined, appendices kept apart).
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

	const cleaned = cleanLines(
		blankComments(fm.body)
			.split('\n')
			.map((text, i) => ({ line: fm.bodyLine + i, text })),
		file
	);
	const lines = cleaned.lines.map((l) => classify(l.text, l.line));
	const result = emptyResult(slug, errors);
	result.warnings = cleaned.warnings;
	const warn = (line: number, message: string) => result.warnings.push({ file, line, message });
	result.meta = {
		title: given.title ?? '',
		edition: given.edition ?? '',
		issuer: given.issuer ?? '',
		effectiveDate: given.effectiveDate ?? '',
		slug,
		sample: given.sample ?? false,
		status: given.status ?? null
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

	skipTableOfContents(lines, skip);

	const hasArticles = lines.some((l, i) => !skip.has(i) && l.type === 'article');
	const hasItems = lines.some((l, i) => !skip.has(i) && l.type === 'item');
	if (!hasArticles && !hasItems) {
		errors.push({ file, line: fm.bodyLine, message: '没有找到任何条款：条款应以“第一条”或“一、”这样的编号开头' });
		return result;
	}
	result.numbering = hasArticles ? 'article' : 'item';
	const unitType = hasArticles ? 'article' : 'item';
	const unit = unitType === 'article' ? '条' : '项';

	let previous: { number: number; line: number } | null = null;
	const expected = () => (previous?.number ?? 0) + 1;
	/** The article (or item) a line opens, if it opens one here. */
	const opens = (l: Line): Extract<Line, { type: 'article' | 'item' }> | null => {
		if (l.type === unitType) return l as Extract<Line, { type: 'article' | 'item' }>;
		// 第五条中国共产党… reads like a citation, but it is the very article due next.
		if (unitType === 'article' && l.type === 'text' && l.cited && l.cited.number === expected() && !/^[、，,。；;至到和或及与第]/.test(l.cited.rest)) {
			return { type: 'article', line: l.line, number: l.cited.number, label: l.cited.label, rest: l.cited.rest, attached: true };
		}
		return null;
	};
	const nextContent = (from: number): Line | undefined => {
		for (let k = from + 1; k < lines.length; k++) if (!skip.has(k) && lines[k].type !== 'blank') return lines[k];
		return undefined;
	};
	/** A short line with no sentence punctuation right above an article: an unnumbered heading. */
	const isGroupHeading = (l: Extract<Line, { type: 'text' }>, index: number) => {
		const next = nextContent(index);
		if (!next || !opens(next)) return false;
		if (l.heading !== null) return true;
		return l.text.length <= 24 && !SENTENCE_PUNCTUATION.test(l.text) && !/^[-*+>|\d]/.test(l.text);
	};

	let part: ParsedHeading | null = null;
	let chapter: ParsedHeading | null = null;
	let section: ParsedHeading | null = null;
	let group: ParsedHeading | null = null;
	/** The group heading on the line just before, which an appendix may turn out to be the title of. */
	let groupJustOpened = false;
	const preamble: string[] = [];
	let current: { head: Extract<Line, { type: 'article' | 'item' }>; paragraphs: string[]; context: [string, string, string] } | null = null;
	let appendix: { title: string; paragraphs: string[]; line: number } | null = null;
	const lastNumberOf: Record<HeadingKind, number> = { part: 0, chapter: 0, section: 0, group: 0 };

	const close = () => {
		if (current) {
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
		}
		if (appendix) {
			result.appendices.push({ title: appendix.title, body: toBlocks(appendix.paragraphs), line: appendix.line });
			appendix = null;
		}
	};
	const startAppendix = (title: string, line: number, why?: string) => {
		close();
		appendix = { title, paragraphs: [], line };
		warn(line, `${why ? `${why}：` : ''}“${title}”及其后的内容作为附件保存在最后一${unit}之后，不作为${unit}文`);
	};
	const asText = (l: Line): string => {
		if (l.type === 'structure') return l.heading.title;
		if (l.type === 'article' || l.type === 'item') return `${l.label}${l.type === 'article' && !l.attached && l.rest ? '\u3000' : ''}${l.rest}`;
		if (l.type === 'text') return l.heading !== null ? `#### ${l.text}` : l.text;
		return '';
	};
	const started = () => result.articles.length > 0 || current !== null;

	for (let index = 0; index < lines.length; index++) {
		if (skip.has(index)) continue;
		const l = lines[index];
		if (l.type === 'blank') continue;
		const wasGroupJustOpened = groupJustOpened;
		groupJustOpened = false;

		if (appendix) {
			if (l.type === 'text' && isAppendixStart(l.text)) startAppendix(l.text, l.line);
			else (appendix as { paragraphs: string[] }).paragraphs.push(asText(l));
			continue;
		}
		if (started() && l.type === 'text' && isAppendixStart(l.text)) {
			startAppendix(l.text, l.line);
			continue;
		}
		if (l.type === 'structure') {
			const h = l.heading;
			if (l.listed) {
				// A list entry outside a table of contents is just text.
				const raw = `- ${h.title}`;
				if (current) (current as { paragraphs: string[] }).paragraphs.push(raw);
				else if (!started()) preamble.push(raw);
				else errors.push({ file, line: l.line, message: '这段文字不属于任何条款（位于编、章、节标题和下一条之间）' });
				continue;
			}
			if (started() && h.number !== null && h.number <= lastNumberOf[h.kind]) {
				// Numbering of 编/章/节 starting over after the articles: a document of its own, appended.
				const title = wasGroupJustOpened && group ? (result.groups.pop(), group.title) : h.title;
				startAppendix(title, wasGroupJustOpened && group ? group.line : h.line, '编、章、节的编号重新开始');
				(appendix as unknown as { paragraphs: string[] }).paragraphs.push(h.title);
				continue;
			}
			close();
			lastNumberOf[h.kind] = h.number ?? lastNumberOf[h.kind];
			// 节 are numbered within their chapter (and chapters may be within their part).
			if (h.kind === 'part') lastNumberOf.chapter = lastNumberOf.section = 0;
			if (h.kind === 'chapter') lastNumberOf.section = 0;
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
		const head = opens(l);
		if (head) {
			if (started() && previous && head.number === 1 && previous.number > 1) {
				// An explanation or a second document after the last article, numbered from 第一条 again.
				const title = wasGroupJustOpened && group ? (result.groups.pop(), group.title) : '附件';
				startAppendix(title, wasGroupJustOpened && group ? group.line : head.line, `编号从${head.label}重新开始`);
				(appendix as unknown as { paragraphs: string[] }).paragraphs.push(asText(head));
				continue;
			}
			close();
			if (previous && head.number === previous.number) {
				errors.push({ file, line: head.line, message: `编号重复：第${head.number}${unit}（${head.label}）在第 ${previous.line} 行已出现过` });
			} else if (head.number !== expected()) {
				errors.push({
					file,
					line: head.line,
					message: previous
						? `编号不连续：${head.label}（第${head.number}${unit}）应为第${expected()}${unit}（上一${unit}在第 ${previous.line} 行）`
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
			const name = stripInnerSpace(text.text);
			if (TOP_LEVEL_NAMES.has(name) && (result.parts.length || result.chapters.length)) {
				// 附则 without a number closes the text at its top level: not a group under the last chapter.
				const h: ParsedHeading = { kind: result.parts.length ? 'part' : 'chapter', number: null, label: '', name, title: name, line: text.line };
				if (h.kind === 'part') {
					part = h;
					chapter = null;
					result.parts.push(h);
				} else {
					chapter = h;
					result.chapters.push(h);
				}
				section = group = null;
				continue;
			}
			group = { kind: 'group', number: null, label: '', name: text.text, title: text.text, line: text.line };
			result.groups.push(group);
			groupJustOpened = true;
			continue;
		}
		const raw = asText(l);
		if (current) (current as { paragraphs: string[] }).paragraphs.push(raw);
		else if (!started()) preamble.push(raw);
		else {
			// Text between a heading and the next article belongs to no article: refuse rather than guess.
			errors.push({ file, line: l.line, message: '这段文字不属于任何条款（位于编、章、节标题和下一条之间）' });
		}
	}
	close();
	result.preamble = toBlocks(preamble);
	return result;
}

/**
 * Finds the table of contents and marks its lines skipped. A table of contents is a run of 编/章/节
 * entries before the first article whose first entry comes back later as a real heading. It may
 * list only chapters (then a 第一编 right before the repeated 第一章 is the body's), carry leader
 * dots and page numbers, be written as a list, have short unnumbered entries (附则) and be followed
 * by the promulgation note, which stays in the preamble.
 */
function skipTableOfContents(lines: Line[], skip: Set<number>): void {
	const firstArticle = lines.findIndex((l, i) => !skip.has(i) && (l.type === 'article' || l.type === 'item'));
	const end = firstArticle === -1 ? lines.length : firstArticle;
	const start = lines.findIndex((l, i) => i < end && !skip.has(i) && l.type === 'structure');
	if (start === -1) return;
	const seen = new Set<string>();
	let repeat = -1;
	for (let i = start; i < end; i++) {
		const l = lines[i];
		if (l.type !== 'structure') continue;
		if (seen.has(l.key) && !l.listed) {
			repeat = i;
			break;
		}
		seen.add(l.key);
	}
	if (repeat === -1) return;
	const level = { part: 0, chapter: 1, section: 2, group: 3 };
	const repeated = lines[repeat] as Extract<Line, { type: 'structure' }>;
	let bodyStart = repeat;
	for (let k = repeat - 1; k > start; k--) {
		const p = lines[k];
		if (p.type === 'blank') continue;
		if (p.type === 'structure' && !p.listed && level[p.heading.kind] < level[repeated.heading.kind]) bodyStart = k;
		else break;
	}
	for (let k = start; k < bodyStart; k++) {
		const l = lines[k];
		if (l.type === 'structure' || l.type === 'blank') skip.add(k);
		else if (l.type === 'text') {
			// Short entries such as 附则 or 附件 belong to the table; a promulgation note does not.
			const entry = l.text.replace(/^(?:[-*+]|\d+[.)])[ \t]+/, '').replace(/[.．…·_]{2,}\s*\d*$/, '');
			if (stripInnerSpace(entry).length <= 20 && !SENTENCE_PUNCTUATION.test(entry)) skip.add(k);
		}
	}
	// The 目录 line above it goes too.
	for (let k = start - 1; k >= 0; k--) {
		const p = lines[k];
		if (p.type === 'blank') continue;
		if (p.type === 'text' && stripInnerSpace(p.text).replace(/^#+/, '') === '目录') skip.add(k);
		break;
	}
}
