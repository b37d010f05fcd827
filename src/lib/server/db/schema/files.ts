import { sqliteTable, integer, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { FILE_KINDS } from '../../../vocabulary.ts';

/**
 * Uploaded files. The bytes live on disk under FILES_DIR (src/lib/server/files/store.ts), named by
 * a random key that never appears in a URL; this row says what they are. Pages reach a file only
 * through /files/[id], which asks the owning feature whether the person may see it.
 */
export const files = sqliteTable(
	'files',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Random name of the file on disk (hex); the path is FILES_DIR/<first two characters>/<key>. */
		storageKey: text('storage_key').notNull(),
		/** The name as uploaded, sanitized, with the extension of the detected type. */
		name: text('name').notNull(),
		kind: text('kind', { enum: FILE_KINDS }).notNull(),
		/** Detected from the content (images: the type they were re-encoded to). */
		mimeType: text('mime_type').notNull(),
		size: integer('size').notNull(),
		sha256: text('sha256').notNull(),
		/** Images only: pixel size after re-encoding. */
		width: integer('width'),
		height: integer('height'),
		uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
		uploadedAt: integer('uploaded_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('files_storage_key').on(t.storageKey)]
);

export type StoredFile = typeof files.$inferSelect;
