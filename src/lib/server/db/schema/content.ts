import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { QUESTION_TYPES } from '../../../vocabulary.ts';

/**
 * Content is code: these tables mirror content/ as parsed at start. Rows are upserted by slug
 * and keep a content hash, so that check-ins and attempts can say which version was read.
 */
export const regulations = sqliteTable('regulations', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	title: text('title').notNull(),
	edition: text('edition').notNull().default(''),
	issuer: text('issuer').notNull().default(''),
	effectiveDate: text('effective_date').notNull().default(''),
	/** 'article' (第X条) or 'item' (一、二、三…). */
	numbering: text('numbering', { enum: ['article', 'item'] }).notNull().default('article'),
	/** Text before the first part/chapter/article (promulgation note, preamble), as HTML. */
	preambleHtml: text('preamble_html').notNull().default(''),
	sourcePath: text('source_path').notNull(),
	contentHash: text('content_hash').notNull(),
	isSample: integer('is_sample', { mode: 'boolean' }).notNull().default(false),
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
});

export const regulationArticles = sqliteTable(
	'regulation_articles',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		regulationId: integer('regulation_id')
			.notNull()
			.references(() => regulations.id, { onDelete: 'cascade' }),
		/** Article (or item) number as an integer: 第九十八条 → 98. */
		number: integer('number').notNull(),
		/** As printed: 第九十八条, or 一、 */
		label: text('label').notNull(),
		ordinal: integer('ordinal').notNull(),
		partTitle: text('part_title').notNull().default(''),
		chapterTitle: text('chapter_title').notNull().default(''),
		sectionTitle: text('section_title').notNull().default(''),
		bodyText: text('body_text').notNull(),
		bodyHtml: text('body_html').notNull()
	},
	(t) => [uniqueIndex('regulation_articles_number').on(t.regulationId, t.number)]
);

export const courses = sqliteTable('courses', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	title: text('title').notNull(),
	summary: text('summary').notNull().default(''),
	category: text('category').notNull().default(''),
	sortOrder: integer('sort_order').notNull().default(0),
	introHtml: text('intro_html').notNull().default(''),
	sourcePath: text('source_path').notNull(),
	contentHash: text('content_hash').notNull(),
	/** False once the folder disappears from content/: history stays, the course is hidden. */
	active: integer('active', { mode: 'boolean' }).notNull().default(true),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
});

export const lessons = sqliteTable(
	'lessons',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		courseId: integer('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		/** File stem without the NN- prefix, stable across reordering. */
		slug: text('slug').notNull(),
		ordinal: integer('ordinal').notNull(),
		title: text('title').notNull(),
		/** Minimum reading time before a signature is accepted (front matter, or estimated from length). */
		minReadSeconds: integer('min_read_seconds').notNull(),
		/** JSON: article references the lesson is about, such as ['jilv-chufen-tiaoli-2023#98']. */
		refs: text('refs', { mode: 'json' }).$type<string[]>().notNull().default([]),
		sourcePath: text('source_path').notNull().default(''),
		currentVersionId: integer('current_version_id'),
		active: integer('active', { mode: 'boolean' }).notNull().default(true)
	},
	(t) => [uniqueIndex('lessons_course_slug').on(t.courseId, t.slug)]
);

/** Every text a lesson has had; check-ins point at the version that was read. */
export const lessonVersions = sqliteTable(
	'lesson_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		lessonId: integer('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		contentHash: text('content_hash').notNull(),
		/** The title as it was in this version (the hash covers title and body). */
		title: text('title').notNull().default(''),
		bodyHtml: text('body_html').notNull(),
		charCount: integer('char_count').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
	},
	(t) => [uniqueIndex('lesson_versions_hash').on(t.lessonId, t.contentHash)]
);

/** A course quiz or a competition question file. */
export const questionSets = sqliteTable('question_sets', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	slug: text('slug').notNull().unique(),
	kind: text('kind', { enum: ['course-quiz', 'competition'] }).notNull(),
	courseId: integer('course_id').references(() => courses.id, { onDelete: 'cascade' }),
	title: text('title').notNull(),
	/** Percent needed to pass (course quizzes). */
	passScore: integer('pass_score').notNull().default(80),
	timeLimitMinutes: integer('time_limit_minutes'),
	/** Text before the first question, shown before an attempt starts. */
	introHtml: text('intro_html').notNull().default(''),
	sourcePath: text('source_path').notNull(),
	contentHash: text('content_hash').notNull(),
	active: integer('active', { mode: 'boolean' }).notNull().default(true)
});

/**
 * Question rows are immutable: an edited question gets a new row (same key, new hash) and the
 * old one is deactivated, so old attempts still show what was asked.
 */
export const questions = sqliteTable(
	'questions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		setId: integer('set_id')
			.notNull()
			.references(() => questionSets.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		ordinal: integer('ordinal').notNull(),
		type: text('type', { enum: QUESTION_TYPES }).notNull(),
		stem: text('stem').notNull(),
		/** JSON: [{ key: 'A', text: '…' }] for choice questions, [] otherwise. */
		options: text('options', { mode: 'json' }).$type<{ key: string; text: string }[]>().notNull(),
		/** JSON: option keys for choice, ['true'|'false'] for true/false, accepted strings per blank for fill. */
		answer: text('answer', { mode: 'json' }).$type<string[] | string[][]>().notNull(),
		explanation: text('explanation').notNull(),
		/** JSON: article references such as ['jilv-chufen-tiaoli-2023#98']. */
		refs: text('refs', { mode: 'json' }).$type<string[]>().notNull(),
		contentHash: text('content_hash').notNull(),
		active: integer('active', { mode: 'boolean' }).notNull().default(true)
	},
	(t) => [uniqueIndex('questions_set_key_hash').on(t.setId, t.key, t.contentHash), index('questions_set').on(t.setId)]
);

/** Problems found while loading content/, shown in /healthz and the admin content page. */
export const contentErrors = sqliteTable('content_errors', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	file: text('file').notNull(),
	line: integer('line'),
	message: text('message').notNull(),
	at: integer('at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
});

export type Regulation = typeof regulations.$inferSelect;
export type RegulationArticle = typeof regulationArticles.$inferSelect;
export type Course = typeof courses.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type LessonVersion = typeof lessonVersions.$inferSelect;
export type QuestionSet = typeof questionSets.$inferSelect;
export type Question = typeof questions.$inferSelect;
