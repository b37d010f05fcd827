import { and, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { citationReviews, courses, lessons, questions, questionSets, regulationArticles, regulations } from '../db/schema/index.ts';
import { knownCitation, parseRef, toChineseNumeral } from './refs.ts';
import { diffTexts, type DiffPart } from './regulations/editions.ts';
import { storedEditionMap } from './regulations/edition-store.ts';
import { QUESTION_TYPE_LABELS } from '../../vocabulary.ts';

// Citations (依据 of questions, refs of lessons and cases) checked against the loaded texts:
// which regulations are cited but not loaded yet, which citations point at an article a loaded text
// does not have, and which cite an article that a newer edition changed or deleted (依据已修订).

export type CitingItem = { sourceKind: 'question' | 'lesson'; sourceId: number; label: string; href: string | null; refs: string[] };

/** Every active question (course quizzes, competition files, banks) and lesson that cites articles. */
export async function citingItems(db: DB): Promise<CitingItem[]> {
	const qs = await db
		.select({ id: questions.id, key: questions.key, ordinal: questions.ordinal, type: questions.type, refs: questions.refs, setTitle: questionSets.title, setSlug: questionSets.slug, kind: questionSets.kind, source: questionSets.sourcePath, setId: questionSets.id })
		.from(questions)
		.innerJoin(questionSets, eq(questionSets.id, questions.setId))
		.where(and(eq(questions.active, true), eq(questionSets.active, true)))
		.all();
	const ls = await db
		.select({ id: lessons.id, title: lessons.title, refs: lessons.refs, courseTitle: courses.title, courseSlug: courses.slug, lessonSlug: lessons.slug, source: lessons.sourcePath })
		.from(lessons)
		.innerJoin(courses, eq(courses.id, lessons.courseId))
		.where(and(eq(lessons.active, true), eq(courses.active, true)))
		.all();
	return [
		...qs.map((q) => ({
			sourceKind: 'question' as const,
			sourceId: q.id,
			label: `${q.kind === 'bank' ? `题库《${q.setTitle}》` : `${q.source} `}第 ${q.ordinal} 题（${QUESTION_TYPE_LABELS[q.type]} ${q.key}）`,
			href: q.kind === 'bank' ? `/admin/content/banks/${q.setId}` : null,
			refs: q.refs
		})),
		...ls.map((l) => ({
			sourceKind: 'lesson' as const,
			sourceId: l.id,
			label: `${l.source}（课程《${l.courseTitle}》· ${l.title}）`,
			href: `/courses/${encodeURIComponent(l.courseSlug)}/${encodeURIComponent(l.lessonSlug)}`,
			refs: l.refs
		}))
	].filter((i) => i.refs.length > 0);
}

type LoadedRegulation = { id: number; slug: string; title: string; work: string; status: string; contentHash: string; editionKey: string; edition: string; numbering: 'article' | 'item' };

async function loadedRegulations(db: DB): Promise<Map<string, LoadedRegulation>> {
	const rows = await db
		.select({ id: regulations.id, slug: regulations.slug, title: regulations.title, work: regulations.work, status: regulations.status, contentHash: regulations.contentHash, editionKey: regulations.editionKey, edition: regulations.edition, numbering: regulations.numbering })
		.from(regulations)
		.where(eq(regulations.active, true))
		.all();
	return new Map(rows.map((r) => [r.slug, r]));
}

async function articleNumbers(db: DB, ids: number[]): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const rows = await db.select({ id: regulationArticles.regulationId, n: regulationArticles.number }).from(regulationArticles).where(inArray(regulationArticles.regulationId, ids)).all();
	return new Set(rows.map((r) => `${r.id}#${r.n}`));
}

export type MissingRegulation = { slug: string; citation: string; count: number };
export type BrokenCitation = { ref: string; item: string; href: string | null; message: string };

/**
 * What the console and content:check report: regulations cited but not loaded (most cited first),
 * and citations of an article that the loaded text does not have.
 */
export async function checkCitations(db: DB): Promise<{ missing: MissingRegulation[]; broken: BrokenCitation[] }> {
	const items = await citingItems(db);
	const loaded = await loadedRegulations(db);
	const present = await articleNumbers(db, [...loaded.values()].map((r) => r.id));
	const missing = new Map<string, number>();
	const broken: BrokenCitation[] = [];
	for (const item of items) {
		for (const ref of item.refs) {
			const parts = parseRef(ref);
			if (!parts) continue;
			const reg = loaded.get(parts.slug);
			if (!reg) {
				missing.set(parts.slug, (missing.get(parts.slug) ?? 0) + 1);
				continue;
			}
			if (!present.has(`${reg.id}#${parts.number}`)) {
				const unit = reg.numbering === 'item' ? '项' : '条';
				broken.push({ ref, item: item.label, href: item.href, message: `依据 ${ref} 指向的条款不存在：已导入的《${reg.title}》没有第${toChineseNumeral(parts.number)}${unit}` });
			}
		}
	}
	return {
		missing: [...missing].map(([slug, count]) => ({ slug, citation: knownCitation(slug) ?? slug, count })).sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug)),
		broken
	};
}

export type CitationFlag = {
	sourceKind: 'question' | 'lesson';
	sourceId: number;
	item: string;
	href: string | null;
	ref: string;
	/** The cited (older) edition and article. */
	from: { slug: string; title: string; edition: string; number: number; label: string; text: string };
	/** The current edition, and where the article went (null: deleted). */
	to: { id: number; slug: string; edition: string; hash: string; number: number | null; label: string | null; text: string };
	change: 'changed' | 'renumbered' | 'deleted';
	diff: DiffPart[];
};

/**
 * Citations of an older edition whose article the current edition changed, renumbered or deleted,
 * until an admin confirms them (or the item is updated to cite something else).
 */
export async function citationFlags(db: DB): Promise<CitationFlag[]> {
	const items = await citingItems(db);
	const loaded = await loadedRegulations(db);
	const currentByWork = new Map<string, LoadedRegulation>();
	for (const r of loaded.values()) if (r.status === 'current') currentByWork.set(r.work, r);
	const reviews = await db.select({ sourceKind: citationReviews.sourceKind, sourceId: citationReviews.sourceId, ref: citationReviews.ref, toId: citationReviews.toRegulationId, toHash: citationReviews.toHash }).from(citationReviews).all();
	const reviewed = new Set(reviews.map((r) => `${r.sourceKind}:${r.sourceId}:${r.ref}:${r.toId}:${r.toHash}`));
	const maps = new Map<string, Awaited<ReturnType<typeof storedEditionMap>>>();
	const texts = new Map<string, { label: string; text: string }>();
	const articleText = async (id: number, n: number) => {
		const key = `${id}#${n}`;
		if (!texts.has(key)) {
			const row = await db.select({ label: regulationArticles.label, text: regulationArticles.bodyText }).from(regulationArticles).where(and(eq(regulationArticles.regulationId, id), eq(regulationArticles.number, n))).get();
			texts.set(key, row ?? { label: `第${toChineseNumeral(n)}条`, text: '' });
		}
		return texts.get(key)!;
	};
	const flags: CitationFlag[] = [];
	for (const item of items) {
		for (const ref of item.refs) {
			const parts = parseRef(ref);
			const cited = parts && loaded.get(parts.slug);
			if (!parts || !cited || cited.status === 'current') continue;
			const current = currentByWork.get(cited.work);
			if (!current || current.id === cited.id) continue;
			const mapKey = `${cited.id}>${current.id}`;
			if (!maps.has(mapKey)) maps.set(mapKey, await storedEditionMap(db, cited.id, current.id));
			const pair = maps.get(mapKey)?.find((p) => p.fromNumber === parts.number);
			if (!pair || pair.change === 'unchanged' || pair.change === 'added') continue;
			if (reviewed.has(`${item.sourceKind}:${item.sourceId}:${ref}:${current.id}:${current.contentHash}`)) continue;
			const before = await articleText(cited.id, parts.number);
			const after = pair.toNumber === null ? null : await articleText(current.id, pair.toNumber);
			flags.push({
				sourceKind: item.sourceKind,
				sourceId: item.sourceId,
				item: item.label,
				href: item.href,
				ref,
				from: { slug: cited.slug, title: cited.title, edition: cited.edition || cited.editionKey, number: parts.number, label: before.label, text: before.text },
				to: { id: current.id, slug: current.slug, edition: current.edition || current.editionKey, hash: current.contentHash, number: pair.toNumber, label: after?.label ?? null, text: after?.text ?? '' },
				change: pair.change,
				diff: after ? diffTexts(before.text, after.text) : [{ type: 'removed', text: before.text }]
			});
		}
	}
	return flags;
}

/** An admin confirms a flagged citation: it stays as it is, for this text of the current edition. */
export async function confirmCitation(db: DB, input: { sourceKind: 'question' | 'lesson'; sourceId: number; ref: string; toRegulationId: number; toHash: string; userId: number }): Promise<boolean> {
	const flag = (await citationFlags(db)).find((f) => f.sourceKind === input.sourceKind && f.sourceId === input.sourceId && f.ref === input.ref && f.to.id === input.toRegulationId && f.to.hash === input.toHash);
	if (!flag) return false;
	await db
		.insert(citationReviews)
		.values({ sourceKind: input.sourceKind, sourceId: input.sourceId, ref: input.ref, toRegulationId: input.toRegulationId, toHash: input.toHash, reviewedBy: input.userId, reviewedAt: new Date() })
		.onConflictDoNothing()
		.run();
	return true;
}
