import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { regulationArticles, regulationCheckins, regulations, type RegulationCheckin } from '../db/schema/index.ts';
import { editionName, structureArticles } from '../content/regulations/queries.ts';
import { compareEditions } from '../content/regulations/compare.ts';
import { contentMemo } from '../content/catalog.ts';
import { editionOrder } from '../content/regulations/edition-store.ts';
import { freshSignatureNeeded, recordLearningProgress, type FreshNeed } from '../reading-lists/progress.ts';
import { formatDuration, secondsRemaining, type SignResult } from './checkins.ts';
import { articlesIn, covers, regulationMinReadSeconds, resolveScope, scopeCharCount, scopeHeadings, scopeLabel, type ScopeArticle, type ScopeHeading, type ScopeResult } from './regulation-scope.ts';

// 法规阅后签名 (read-and-sign), like a lesson's: the learner starts reading with an explicit act
// (the "开始阅读" form, a POST: no page load, hover or prefetch can start it), the server stamps
// opened_at and fixes the minimum reading time from the length of what is read, and a signature
// is accepted only after that time and only for the edition that was read (the regulation's
// content hash when the reading started). Opening the text alone records nothing.

/** Strips tags for counting the characters of the preamble (stored as HTML). */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&[a-z#0-9]+;/gi, ' ');

type LoadedRegulation = {
	id: number;
	slug: string;
	title: string;
	edition: string;
	numbering: 'article' | 'item';
	contentHash: string;
	preambleHtml: string;
	articles: (ScopeArticle & { bodyHtml: string })[];
};

/** An active regulation with its articles; kept in memory until content changes (content/catalog.ts). */
async function loadRegulation(db: DB, where: { slug: string } | { id: number }): Promise<LoadedRegulation | undefined> {
	const key = 'slug' in where ? `reading-regulation:slug:${where.slug}` : `reading-regulation:id:${where.id}`;
	return (await contentMemo(db, key, () => readRegulation(db, where))) ?? undefined;
}

async function readRegulation(db: DB, where: { slug: string } | { id: number }): Promise<LoadedRegulation | undefined> {
	const reg = await db
		.select({ id: regulations.id, slug: regulations.slug, title: regulations.title, edition: regulations.edition, numbering: regulations.numbering, contentHash: regulations.contentHash, preambleHtml: regulations.preambleHtml })
		.from(regulations)
		.where(and('slug' in where ? eq(regulations.slug, where.slug) : eq(regulations.id, where.id), eq(regulations.active, true)))
		.get();
	if (!reg) return undefined;
	const articles = await db
		.select({
			number: regulationArticles.number,
			label: regulationArticles.label,
			partTitle: regulationArticles.partTitle,
			chapterTitle: regulationArticles.chapterTitle,
			sectionTitle: regulationArticles.sectionTitle,
			bodyText: regulationArticles.bodyText,
			bodyHtml: regulationArticles.bodyHtml
		})
		.from(regulationArticles)
		.where(eq(regulationArticles.regulationId, reg.id))
		.orderBy(asc(regulationArticles.ordinal))
		.all();
	return { ...reg, articles };
}

export type RegulationScopeInfo = {
	title: string;
	headings: ScopeHeading[];
	articleCount: number;
	resolve: (spec: string) => ScopeResult;
	label: (scope: string) => string;
};

/** What the reading-list form and pages need to name and check a regulation's 必读 part. */
export async function regulationScopeInfo(db: DB, regulationId: number): Promise<RegulationScopeInfo | undefined> {
	const reg = await loadRegulation(db, { id: regulationId });
	if (!reg) return undefined;
	const numbers = reg.articles.map((a) => a.number);
	return {
		title: reg.title,
		headings: scopeHeadings(reg.articles),
		articleCount: reg.articles.length,
		resolve: (spec) => resolveScope(spec, numbers),
		label: (scope) => scopeLabel(scope, reg.articles, reg.numbering)
	};
}

function measure(reg: LoadedRegulation, scope: string) {
	const charCount = scopeCharCount(reg.articles, scope, textOf(reg.preambleHtml));
	return { charCount, minReadSeconds: regulationMinReadSeconds(charCount) };
}

/** The current edition of a regulation's part as a check-in would record it (demo data, tests). */
export async function measureRegulationScope(db: DB, regulationId: number, scope = '') {
	const reg = await loadRegulation(db, { id: regulationId });
	if (!reg) return undefined;
	return { regulationId, contentHash: reg.contentHash, scope, scopeLabel: scopeLabel(scope, reg.articles, reg.numbering), ...measure(reg, scope) };
}

export type RegulationReadingPage = {
	regulation: { slug: string; title: string; edition: string; numbering: 'article' | 'item'; contentHash: string; preambleHtml: string };
	scope: string;
	scopeLabel: string;
	articleCount: number;
	charCount: number;
	minReadSeconds: number;
	/** null until the learner presses 开始阅读. */
	openedAt: Date | null;
	/** null while a reading is open. */
	signedAt: Date | null;
	/** Signed, but a reading list counting only study since its start needs a new reading. */
	freshNeeded: FreshNeed | null;
	secondsRemaining: number;
	/** A signature over this part of an earlier edition (or over a larger part), which still counts. */
	earlierSignature: { signedAt: Date; scopeLabel: string } | null;
	/** A signature of an earlier edition (none of this one): what changed since. */
	earlierEdition: EarlierEditionSignature | null;
	/** The text of the part, shown once reading has started. */
	blocks: ReturnType<typeof structureArticles>['blocks'];
};

/**
 * The reading page of a regulation's part for one person. Reads only: nothing is recorded here.
 * `spec` comes from the address (?scope=1-10,15); undefined when the regulation is missing or
 * the scope names articles the text does not have.
 */
export async function regulationReadingPage(db: DB, input: { userId: number; slug: string; scope: string }, now = new Date()): Promise<RegulationReadingPage | undefined> {
	const reg = await loadRegulation(db, { slug: input.slug });
	if (!reg) return undefined;
	const resolved = resolveScope(input.scope, reg.articles.map((a) => a.number));
	if (!resolved.ok) return undefined;
	const scope = resolved.scope;
	const mine = await db
		.select()
		.from(regulationCheckins)
		.where(eq(regulationCheckins.userId, input.userId))
		.orderBy(desc(regulationCheckins.signedAt), desc(regulationCheckins.id))
		.all();
	const ofThis = mine.filter((c) => c.regulationId === reg.id);
	const same = ofThis.filter((c) => c.contentHash === reg.contentHash && c.scope === scope).sort((a, b) => b.id - a.id);
	const open = same.find((c) => !c.signedAt);
	const signed = same.find((c) => c.signedAt);
	const checkin = open ?? signed;
	const earlier = signed ? undefined : ofThis.find((c) => c.signedAt && !same.includes(c) && covers(c.scope, scope));
	const freshNeeded = !open && signed ? await freshSignatureNeeded(db, input.userId, { kind: 'regulation', ref: reg.id, scope }) : null;
	const { charCount, minReadSeconds } = checkin ?? measure(reg, scope);
	const showText = !!checkin;
	return {
		regulation: { slug: reg.slug, title: reg.title, edition: reg.edition, numbering: reg.numbering, contentHash: reg.contentHash, preambleHtml: showText && scope === '' ? reg.preambleHtml : '' },
		scope,
		scopeLabel: scopeLabel(scope, reg.articles, reg.numbering),
		articleCount: articlesIn(reg.articles, scope).length,
		charCount,
		minReadSeconds,
		openedAt: checkin?.openedAt ?? null,
		signedAt: checkin?.signedAt ?? null,
		freshNeeded,
		secondsRemaining: checkin && !checkin.signedAt ? secondsRemaining(checkin.openedAt, checkin.minReadSeconds, now) : 0,
		earlierSignature: earlier?.signedAt ? { signedAt: earlier.signedAt, scopeLabel: earlier.scopeLabel || '全文' } : null,
		earlierEdition: ofThis.some((c) => c.signedAt) ? null : await signedEarlierEdition(db, input.userId, reg.slug),
		blocks: showText ? structureArticles(articlesIn(reg.articles, scope)).blocks : []
	};
}

export type EarlierEditionSignature = { signedAt: Date; slug: string; name: string; summaryText: string };

/**
 * The person signed an earlier edition of this regulation and none of this one: which edition,
 * when, and what changed since (the comparison's summary), so the page can point to the changes.
 */
export async function signedEarlierEdition(db: DB, userId: number, slug: string): Promise<EarlierEditionSignature | null> {
	const regulation = await db.select({ id: regulations.id, slug: regulations.slug, work: regulations.work, editionKey: regulations.editionKey, effectiveDate: regulations.effectiveDate }).from(regulations).where(eq(regulations.slug, slug)).get();
	if (!regulation) return null;
	const signed = await db
		.select({ id: regulations.id, slug: regulations.slug, edition: regulations.edition, editionKey: regulations.editionKey, effectiveDate: regulations.effectiveDate, signedAt: regulationCheckins.signedAt })
		.from(regulationCheckins)
		.innerJoin(regulations, eq(regulations.id, regulationCheckins.regulationId))
		.where(and(eq(regulationCheckins.userId, userId), eq(regulations.work, regulation.work), eq(regulations.active, true), isNotNull(regulationCheckins.signedAt)))
		.orderBy(desc(regulationCheckins.signedAt))
		.all();
	if (signed.some((r) => r.id === regulation.id)) return null;
	const earlier = signed.find((r) => editionOrder(r, regulation) < 0);
	if (!earlier) return null;
	const comparison = await compareEditions(db, earlier.slug, regulation.slug);
	return { signedAt: earlier.signedAt!, slug: earlier.slug, name: editionName(earlier), summaryText: comparison?.summaryText ?? '' };
}

/** Whether the regulation is active with this text now, as committed (not as kept in memory). */
async function isCurrentEdition(db: DB, regulationId: number, contentHash: string): Promise<boolean> {
	const row = await db.select({ hash: regulations.contentHash, active: regulations.active }).from(regulations).where(eq(regulations.id, regulationId)).get();
	return !!row && row.active && row.hash === contentHash;
}

export type RegulationReadingInput = { userId: number; slug: string; scope: string; contentHash: string };
export type StartResult = { ok: true; checkin: RegulationCheckin } | { ok: false; message: string };

async function readingsOf(db: DB, key: { userId: number; regulationId: number; contentHash: string; scope: string }): Promise<{ open: RegulationCheckin | undefined; signed: RegulationCheckin | undefined }> {
	const rows = await db
		.select()
		.from(regulationCheckins)
		.where(and(eq(regulationCheckins.userId, key.userId), eq(regulationCheckins.regulationId, key.regulationId), eq(regulationCheckins.contentHash, key.contentHash), eq(regulationCheckins.scope, key.scope)))
		.orderBy(desc(regulationCheckins.id))
		.all();
	return { open: rows.find((r) => !r.signedAt), signed: rows.find((r) => r.signedAt) };
}

/**
 * 开始阅读: stamps opened_at for this edition and part. An open reading is never restarted
 * (pressing it again changes nothing); a part already signed is read again only when a reading
 * list needs a signature made since its start. Refused when the page showed an edition that is
 * no longer current.
 */
export async function startRegulationReading(db: DB, input: RegulationReadingInput, now = new Date()): Promise<StartResult> {
	const reg = await loadRegulation(db, { slug: input.slug });
	if (!reg) return { ok: false, message: '没有找到这部法规' };
	if (input.contentHash !== reg.contentHash) return { ok: false, message: '法规文本已更新，请刷新页面后再开始阅读' };
	const resolved = resolveScope(input.scope, reg.articles.map((a) => a.number));
	if (!resolved.ok) return { ok: false, message: `阅读范围有误：${resolved.message}` };
	const scope = resolved.scope;
	return await db.transaction(async (tx) => {
		// The text in memory may lag a publication by a moment: the edition is checked in the database.
		if (!(await isCurrentEdition(tx, reg.id, input.contentHash))) return { ok: false, message: '法规文本已更新，请刷新页面后再开始阅读' } as const;
		const { open, signed } = await readingsOf(tx, { userId: input.userId, regulationId: reg.id, contentHash: reg.contentHash, scope });
		if (open) return { ok: true, checkin: open } as const;
		if (signed && !(await freshSignatureNeeded(tx, input.userId, { kind: 'regulation', ref: reg.id, scope }))) return { ok: true, checkin: signed } as const;
		const checkin = await tx
			.insert(regulationCheckins)
			.values({ userId: input.userId, regulationId: reg.id, contentHash: reg.contentHash, scope, scopeLabel: scopeLabel(scope, reg.articles, reg.numbering), ...measure(reg, scope), openedAt: now })
			.returning()
			.get();
		return { ok: true, checkin } as const;
	});
}

/**
 * Signs a regulation's part as read, for the edition the page showed (`contentHash`): accepted
 * only for the current text, after the minimum reading time since 开始阅读. Signing again changes
 * nothing and reports the latest signature. In the same transaction, records the reading lists
 * (and courses) this completes for the person.
 */
export async function signRegulation(db: DB, input: RegulationReadingInput, now = new Date()): Promise<SignResult> {
	const reg = await loadRegulation(db, { slug: input.slug });
	if (!reg) return { ok: false, message: '没有找到这部法规' };
	const resolved = resolveScope(input.scope, reg.articles.map((a) => a.number));
	if (!resolved.ok) return { ok: false, message: `阅读范围有误：${resolved.message}` };
	const scope = resolved.scope;
	return await db.transaction(async (tx): Promise<SignResult> => {
		const { open: checkin, signed } = await readingsOf(tx, { userId: input.userId, regulationId: reg.id, contentHash: input.contentHash, scope });
		if (!checkin && signed) return { ok: true, signedAt: signed.signedAt!, alreadySigned: true };
		if (input.contentHash !== reg.contentHash || !(await isCurrentEdition(tx, reg.id, input.contentHash))) return { ok: false, message: '法规文本已更新，请刷新页面阅读新版本后再签名' };
		if (!checkin) return { ok: false, message: '请先点击“开始阅读”，读完后再签名' };
		const remaining = secondsRemaining(checkin.openedAt, checkin.minReadSeconds, now);
		if (remaining > 0) {
			return { ok: false, message: `阅读时间不足：这部分至少需要阅读 ${formatDuration(checkin.minReadSeconds)}，请再阅读 ${formatDuration(remaining)}后签名`, secondsRemaining: remaining };
		}
		const updated = await tx.update(regulationCheckins).set({ signedAt: now }).where(and(eq(regulationCheckins.id, checkin.id), isNull(regulationCheckins.signedAt))).run();
		if (updated.changes !== 1) return { ok: true, signedAt: (await tx.select().from(regulationCheckins).where(eq(regulationCheckins.id, checkin.id)).get())!.signedAt!, alreadySigned: true };
		await recordLearningProgress(tx, input.userId);
		return { ok: true, signedAt: now, alreadySigned: false };
	});
}
