import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { lessons, lessonVersions, questionSets, questions } from './content.ts';

/**
 * 阅后签名: one row per person and lesson version. opened_at is stamped by the server when the
 * lesson is first shown, so the minimum reading time cannot be faked by the browser.
 */
export const readingCheckins = sqliteTable(
	'reading_checkins',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lessonId: integer('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		lessonVersionId: integer('lesson_version_id')
			.notNull()
			.references(() => lessonVersions.id, { onDelete: 'cascade' }),
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
		signedAt: integer('signed_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('reading_checkins_user_version').on(t.userId, t.lessonVersionId),
		index('reading_checkins_lesson').on(t.lessonId),
		index('reading_checkins_signed').on(t.signedAt),
		// Covering index for the organizer report: per person, signatures in a period with what the hours need.
		index('reading_checkins_user_signed').on(t.userId, t.signedAt, t.openedAt, t.lessonId)
	]
);

export const quizAttempts = sqliteTable(
	'quiz_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		setId: integer('set_id')
			.notNull()
			.references(() => questionSets.id, { onDelete: 'cascade' }),
		setHash: text('set_hash').notNull(),
		/** JSON: the question ids shown, in order; the submission must answer exactly these. */
		questionIds: text('question_ids', { mode: 'json' }).$type<number[]>().notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
		deadlineAt: integer('deadline_at', { mode: 'timestamp_ms' }),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
		correctCount: integer('correct_count'),
		totalCount: integer('total_count').notNull(),
		/** Percent, rounded to an integer. */
		score: integer('score'),
		passScore: integer('pass_score').notNull(),
		passed: integer('passed', { mode: 'boolean' })
	},
	(t) => [
		index('quiz_attempts_user_set').on(t.userId, t.setId),
		index('quiz_attempts_submitted').on(t.submittedAt),
		// Covering index for the organizer report: per person, quizzes in a period with score and time.
		index('quiz_attempts_user_submitted').on(t.userId, t.submittedAt, t.startedAt, t.score, t.deadlineAt, t.totalCount)
	]
);

export const attemptAnswers = sqliteTable(
	'attempt_answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		attemptId: integer('attempt_id')
			.notNull()
			.references(() => quizAttempts.id, { onDelete: 'cascade' }),
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		/** JSON: chosen option keys, ['true'|'false'], or the text typed per blank. */
		response: text('response', { mode: 'json' }).$type<string[]>().notNull(),
		correct: integer('correct', { mode: 'boolean' }).notNull()
	},
	(t) => [uniqueIndex('attempt_answers_attempt_question').on(t.attemptId, t.questionId)]
);

export type ReadingCheckin = typeof readingCheckins.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
export type AttemptAnswer = typeof attemptAnswers.$inferSelect;
