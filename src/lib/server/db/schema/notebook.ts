import { sqliteTable, integer, text, real, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { questions } from './content.ts';
import { MISTAKE_SOURCES } from '../../../vocabulary.ts';

/**
 * The wrong-answer notebook (错题本). Every wrong answer a person gave in a quiz, an exam (once
 * it has closed) or a live competition is an entry; each question answered wrong is one review
 * card scheduled by FSRS (ts-fsrs), keyed to the articles the question cites. Times are epoch ms.
 */

/** One wrong answer as given, where it was given. Written once per source answer (unique key). */
export const notebookEntries = sqliteTable(
	'notebook_entries',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		source: text('source', { enum: MISTAKE_SOURCES }).notNull(),
		/** quiz_attempts.id, exam_attempts.id or competition_answers.id. */
		sourceId: integer('source_id').notNull(),
		response: text('response', { mode: 'json' }).$type<string[]>().notNull(),
		at: integer('at').notNull()
	},
	(t) => [uniqueIndex('notebook_entries_source').on(t.source, t.sourceId, t.questionId), index('notebook_entries_user').on(t.userId, t.at)]
);

/**
 * Each person's first graded answer to each question, right or wrong, wherever it was given: the
 * organizers' 薄弱条款 (share wrong at the first try per article) is computed from these.
 */
export const firstTries = sqliteTable(
	'first_tries',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		correct: integer('correct', { mode: 'boolean' }).notNull(),
		source: text('source', { enum: MISTAKE_SOURCES }).notNull(),
		at: integer('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.questionId] }), index('first_tries_question').on(t.questionId)]
);

/** A review card: ts-fsrs's Card fields, plus what the cited articles said when it was last (re)started. */
export const notebookCards = sqliteTable(
	'notebook_cards',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		due: integer('due').notNull(),
		stability: real('stability').notNull(),
		difficulty: real('difficulty').notNull(),
		elapsedDays: integer('elapsed_days').notNull(),
		scheduledDays: integer('scheduled_days').notNull(),
		learningSteps: integer('learning_steps').notNull(),
		reps: integer('reps').notNull(),
		lapses: integer('lapses').notNull(),
		/** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
		state: integer('state').notNull(),
		lastReview: integer('last_review'),
		/**
		 * Hash of the current texts of the articles the question cites: when a new edition changes
		 * one of them, the stored hash no longer matches and the card is back to learning.
		 */
		articleHash: text('article_hash').notNull(),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [uniqueIndex('notebook_cards_user_question').on(t.userId, t.questionId), index('notebook_cards_due').on(t.userId, t.due)]
);

/** The review log (ts-fsrs ReviewLog, plus the answer given); a reset for a changed article is logged too. */
export const notebookReviews = sqliteTable(
	'notebook_reviews',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		cardId: integer('card_id')
			.notNull()
			.references(() => notebookCards.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['review', 'reset'] }).notNull(),
		/** ts-fsrs Rating (1 Again … 4 Easy; 0 for a reset). */
		rating: integer('rating').notNull(),
		/** The card before this review, as ts-fsrs logs it. */
		state: integer('state').notNull(),
		due: integer('due').notNull(),
		stability: real('stability').notNull(),
		difficulty: real('difficulty').notNull(),
		elapsedDays: integer('elapsed_days').notNull(),
		lastElapsedDays: integer('last_elapsed_days').notNull(),
		scheduledDays: integer('scheduled_days').notNull(),
		learningSteps: integer('learning_steps').notNull(),
		response: text('response', { mode: 'json' }).$type<string[]>().notNull(),
		correct: integer('correct', { mode: 'boolean' }).notNull(),
		reviewedAt: integer('reviewed_at').notNull()
	},
	(t) => [index('notebook_reviews_card').on(t.cardId), index('notebook_reviews_user').on(t.userId, t.reviewedAt)]
);

export type NotebookCard = typeof notebookCards.$inferSelect;
export type NotebookEntry = typeof notebookEntries.$inferSelect;
