import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { regulationArticles, regulations } from '../../db/schema/index.ts';
import { computeEditionMap, editionOrder, storedEditionMap } from './edition-store.ts';
import { diffTexts, summarize, summaryText, type DiffPart } from './editions.ts';
import { editionName } from './queries.ts';
import type { ArticleChange } from '../../../vocabulary.ts';

type Side = { number: number; label: string; text: string } | null;
export type ComparisonRow = { change: ArticleChange; from: Side; to: Side; diff: DiffPart[] | null };

async function edition(db: DB, slug: string) {
	return await db
		.select({ id: regulations.id, slug: regulations.slug, title: regulations.title, work: regulations.work, edition: regulations.edition, editionKey: regulations.editionKey, effectiveDate: regulations.effectiveDate, numbering: regulations.numbering })
		.from(regulations)
		.where(and(eq(regulations.slug, slug), eq(regulations.active, true)))
		.get();
}

/**
 * Two editions of one regulation side by side, article by article (earlier first, whichever order
 * they are given in): the map from the texts, the summary, and word-level differences of changed articles.
 */
export async function compareEditions(db: DB, slugA: string, slugB: string) {
	const [a, b] = [await edition(db, slugA), await edition(db, slugB)];
	if (!a || !b || a.work !== b.work || a.id === b.id) return null;
	const [from, to] = editionOrder({ ...a, id: a.id }, { ...b, id: b.id }) <= 0 ? [a, b] : [b, a];
	const pairs = (await storedEditionMap(db, from.id, to.id)) ?? (await computeEditionMap(db, from.id, to.id));
	const articles = async (id: number) =>
		new Map(
			(await db.select({ number: regulationArticles.number, label: regulationArticles.label, text: regulationArticles.bodyText }).from(regulationArticles).where(eq(regulationArticles.regulationId, id)).orderBy(asc(regulationArticles.ordinal)).all()).map((r) => [r.number, r])
		);
	const [fromArticles, toArticles] = [await articles(from.id), await articles(to.id)];
	const rows: ComparisonRow[] = pairs.map((p) => {
		const f = p.fromNumber === null ? null : (fromArticles.get(p.fromNumber) ?? null);
		const t = p.toNumber === null ? null : (toArticles.get(p.toNumber) ?? null);
		return { change: p.change, from: f, to: t, diff: p.change === 'changed' && f && t ? diffTexts(f.text, t.text) : null };
	});
	const summary = summarize(pairs);
	const unit = from.numbering === 'item' ? '项' : '条';
	return {
		title: to.title,
		from: { slug: from.slug, name: editionName(from), edition: from.edition },
		to: { slug: to.slug, name: editionName(to), edition: to.edition },
		summary,
		summaryText: summaryText(summary, unit),
		unit,
		rows
	};
}
