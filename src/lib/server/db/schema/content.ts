import { sqliteTable, integer, text, uniqueIndex, index, real } from 'drizzle-orm/sqlite-core';
import { ARTICLE_CHANGES, DIFFICULTIES, QUESTION_TYPES, REGULATION_STATUSES } from '../../../vocabulary.ts';
import { users } from './users.ts';

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
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date()),
	/**
	 * One row is one edition. Editions of one regulation share `work` (jilv-chufen-tiaoli for the
	 * slugs jilv-chufen-tiaoli-2018 and jilv-chufen-tiaoli-2023) and differ in `edition_key` (2018).
	 */
	work: text('work').notNull().default(''),
	editionKey: text('edition_key').notNull().default(''),
	/** What the file or the admin declared (null: none), and the status worked out over the editions. */
	statusDeclared: text('status_declared', { enum: REGULATION_STATUSES }),
	status: text('status', { enum: REGULATION_STATUSES }).notNull().default('current'),
	/** 附件 and other documents after the last article: [{ title, html }]. */
	appendices: text('appendices', { mode: 'json' }).$type<{ title: string; html: string }[]>().notNull().default([]),
	/** 'files': content/regulations; 'upload': published in the admin console (kept in content_files). */
	origin: text('origin', { enum: ['files', 'upload'] }).notNull().default('files')
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
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date()),
	/** 'files': content/courses; 'console': written or uploaded in the admin console (kept in content_files). */
	origin: text('origin', { enum: ['files', 'console'] }).notNull().default('files')
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
	/** bank: a question bank imported in the admin console (Excel, Word, Markdown). */
	kind: text('kind', { enum: ['course-quiz', 'competition', 'bank'] }).notNull(),
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
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		/** For exam rules; not part of what a learner sees, so not part of the hash. */
		category: text('category').notNull().default(''),
		difficulty: text('difficulty', { enum: DIFFICULTIES }).notNull().default('medium')
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

/**
 * Content kept in the database instead of content/: regulations published in the admin console and
 * courses written or uploaded there. Each row is a file as it would sit in content/ (path relative
 * to it, text normalized to Markdown), read by the same loaders, so an upload is stored exactly
 * like a file and survives restarts and reloads.
 */
export const contentFiles = sqliteTable('content_files', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	path: text('path').notNull().unique(),
	text: text('text').notNull(),
	/** The name of the file the admin uploaded, when it came from one. */
	originalName: text('original_name').notNull().default(''),
	updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
});

/** The article map from one edition to a later one, computed from the texts; kept while both texts stay the same. */
export const editionMaps = sqliteTable(
	'edition_maps',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		fromRegulationId: integer('from_regulation_id')
			.notNull()
			.references(() => regulations.id, { onDelete: 'cascade' }),
		toRegulationId: integer('to_regulation_id')
			.notNull()
			.references(() => regulations.id, { onDelete: 'cascade' }),
		fromHash: text('from_hash').notNull(),
		toHash: text('to_hash').notNull()
	},
	(t) => [uniqueIndex('edition_maps_pair').on(t.fromRegulationId, t.toRegulationId)]
);

export const editionMapArticles = sqliteTable(
	'edition_map_articles',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		mapId: integer('map_id')
			.notNull()
			.references(() => editionMaps.id, { onDelete: 'cascade' }),
		/** Null for an article added in the later edition. */
		fromNumber: integer('from_number'),
		/** Null for an article deleted from the earlier edition. */
		toNumber: integer('to_number'),
		change: text('change', { enum: ARTICLE_CHANGES }).notNull(),
		similarity: real('similarity').notNull()
	},
	(t) => [index('edition_map_articles_map').on(t.mapId, t.fromNumber), index('edition_map_articles_to').on(t.mapId, t.toNumber)]
);

/**
 * An admin looked at a citation flagged 依据已修订 (a question or lesson citing an article that a
 * later edition changed or deleted) and confirmed it. Keyed by what was seen: a new edition text
 * or an edited question raises the flag again.
 */
export const citationReviews = sqliteTable(
	'citation_reviews',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		sourceKind: text('source_kind', { enum: ['question', 'lesson'] }).notNull(),
		sourceId: integer('source_id').notNull(),
		ref: text('ref').notNull(),
		toRegulationId: integer('to_regulation_id')
			.notNull()
			.references(() => regulations.id, { onDelete: 'cascade' }),
		toHash: text('to_hash').notNull(),
		reviewedBy: integer('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
		reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('citation_reviews_key').on(t.sourceKind, t.sourceId, t.ref, t.toRegulationId, t.toHash)]
);

/**
 * What the search box searches: one row per article, lesson and question, in plain text. Full-text
 * indexes over it are per engine (hand-written migrations: FTS5 trigram on SQLite, pg_trgm on
 * PostgreSQL); rows go away with what they index.
 */
export const searchDocuments = sqliteTable(
	'search_documents',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: ['article', 'lesson', 'question'] }).notNull(),
		regulationId: integer('regulation_id').references(() => regulations.id, { onDelete: 'cascade' }),
		lessonId: integer('lesson_id').references(() => lessons.id, { onDelete: 'cascade' }),
		questionId: integer('question_id').references(() => questions.id, { onDelete: 'cascade' }),
		/** Article number, for the deep link. */
		number: integer('number'),
		title: text('title').notNull(),
		body: text('body').notNull()
	},
	(t) => [index('search_documents_regulation').on(t.regulationId), index('search_documents_lesson').on(t.lessonId), index('search_documents_question').on(t.questionId)]
);

export type Regulation = typeof regulations.$inferSelect;
export type RegulationArticle = typeof regulationArticles.$inferSelect;
export type Course = typeof courses.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type LessonVersion = typeof lessonVersions.$inferSelect;
export type QuestionSet = typeof questionSets.$inferSelect;
export type Question = typeof questions.$inferSelect;
