import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/client.ts';
import { notebookCards, notebookEntries, notebookReviews, questions, type NotebookCard, type Question } from '../db/schema/index.ts';
import { parseRef, resolveRefs, type ResolvedRef } from '../content/refs.ts';
import { describeAnswer, describeResponse, displayQuestion, renderExplanation, type DisplayQuestion } from '../quizzes/display.ts';
import { isCorrect } from '../quizzes/grading.ts';
import { cleanText } from '../text.ts';
import { articleHashes } from './articles.ts';
import { restart, review, type CardFields } from './schedule.ts';
import { parseLocalDate, localDate, DAY_MS } from '../../time.ts';
import { CARD_STATE_LABELS, MISTAKE_SOURCE_LABELS, type MistakeSource } from '../../vocabulary.ts';

// The 错题本 as its owner sees and uses it. What is due is worked out when read, never written by
// a page load: a card whose article a new edition changed counts as back to learning (due now)
// until it is next reviewed, when the reset is recorded in the review log and the review applied.

/** The end of today in China time (cards due by then are today's review). */
export function endOfToday(now: number): number {
	return parseLocalDate(localDate(new Date(now)))!.getTime() + DAY_MS;
}

type EffectiveCard = NotebookCard & { articleChanged: boolean; effectiveDue: number };

// Read on every home page view (今日复习): built once per database.
const cardsOf = preparedQuery((db) => db.select().from(notebookCards).where(eq(notebookCards.userId, sql.placeholder('userId'))).orderBy(asc(notebookCards.due), asc(notebookCards.id)).prepare());
const cardCount = preparedQuery((db) => db.select({ n: count() }).from(notebookCards).where(eq(notebookCards.userId, sql.placeholder('userId'))).prepare());

async function effectiveCards(db: DB, userId: number): Promise<EffectiveCard[]> {
	const cards = await cardsOf(db).all({ userId });
	const hashes = await articleHashes(db, cards.map((c) => c.questionId));
	return cards.map((c) => {
		const changed = (hashes.get(c.questionId) ?? c.articleHash) !== c.articleHash;
		return { ...c, articleChanged: changed, effectiveDue: changed ? Math.min(c.due, c.updatedAt) : c.due };
	});
}

/** How many cards are due today (the home page's 今日复习). */
export async function dueToday(db: DB, userId: number, now: number): Promise<number> {
	const n = (await cardCount(db).get({ userId }))!.n;
	if (!n) return 0;
	const end = endOfToday(now);
	return (await effectiveCards(db, userId)).filter((c) => c.effectiveDue < end).length;
}

export type NotebookItem = {
	cardId: number;
	questionId: number;
	typeName: string;
	stem: string;
	mistakes: number;
	lastMistakeAt: number;
	sources: string[];
	stateLabel: string;
	due: number;
	dueToday: boolean;
	articleChanged: boolean;
	reviews: number;
};

export type NotebookArticle = { ref: string; label: string; href: string | null; items: NotebookItem[] };

/** The notebook grouped by article (a question citing two articles is under both), weakest first. */
export async function notebookOverview(db: DB, userId: number, now: number) {
	const cards = await effectiveCards(db, userId);
	if (!cards.length) return { articles: [] as NotebookArticle[], total: 0, dueToday: 0 };
	const qs = new Map((await db.select().from(questions).where(inArray(questions.id, cards.map((c) => c.questionId))).all()).map((q) => [q.id, q]));
	const entries = await db.select({ questionId: notebookEntries.questionId, source: notebookEntries.source, at: notebookEntries.at }).from(notebookEntries).where(eq(notebookEntries.userId, userId)).all();
	const reviewCounts = new Map((await db.select({ cardId: notebookReviews.cardId, n: count() }).from(notebookReviews).where(and(eq(notebookReviews.userId, userId), eq(notebookReviews.kind, 'review'))).groupBy(notebookReviews.cardId).all()).map((r) => [r.cardId, r.n]));
	const end = endOfToday(now);
	const items = new Map<number, NotebookItem>();
	for (const c of cards) {
		const q = qs.get(c.questionId);
		if (!q) continue;
		const mine = entries.filter((e) => e.questionId === c.questionId);
		items.set(c.id, {
			cardId: c.id,
			questionId: c.questionId,
			typeName: displayQuestion(q).typeName,
			stem: q.stem.replace(/_{4,}/g, '＿＿').replace(/\s+/g, ' ').slice(0, 80),
			mistakes: mine.length,
			lastMistakeAt: Math.max(0, ...mine.map((e) => e.at)),
			sources: [...new Set(mine.map((e) => MISTAKE_SOURCE_LABELS[e.source as MistakeSource]))],
			stateLabel: c.articleChanged ? '条款已修订，重新学习' : (CARD_STATE_LABELS[c.state] ?? ''),
			due: c.effectiveDue,
			dueToday: c.effectiveDue < end,
			articleChanged: c.articleChanged,
			reviews: reviewCounts.get(c.id) ?? 0
		});
	}
	const byRef = new Map<string, NotebookItem[]>();
	for (const c of cards) {
		const item = items.get(c.id);
		if (!item) continue;
		const refs = qs.get(c.questionId)!.refs;
		for (const ref of refs.length ? refs : ['']) byRef.set(ref, [...(byRef.get(ref) ?? []), item]);
	}
	const resolved = new Map((await resolveRefs(db, [...byRef.keys()].filter(Boolean))).map((r) => [r.ref, r]));
	const articles = [...byRef.entries()]
		.map(([ref, list]) => ({ ref, label: ref ? (resolved.get(ref)?.label ?? ref) : '未注明依据', href: resolved.get(ref)?.href ?? null, items: list }))
		.sort((a, b) => b.items.reduce((n, i) => n + i.mistakes, 0) - a.items.reduce((n, i) => n + i.mistakes, 0) || refOrder(a.ref, b.ref));
	return { articles, total: items.size, dueToday: [...items.values()].filter((i) => i.dueToday).length };
}

export type ReviewCard = {
	cardId: number;
	question: DisplayQuestion;
	citations: ResolvedRef[];
	articleChanged: boolean;
	stateLabel: string;
	remaining: number;
	/** The wrong answers given before, in words. */
	mistakes: { source: string; at: number; responseText: string }[];
};

/** The next card due today, or null when today's review is done. */
export async function nextReviewCard(db: DB, userId: number, now: number): Promise<ReviewCard | null> {
	const end = endOfToday(now);
	const due = (await effectiveCards(db, userId)).filter((c) => c.effectiveDue < end).sort((a, b) => a.effectiveDue - b.effectiveDue || a.id - b.id);
	if (!due.length) return null;
	const card = due[0];
	const q = (await db.select().from(questions).where(eq(questions.id, card.questionId)).get())!;
	const mistakes = await db.select().from(notebookEntries).where(and(eq(notebookEntries.userId, userId), eq(notebookEntries.questionId, q.id))).orderBy(desc(notebookEntries.at)).limit(3).all();
	return {
		cardId: card.id,
		question: displayQuestion(q),
		citations: await resolveRefs(db, q.refs),
		articleChanged: card.articleChanged,
		stateLabel: card.articleChanged ? '条款已修订，重新学习' : (CARD_STATE_LABELS[card.state] ?? ''),
		remaining: due.length,
		mistakes: mistakes.map((m) => ({ source: MISTAKE_SOURCE_LABELS[m.source], at: m.at, responseText: describeResponse(q, m.response) }))
	};
}

export type ReviewOutcome =
	| { ok: true; cardId: number; correct: boolean; responseText: string; answerText: string; explanationHtml: string; citations: ResolvedRef[]; nextDue: number; reset: boolean }
	| { ok: false; message: string };

function checkResponse(q: Question, values: string[]): { ok: true; response: string[] } | { ok: false; message: string } {
	if (q.type === 'fill') {
		const blanks = (q.answer as string[][]).length;
		const texts = values.map((v) => cleanText(v).trim());
		if (texts.length !== blanks || texts.some((t) => !t)) return { ok: false, message: `请填写全部 ${blanks} 个空` };
		if (texts.some((t) => [...t].length > 200)) return { ok: false, message: '每个空最多 200 个字' };
		return { ok: true, response: texts };
	}
	if (!values.length) return { ok: false, message: '请选择答案' };
	const valid = q.type === 'truefalse' ? ['true', 'false'] : q.options.map((o) => o.key);
	if (values.some((v) => !valid.includes(v))) return { ok: false, message: '所选答案不是这道题的选项' };
	if (q.type !== 'multiple' && values.length > 1) return { ok: false, message: '这道题只能选一个答案' };
	return { ok: true, response: [...new Set(values)].sort() };
}

/**
 * One review: the answer is graded (wrong is Again, right is Good), the card rescheduled by FSRS,
 * the review logged. A card whose article changed is first put back to learning (also logged).
 */
export async function reviewCard(db: DB, input: { userId: number; cardId: number; values: string[] }, now: number): Promise<ReviewOutcome> {
	const card = await db.select().from(notebookCards).where(and(eq(notebookCards.id, input.cardId), eq(notebookCards.userId, input.userId))).get();
	if (!card) return { ok: false, message: '错题不存在' };
	const q = (await db.select().from(questions).where(eq(questions.id, card.questionId)).get())!;
	const checked = checkResponse(q, input.values);
	if (!checked.ok) return checked;
	const correct = isCorrect(q, checked.response);
	const result = await db.transaction(async (tx) => {
		// Read again inside: a double submit reviews once (the second finds the card moved on).
		const current = await tx.select().from(notebookCards).where(eq(notebookCards.id, card.id)).get();
		if (!current || current.updatedAt !== card.updatedAt || current.reps !== card.reps) return null;
		// What is stored is worked out from the texts in the database, not from a copy kept in memory.
		const hash = (await articleHashes(tx, [q.id])).get(q.id) ?? current.articleHash;
		let fields: CardFields = current;
		const reset = hash !== current.articleHash;
		if (reset) {
			const restarted = restart(fields, now);
			await tx.insert(notebookReviews).values({ cardId: card.id, userId: input.userId, kind: 'reset', rating: 0, ...logFields(restarted.log), response: [], correct: false, reviewedAt: now }).run();
			fields = restarted.card;
		}
		const next = review(fields, correct, now);
		await tx.insert(notebookReviews).values({ cardId: card.id, userId: input.userId, kind: 'review', rating: next.log.rating, ...logFields(next.log), response: checked.response, correct, reviewedAt: now }).run();
		await tx.update(notebookCards).set({ ...next.card, articleHash: hash, updatedAt: now }).where(eq(notebookCards.id, card.id)).run();
		return { nextDue: next.card.due, reset };
	});
	if (!result) return { ok: false, message: '这道错题刚刚已经复习过了' };
	return {
		ok: true,
		cardId: card.id,
		correct,
		responseText: describeResponse(q, checked.response),
		answerText: describeAnswer(q),
		explanationHtml: renderExplanation(q.explanation),
		citations: await resolveRefs(db, q.refs),
		nextDue: result.nextDue,
		reset: result.reset
	};
}

function logFields(log: { state: number; due: Date; stability: number; difficulty: number; elapsed_days: number; last_elapsed_days: number; scheduled_days: number; learning_steps: number }) {
	return {
		state: log.state,
		due: log.due.getTime(),
		stability: log.stability,
		difficulty: log.difficulty,
		elapsedDays: log.elapsed_days,
		lastElapsedDays: log.last_elapsed_days,
		scheduledDays: log.scheduled_days,
		learningSteps: log.learning_steps
	};
}

/** Articles in the order of their texts: by regulation, then by article number. */
function refOrder(a: string, b: string): number {
	const [x, y] = [parseRef(a), parseRef(b)];
	if (!x || !y) return a.localeCompare(b);
	return x.slug.localeCompare(y.slug) || x.number - y.number;
}
