import { sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { firstTries, notebookCards, notebookEntries } from '../db/schema/index.ts';
import { articleHashes } from './articles.ts';
import { newCard } from './schedule.ts';
import type { MistakeSource } from '../../vocabulary.ts';

// Graded answers going into the 错题本: every answer counts as a first try if it is the person's
// first to that question; every wrong one is an entry and makes (or brings forward) the question's
// review card. Called inside the transaction that grades: a quiz submission, an exam released after
// its close, a competition's end. Every write is keyed, so running it twice changes nothing.

export type GradedAnswer = { userId: number; questionId: number; source: MistakeSource; sourceId: number; response: string[]; correct: boolean; at: number };

const CHUNK = 400;

export async function recordGradedAnswers(tx: DB, answers: GradedAnswer[]): Promise<void> {
	if (!answers.length) return;
	// Oldest first, so a person's first try at a question is the one that stays.
	const ordered = [...answers].sort((a, b) => a.at - b.at || a.sourceId - b.sourceId);
	for (let i = 0; i < ordered.length; i += CHUNK) {
		const chunk = ordered.slice(i, i + CHUNK);
		const firstOfChunk = new Map<string, GradedAnswer>();
		for (const a of chunk) if (!firstOfChunk.has(`${a.userId}:${a.questionId}`)) firstOfChunk.set(`${a.userId}:${a.questionId}`, a);
		await tx
			.insert(firstTries)
			.values([...firstOfChunk.values()].map((a) => ({ userId: a.userId, questionId: a.questionId, correct: a.correct, source: a.source, at: a.at })))
			.onConflictDoNothing()
			.run();
	}
	const wrong = ordered.filter((a) => !a.correct);
	if (!wrong.length) return;
	for (let i = 0; i < wrong.length; i += CHUNK) {
		await tx
			.insert(notebookEntries)
			.values(wrong.slice(i, i + CHUNK).map((a) => ({ userId: a.userId, questionId: a.questionId, source: a.source, sourceId: a.sourceId, response: a.response, at: a.at })))
			.onConflictDoNothing()
			.run();
	}
	const hashes = await articleHashes(tx, wrong.map((a) => a.questionId));
	const cards = new Map<string, GradedAnswer>();
	for (const a of wrong) if (!cards.has(`${a.userId}:${a.questionId}`)) cards.set(`${a.userId}:${a.questionId}`, a);
	const rows = [...cards.values()].map((a) => ({ userId: a.userId, questionId: a.questionId, ...newCard(a.at), articleHash: hashes.get(a.questionId) ?? '', createdAt: a.at, updatedAt: a.at }));
	for (let i = 0; i < rows.length; i += CHUNK) {
		// A question already in the notebook and answered wrong again is due again (not rescheduled from scratch).
		await tx
			.insert(notebookCards)
			.values(rows.slice(i, i + CHUNK))
			.onConflictDoUpdate({
				target: [notebookCards.userId, notebookCards.questionId],
				// Qualified by hand: drizzle writes a bare column name here, which PostgreSQL finds ambiguous.
				set: { due: sql.raw('case when excluded.due < notebook_cards.due then excluded.due else notebook_cards.due end') }
			})
			.run();
	}
}
