import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { lessons, lessonVersions, questionSets, questions, regulations } from './content.ts';

/**
 * 阅后签名: one row per reading of a lesson version. opened_at is stamped by the server when the
 * learner presses 开始阅读 (a POST), so the minimum reading time cannot be faked by the browser
 * and no page load can start it. A person has one reading of a version, unless a reading list
 * that does not count earlier study needs a new one (reading/fresh.ts): then a second row.
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
		index('reading_checkins_user_version').on(t.userId, t.lessonVersionId),
		index('reading_checkins_lesson').on(t.lessonId),
		index('reading_checkins_signed').on(t.signedAt),
		// Covering index for the organizer report: per person, signatures in a period with what the hours need.
		index('reading_checkins_user_signed').on(t.userId, t.signedAt, t.openedAt, t.lessonId)
	]
);

/**
 * 法规阅后签名: one row per reading of a regulation edition (its content hash when read) and scope
 * (the articles read: '' = the whole text, else canonical number ranges such as "1-10,15"); as for
 * lessons, a second reading only when a reading list needs one.
 * The row is created by the learner's "开始阅读" (a POST, never a page load): opened_at starts
 * the server-measured minimum reading time, which is fixed here from the length of what is read.
 */
export const regulationCheckins = sqliteTable(
	'regulation_checkins',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		regulationId: integer('regulation_id')
			.notNull()
			.references(() => regulations.id, { onDelete: 'cascade' }),
		/** The edition read: regulations.content_hash when the reading started. */
		contentHash: text('content_hash').notNull(),
		scope: text('scope').notNull().default(''),
		/** What the scope was called when read (第一章 总则、第十条), kept for the record. */
		scopeLabel: text('scope_label').notNull().default(''),
		charCount: integer('char_count').notNull(),
		minReadSeconds: integer('min_read_seconds').notNull(),
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
		signedAt: integer('signed_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('regulation_checkins_user_edition_scope').on(t.userId, t.regulationId, t.contentHash, t.scope),
		index('regulation_checkins_regulation').on(t.regulationId),
		// Report roll-ups re-derive a day's signatures (reports/rollups.ts).
		index('regulation_checkins_signed').on(t.signedAt),
		// Covering index for the organizer report: per person, signatures in a period with what the hours need.
		index('regulation_checkins_user_signed').on(t.userId, t.signedAt, t.openedAt, t.minReadSeconds)
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
export type RegulationCheckin = typeof regulationCheckins.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
export type AttemptAnswer = typeof attemptAnswers.$inferSelect;
