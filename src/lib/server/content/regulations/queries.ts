import { and, asc, count, eq, gt, lt, desc } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { regulationArticles, regulations, type Regulation, type RegulationArticle } from '../../db/schema/index.ts';
import { toChineseNumeral } from './numerals.ts';

/** How a single article is named on its own page: 第九十八条; items (printed 二、) become 第二项. */
function standaloneLabel(numbering: 'article' | 'item', number: number, label: string): string {
	return numbering === 'item' ? `第${toChineseNumeral(number)}项` : label;
}

export type RegulationListItem = {
	slug: string;
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
	title: regulations.title,
	edition: regulations.edition,
	issuer: regulations.issuer,
	effectiveDate: regulations.effectiveDate,
	numbering: regulations.numbering,
	isSample: regulations.isSample,
	preambleHtml: regulations.preambleHtml
};

async function activeRegulation(db: DB, slug: string) {
	return await db
		.select(HEADER_COLUMNS)
		.from(regulations)
		.where(and(eq(regulations.slug, slug), eq(regulations.active, true)))
		.get();
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
export async function getRegulationText(db: DB, slug: string) {
	const reg = await activeRegulation(db, slug);
	if (!reg) return null;
	const articles = await db
		.select()
		.from(regulationArticles)
		.where(eq(regulationArticles.regulationId, reg.id))
		.orderBy(asc(regulationArticles.ordinal))
		.all();
	const { id: _id, ...regulation } = reg;
	return { regulation, articleCount: articles.length, ...structureArticles(articles) };
}

/** One article with its 编/章/节 and its neighbours, or null when the regulation or article does not exist. */
export async function getArticle(db: DB, slug: string, number: number) {
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
	const { id: _id, preambleHtml: _preamble, ...regulation } = reg;
	const named = (n: { number: number; label: string } | null) => n && { number: n.number, label: standaloneLabel(reg.numbering, n.number, n.label) };
	return {
		regulation,
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
