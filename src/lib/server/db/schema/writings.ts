import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { files } from './files.ts';
import { READING_LIST_AUDIENCES, SUBMISSION_EVENTS, SUBMISSION_STATUSES, WRITING_KINDS } from '../../../vocabulary.ts';

/**
 * Writing collections (征集: 心得体会, 廉政家书, 读书笔记, 征文, 书画 …), what people hand in, and
 * what the organizer did with it. A submission is one person's piece for one collection; its
 * history (writing_events) records every hand-in, withdrawal and review.
 */
export const writingCollections = sqliteTable(
	'writing_collections',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: WRITING_KINDS }).notNull(),
		title: text('title').notNull(),
		/** The theme and instructions, plain text as the organizer typed it. */
		theme: text('theme').notNull().default(''),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		audience: text('audience', { enum: READING_LIST_AUDIENCES }).notNull(),
		/** YYYY-MM-DD, China time: new pieces are accepted until the end of this day. */
		dueDate: text('due_date').notNull(),
		/** Minimum length in characters (not counting spaces) of typed text and Word documents; 0 = none. */
		minChars: integer('min_chars').notNull().default(0),
		allowText: integer('allow_text', { mode: 'boolean' }).notNull(),
		/** Per kind of file: the size limit in MB, or null when that kind is not accepted. */
		docxMaxMb: integer('docx_max_mb'),
		imageMaxMb: integer('image_max_mb'),
		pdfMaxMb: integer('pdf_max_mb'),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('writing_collections_unit').on(t.unitId)]
);

export const writingCollectionPeople = sqliteTable(
	'writing_collection_people',
	{
		collectionId: integer('collection_id')
			.notNull()
			.references(() => writingCollections.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.collectionId, t.userId] }), index('writing_collection_people_user').on(t.userId)]
);

export const writingSubmissions = sqliteTable(
	'writing_submissions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		collectionId: integer('collection_id')
			.notNull()
			.references(() => writingCollections.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		title: text('title').notNull().default(''),
		/** Text typed in the browser (plain text; shown escaped). */
		body: text('body').notNull().default(''),
		status: text('status', { enum: SUBMISSION_STATUSES }).notNull(),
		excellent: integer('excellent', { mode: 'boolean' }).notNull().default(false),
		/** Set while the piece is shown in the unit's read-only gallery. */
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		/** The latest 退回修改 comment, shown to the author until the piece is handed in again. */
		reviewComment: text('review_comment').notNull().default(''),
		reviewedBy: integer('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
		reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
		/** The latest hand-in; the report counts a piece handed in (or accepted) at this time. */
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
		/** The author's unit at the latest hand-in: the report counts the piece there. */
		unitId: integer('unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('writing_submissions_collection_user').on(t.collectionId, t.userId), index('writing_submissions_user').on(t.userId), index('writing_submissions_submitted').on(t.submittedAt)]
);

/** Files handed in with a submission, in order; a Word document also keeps its text as sanitized HTML. */
export const writingFiles = sqliteTable(
	'writing_files',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => writingSubmissions.id, { onDelete: 'cascade' }),
		fileId: integer('file_id')
			.notNull()
			.references(() => files.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		/** .docx: the document converted to sanitized HTML (no images), for reading and the printed compilation. */
		textHtml: text('text_html').notNull().default(''),
		/** .docx: characters of its text, not counting spaces. */
		charCount: integer('char_count').notNull().default(0)
	},
	(t) => [index('writing_files_submission').on(t.submissionId), uniqueIndex('writing_files_file').on(t.fileId)]
);

export const writingEvents = sqliteTable(
	'writing_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		submissionId: integer('submission_id')
			.notNull()
			.references(() => writingSubmissions.id, { onDelete: 'cascade' }),
		action: text('action', { enum: SUBMISSION_EVENTS }).notNull(),
		comment: text('comment').notNull().default(''),
		actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('writing_events_submission').on(t.submissionId)]
);

export type WritingCollection = typeof writingCollections.$inferSelect;
export type WritingSubmission = typeof writingSubmissions.$inferSelect;
export type WritingFile = typeof writingFiles.$inferSelect;
export type WritingEvent = typeof writingEvents.$inferSelect;
