import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { files } from './files.ts';
import { activities } from './activities.ts';
import { ACTIVITY_PART_TYPES } from '../../../vocabulary.ts';

/**
 * Photos of a study activity (影像资料 of the 台账): uploaded images, checked by content and
 * re-encoded on the server (src/lib/server/files), served only through /files/[id].
 */
export const activityPhotos = sqliteTable(
	'activity_photos',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		activityId: integer('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		fileId: integer('file_id')
			.notNull()
			.references(() => files.id, { onDelete: 'cascade' }),
		uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
		uploadedAt: integer('uploaded_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('activity_photos_activity').on(t.activityId), uniqueIndex('activity_photos_file').on(t.fileId)]
);

/**
 * The parts of one activity (a 主题党日: a lesson read and signed, a quiz, a live competition, a
 * pledge). ref_id names a row of the table the part type says (lessons, regulations,
 * question_sets, competitions, pledges); a part never counts by itself, it shows what the
 * attendees of the activity did (see activities/parts.ts).
 */
export const activityParts = sqliteTable(
	'activity_parts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		activityId: integer('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		partType: text('part_type', { enum: ACTIVITY_PART_TYPES }).notNull(),
		refId: integer('ref_id').notNull(),
		addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
		addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('activity_parts_ref').on(t.activityId, t.partType, t.refId)]
);

export type ActivityPhoto = typeof activityPhotos.$inferSelect;
export type ActivityPart = typeof activityParts.$inferSelect;
