import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { courses, lessons, regulations } from './content.ts';
import { ACTIVITY_KINDS, ACTIVITY_SOURCES, ATTENDANCE_METHODS, READING_LIST_AUDIENCES, READING_LIST_ITEM_TYPES } from '../../../vocabulary.ts';

/**
 * Organized study activities and the people who took part. These rows are what the
 * "X 次 / Y 人次" report counts: one non-cancelled activity = 1 次, one attendance = 1 人次.
 * Nothing here is a counter; every figure is an aggregate over these rows.
 */

export const activities = sqliteTable(
	'activities',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
		/** Where the activity came from; every insert says so (no default). */
		source: text('source', { enum: ACTIVITY_SOURCES }).notNull(),
		/** Identifies the originating record for non-session sources (e.g. a live competition id), so recording is idempotent. */
		sourceRef: text('source_ref'),
		title: text('title').notNull(),
		/** The organizing unit: the activity and all its attendances count for this unit's subtree. */
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
		endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
		place: text('place').notNull().default(''),
		speaker: text('speaker').notNull().default(''),
		courseId: integer('course_id').references(() => courses.id, { onDelete: 'set null' }),
		regulationId: integer('regulation_id').references(() => regulations.id, { onDelete: 'set null' }),
		notes: text('notes').notNull().default(''),
		/**
		 * QR sign-in code. Stored as is (not hashed): the organizer must be able to show it again on
		 * the projector, and it only grants "sign me in to this session during its window".
		 */
		checkinToken: text('checkin_token'),
		/** Minutes after the end during which the QR code still works. */
		checkinGraceMinutes: integer('checkin_grace_minutes').notNull().default(30),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date()),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date()),
		cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
		cancelledBy: integer('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
		cancelReason: text('cancel_reason').notNull().default('')
	},
	(t) => [
		index('activities_starts').on(t.startsAt, t.unitId),
		index('activities_unit_starts').on(t.unitId, t.startsAt),
		uniqueIndex('activities_checkin_token').on(t.checkinToken),
		uniqueIndex('activities_source_ref').on(t.source, t.sourceRef)
	]
);

export const attendances = sqliteTable(
	'attendances',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		activityId: integer('activity_id')
			.notNull()
			.references(() => activities.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		method: text('method', { enum: ATTENDANCE_METHODS }).notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		/** The person's unit when they took part (people move; the list shows where they were). */
		memberUnitId: integer('member_unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('attendances_activity_user').on(t.activityId, t.userId), index('attendances_user').on(t.userId)]
);

/** A reading-list campaign; its activity row carries kind, unit, title, start (starts_at) and due (ends_at). */
export const readingLists = sqliteTable('reading_lists', {
	activityId: integer('activity_id')
		.primaryKey()
		.references(() => activities.id, { onDelete: 'cascade' }),
	audience: text('audience', { enum: READING_LIST_AUDIENCES }).notNull().default('all'),
	/** Due date as the organizer typed it (YYYY-MM-DD, China time), for display and overdue checks. */
	startDate: text('start_date').notNull(),
	dueDate: text('due_date').notNull(),
	/**
	 * Whether study done before the start date counts towards completion, chosen when the list is
	 * created (default: it does not). Lists made before this choice existed count it (as they did).
	 */
	countEarlier: integer('count_earlier', { mode: 'boolean' }).notNull().default(false)
});

export const readingListItems = sqliteTable(
	'reading_list_items',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		activityId: integer('activity_id')
			.notNull()
			.references(() => readingLists.activityId, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		itemType: text('item_type', { enum: READING_LIST_ITEM_TYPES }).notNull(),
		courseId: integer('course_id').references(() => courses.id, { onDelete: 'cascade' }),
		lessonId: integer('lesson_id').references(() => lessons.id, { onDelete: 'cascade' }),
		regulationId: integer('regulation_id').references(() => regulations.id, { onDelete: 'cascade' }),
		/**
		 * For a regulation: the articles assigned as 必读, as canonical number ranges ("1-10,15");
		 * '' = the whole text. See reading/regulation-scope.ts.
		 */
		scope: text('scope').notNull().default('')
	},
	(t) => [index('reading_list_items_activity').on(t.activityId)]
);

/** Named people of an readingList whose audience is 'named'. */
export const readingListPeople = sqliteTable(
	'reading_list_people',
	{
		activityId: integer('activity_id')
			.notNull()
			.references(() => readingLists.activityId, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.activityId, t.userId] }), index('reading_list_people_user').on(t.userId)]
);

/**
 * When a person completed a course (every active lesson signed and its quiz passed): derived
 * from check-ins and attempts by reports/completions.ts and recorded once, at the time the
 * last requirement was met, so the report can count completions in a period without re-reading
 * every check-in ever made. A later change to the course does not undo a recorded completion.
 */
export const courseCompletions = sqliteTable(
	'course_completions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: integer('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('course_completions_user_course').on(t.userId, t.courseId), index('course_completions_user_completed').on(t.userId, t.completedAt), index('course_completions_completed').on(t.completedAt)]
);

/** 节前提醒 and other announcements to a unit subtree. */
export const notices = sqliteTable(
	'notices',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		title: text('title').notNull(),
		/** Markdown typed by the organizer; rendered through renderMarkdown (sanitized). */
		body: text('body').notNull(),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
		withdrawnBy: integer('withdrawn_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('notices_unit').on(t.unitId, t.publishedAt), index('notices_published').on(t.publishedAt)]
);

export const noticeReads = sqliteTable(
	'notice_reads',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		readAt: integer('read_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('notice_reads_notice_user').on(t.noticeId, t.userId), index('notice_reads_user').on(t.userId)]
);

export type Activity = typeof activities.$inferSelect;
export type Attendance = typeof attendances.$inferSelect;
export type ReadingList = typeof readingLists.$inferSelect;
export type ReadingListItem = typeof readingListItems.$inferSelect;
export type Notice = typeof notices.$inferSelect;
export type NoticeRead = typeof noticeReads.$inferSelect;
export type CourseCompletion = typeof courseCompletions.$inferSelect;
