import { and, asc, count, eq, gt, lt, desc } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { regulationArticles, regulations, type Regulation, type RegulationArticle } from '../../db/schema/index.ts';
import { chineseNumeral, toChineseNumeral } from './numerals.ts';
import { editionOrder, earlierNumbers, storedEditionMap } from './edition-store.ts';
import { contentMemo } from '../catalog.ts';
import type { RegulationStatus } from '../../../vocabulary.ts';

/** How a single article is named on its own page: 第九十八条; items (printed 二、) become 第二项. */
function standaloneLabel(numbering: 'article' | 'item', number: number, label: string): string {
	return numbering === 'item' ? `第${toChineseNumeral(number)}项` : label;
}

export type RegulationListItem = {
	slug: string;
	work: string;
	status: RegulationStatus;
	title: string;
	edition: string;
	issuer: string;
	effectiveDate: string;
	numbering: 'article' | 'item';
	isSample: boolean;
	articleCount: number;
};

/** Loaded (active) regulations, real texts first, each with its number of articles. */
export async function listRegulations(db: DB): Promise<RegulationListItem[]> {
	return await db
		.select({
			slug: regulations.slug,
			work: regulations.work,
			status: regulations.status,
			title: regulations.title,
			edition: regulations.edition,
			issuer: regulations.issuer,
			effectiveDate: regulations.effectiveDate,
			numbering: regulations.numbering,
			isSample: regulations.isSample,
			articleCount: count(regulationArticles.id)
		})
		.from(regulations)
		.leftJoin(regulationArticles, eq(regulationArticles.regulationId, regulations.id))
		.where(eq(regulations.active, true))
		.groupBy(regulations.id)
		.orderBy(asc(regulations.isSample), asc(regulations.title), asc(regulations.slug))
		.all();
}

export type HeadingKind = 'part' | 'chapter' | 'section';

export type TocNode = {
	id: string;
	kind: HeadingKind;
	title: string;
	/** Labels of the first and last article under this heading: 第一条 … 第六条. */
	from: string;
	to: string;
	children: TocNode[];
};

export type TextBlock =
	| { type: 'heading'; kind: HeadingKind; id: string; title: string; level: 2 | 3 | 4 }
	| { type: 'article'; number: number; label: string; bodyHtml: string };

export type RegulationHeader = Pick<Regulation, 'slug' | 'title' | 'edition' | 'issuer' | 'effectiveDate' | 'numbering' | 'isSample'>;

const HEADER_COLUMNS = {
	id: regulations.id,
	slug: regulations.slug,
	work: regulations.work,
	editionKey: regulations.editionKey,
	status: regulations.status,
	contentHash: regulations.contentHash,
	appendices: regulations.appendices,
	title: regulations.title,
	edition: regulations.edition,
	issuer: regulations.issuer,
	effectiveDate: regulations.effectiveDate,
	numbering: regulations.numbering,
	isSample: regulations.isSample,
	preambleHtml: regulations.preambleHtml
};

/**
 * The edition a URL names: `slug` of an edition (jilv-chufen-tiaoli-2023), `work@key`
 * (jilv-chufen-tiaoli@2018), or the work alone (jilv-chufen-tiaoli), which is its current edition.
 */
async function activeRegulation(db: DB, name: string) {
	const at = name.indexOf('@');
	if (at !== -1) {
		return await db
			.select(HEADER_COLUMNS)
			.from(regulations)
			.where(and(eq(regulations.work, name.slice(0, at)), eq(regulations.editionKey, name.slice(at + 1)), eq(regulations.active, true)))
			.get();
	}
	const exact = await db.select(HEADER_COLUMNS).from(regulations).where(and(eq(regulations.slug, name), eq(regulations.active, true))).get();
	if (exact) return exact;
	const editions = await db.select(HEADER_COLUMNS).from(regulations).where(and(eq(regulations.work, name), eq(regulations.active, true))).all();
	return editions.find((e) => e.status === 'current') ?? editions.sort((a, b) => editionOrder(a, b)).at(-1);
}

/** How an edition is named in notes: 2018 年版, or its edition text when the slug has no year. */
export function editionName(r: { editionKey: string; edition: string; slug: string }): string {
	return r.editionKey ? `${r.editionKey} 年版` : r.edition || r.slug;
}

export type EditionLink = { slug: string; name: string; edition: string; status: RegulationStatus; effectiveDate: string };

/** All active editions of a work, oldest first. */
export async function editionsOf(db: DB, work: string): Promise<EditionLink[]> {
	const rows = await db
		.select({ id: regulations.id, slug: regulations.slug, edition: regulations.edition, editionKey: regulations.editionKey, status: regulations.status, effectiveDate: regulations.effectiveDate })
		.from(regulations)
		.where(and(eq(regulations.work, work), eq(regulations.active, true)))
		.all();
	return rows.sort(editionOrder).map((r) => ({ slug: r.slug, name: editionName(r), edition: r.edition, status: r.status, effectiveDate: r.effectiveDate }));
}

/**
 * 第九十八条, 九十八, 第98条 and 98 all name article 98; 3.1 names point 1 of item 3. Null when
 * the text names no article.
 */
export function parseArticleParam(text: string): { number: number; point: number | null } | null {
	const t = decodeURIComponent(text).trim();
	const point = /^([1-9][0-9]{0,3})[.．]([1-9][0-9]{0,2})$/.exec(t);
	if (point) return { number: Number(point[1]), point: Number(point[2]) };
	const m = /^第?([0-9０-９零〇一二两三四五六七八九十百千]{1,8})[条项]?$/.exec(t);
	const n = m ? chineseNumeral(m[1]) : null;
	return n !== null && n > 0 && n < 10000 ? { number: n, point: null } : null;
}

type Note = { text: string; href: string | null };

/**
 * Where each article of an edition stood in the other editions: "2018 年版为第八十八条",
 * "较 2018 年版有修改", "2018 年版无此条" (from earlier editions), and for an older edition
 * "现行版本为第九十条" (from the current one).
 */
export async function articleNotes(db: DB, reg: { id: number; work: string; numbering: 'article' | 'item' }): Promise<Map<number, Note[]>> {
	const notes = new Map<number, Note[]>();
	const add = (n: number, note: Note) => notes.set(n, [...(notes.get(n) ?? []), note]);
	const others = await db
		.select({ id: regulations.id, slug: regulations.slug, edition: regulations.edition, editionKey: regulations.editionKey, status: regulations.status, effectiveDate: regulations.effectiveDate })
		.from(regulations)
		.where(and(eq(regulations.work, reg.work), eq(regulations.active, true)))
		.all();
	if (others.length < 2) return notes;
	const byId = new Map(others.map((o) => [o.id, o]));
	const unit = reg.numbering === 'item' ? '项' : '条';
	const label = (n: number) => `第${toChineseNumeral(n)}${unit}`;
	for (const row of await earlierNumbers(db, reg.id)) {
		const from = byId.get(row.fromRegulationId);
		if (!from || row.toNumber === null) continue;
		const name = editionName(from);
		if (row.change === 'added') add(row.toNumber, { text: `${name}无此${unit}`, href: null });
		else if (row.fromNumber !== null && row.fromNumber !== row.toNumber) {
			add(row.toNumber, { text: `${name}为${label(row.fromNumber)}${row.change === 'changed' ? '（有修改）' : ''}`, href: `/regulations/${from.slug}/${row.fromNumber}` });
		} else if (row.change === 'changed' && row.fromNumber !== null) add(row.toNumber, { text: `较${name}有修改`, href: `/regulations/${from.slug}/${row.fromNumber}` });
	}
	const current = others.find((o) => o.status === 'current');
	if (current && current.id !== reg.id) {
		for (const p of (await storedEditionMap(db, reg.id, current.id)) ?? []) {
			if (p.fromNumber === null) continue;
			if (p.toNumber === null) add(p.fromNumber, { text: `现行版本已删除此${unit}`, href: null });
			else if (p.change !== 'unchanged') add(p.fromNumber, { text: `现行版本为${label(p.toNumber)}${p.change === 'changed' ? '（有修改）' : ''}`, href: `/regulations/${current.slug}/${p.toNumber}` });
		}
	}
	return notes;
}

/**
 * Turns the flat, ordered articles into headings and articles for the reading view, plus a
 * table of contents. A heading is emitted where an article's 编/章/节 differs from the one before.
 */
export function structureArticles(articles: Pick<RegulationArticle, 'number' | 'label' | 'partTitle' | 'chapterTitle' | 'sectionTitle' | 'bodyHtml'>[]): {
	toc: TocNode[];
	blocks: TextBlock[];
} {
	const hasParts = articles.some((a) => a.partTitle);
	const hasChapters = articles.some((a) => a.chapterTitle);
	const chapterLevel = hasParts ? 3 : 2;
	const sectionLevel = (hasChapters ? chapterLevel + 1 : chapterLevel) as 2 | 3 | 4;
	const toc: TocNode[] = [];
	const blocks: TextBlock[] = [];
	const counters = { part: 0, chapter: 0, section: 0 };
	let part: TocNode | null = null;
	let chapter: TocNode | null = null;
	let section: TocNode | null = null;
	let prev: (typeof articles)[number] | null = null;

	const open = (kind: HeadingKind, title: string, level: 2 | 3 | 4, parent: TocNode | null, label: string): TocNode => {
		counters[kind] += 1;
		const node: TocNode = { id: `${kind}-${counters[kind]}`, kind, title, from: label, to: label, children: [] };
		(parent ? parent.children : toc).push(node);
		blocks.push({ type: 'heading', kind, id: node.id, title, level });
		return node;
	};

	for (const a of articles) {
		const newPart = !prev || a.partTitle !== prev.partTitle;
		const newChapter = newPart || a.chapterTitle !== prev!.chapterTitle;
		const newSection = newChapter || a.sectionTitle !== prev!.sectionTitle;
		if (newPart) part = a.partTitle ? open('part', a.partTitle, 2, null, a.label) : null;
		if (newChapter) chapter = a.chapterTitle ? open('chapter', a.chapterTitle, chapterLevel as 2 | 3, part, a.label) : null;
		if (newSection) section = a.sectionTitle ? open('section', a.sectionTitle, sectionLevel, chapter ?? part, a.label) : null;
		for (const node of [part, chapter, section]) if (node) node.to = a.label;
		blocks.push({ type: 'article', number: a.number, label: a.label, bodyHtml: a.bodyHtml });
		prev = a;
	}
	return { toc, blocks };
}

/** Everything the reading view shows for one active regulation, or null (→ 404). */
/** The whole text of a regulation; kept in memory until content changes (the text is the same for everyone). */
export function getRegulationText(db: DB, slug: string) {
	return contentMemo(db, `regulation:${slug}`, () => readRegulationText(db, slug));
}

async function readRegulationText(db: DB, slug: string) {
	const reg = await activeRegulation(db, slug);
	if (!reg) return null;
	const articles = await db
		.select()
		.from(regulationArticles)
		.where(eq(regulationArticles.regulationId, reg.id))
		.orderBy(asc(regulationArticles.ordinal))
		.all();
	const notes = await articleNotes(db, reg);
	const { id: _id, contentHash: _hash, ...regulation } = reg;
	return {
		regulation,
		articleCount: articles.length,
		...structureArticles(articles),
		notes: Object.fromEntries(notes),
		editions: await editionsOf(db, reg.work)
	};
}

/** One article with its 编/章/节 and its neighbours, or null when the regulation or article does not exist. */
/** One article with its neighbours, notes and editions; kept in memory until content changes. */
export function getArticle(db: DB, slug: string, number: number) {
	return contentMemo(db, `article:${slug}/${number}`, () => readArticle(db, slug, number));
}

async function readArticle(db: DB, slug: string, number: number) {
	const reg = await activeRegulation(db, slug);
	if (!reg) return null;
	const article = await db
		.select()
		.from(regulationArticles)
		.where(and(eq(regulationArticles.regulationId, reg.id), eq(regulationArticles.number, number)))
		.get();
	if (!article) return null;
	const neighbour = { number: regulationArticles.number, label: regulationArticles.label };
	const previous =
		await db
			.select(neighbour)
			.from(regulationArticles)
			.where(and(eq(regulationArticles.regulationId, reg.id), lt(regulationArticles.ordinal, article.ordinal)))
			.orderBy(desc(regulationArticles.ordinal))
			.limit(1)
			.get() ?? null;
	const next =
		await db
			.select(neighbour)
			.from(regulationArticles)
			.where(and(eq(regulationArticles.regulationId, reg.id), gt(regulationArticles.ordinal, article.ordinal)))
			.orderBy(asc(regulationArticles.ordinal))
			.limit(1)
			.get() ?? null;
	const { id: _id, preambleHtml: _preamble, contentHash: _hash, appendices: _appendices, ...regulation } = reg;
	const named = (n: { number: number; label: string } | null) => n && { number: n.number, label: standaloneLabel(reg.numbering, n.number, n.label) };
	return {
		regulation,
		notes: (await articleNotes(db, reg)).get(number) ?? [],
		editions: await editionsOf(db, reg.work),
		article: {
			number: article.number,
			label: standaloneLabel(reg.numbering, article.number, article.label),
			partTitle: article.partTitle,
			chapterTitle: article.chapterTitle,
			sectionTitle: article.sectionTitle,
			bodyHtml: article.bodyHtml
		},
		previous: named(previous),
		next: named(next)
	};
}

export type RegulationSummary = {
	slug: string;
	title: string;
	sample: boolean;
	numbering: 'article' | 'item';
	articles: number;
	parts: number;
	chapters: number;
	sections: number;
};

/**
 * Counts per active regulation, as `content:check` reports them. 编/章/节 are counted from the
 * distinct numbered headings that articles sit under (unnumbered group headings are not 节).
 */
export async function regulationSummaries(db: DB): Promise<RegulationSummary[]> {
	const regs = await db
		.select({ id: regulations.id, slug: regulations.slug, title: regulations.title, sample: regulations.isSample, numbering: regulations.numbering })
		.from(regulations)
		.where(eq(regulations.active, true))
		.orderBy(asc(regulations.slug))
		.all();
	const out: RegulationSummary[] = [];
	for (const { id, ...reg } of regs) {
		const rows = await db
			.select({ part: regulationArticles.partTitle, chapter: regulationArticles.chapterTitle, section: regulationArticles.sectionTitle })
			.from(regulationArticles)
			.where(eq(regulationArticles.regulationId, id))
			.all();
		const distinct = (key: (r: (typeof rows)[number]) => string, pattern: RegExp) =>
			new Set(rows.filter((r) => pattern.test(key(r).split('\u0000').at(-1)!)).map(key)).size;
		out.push({
			...reg,
			articles: rows.length,
			parts: distinct((r) => r.part, /^第.+编/),
			chapters: distinct((r) => `${r.part}\u0000${r.chapter}`, /^第.+章/),
			sections: distinct((r) => `${r.part}\u0000${r.chapter}\u0000${r.section}`, /^第.+节/)
		});
	}
	return out;
}
