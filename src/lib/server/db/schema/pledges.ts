import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { PLEDGE_AUDIENCES, PLEDGE_KINDS, SIGNATURE_SIDES } from '../../../vocabulary.ts';

/**
 * Pledges (承诺书) and responsibility letters (责任书). The text is versioned: a signature names
 * the version it was given on, and versions are never changed, so the record keeps the text signed.
 * A new version asks everyone for a new signature; earlier signatures stay as they were.
 */
export const pledges = sqliteTable(
	'pledges',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: PLEDGE_KINDS }).notNull(),
		title: text('title').notNull(),
		/** The publishing unit: organizers of its subtree manage the pledge; a 承诺书 addresses its people. */
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		audience: text('audience', { enum: PLEDGE_AUDIENCES }).notNull(),
		/** YYYY-MM-DD, China time, as the organizer typed it. */
		dueDate: text('due_date').notNull(),
		/** Seconds between "开始阅读" and a signature the server accepts. */
		minReadSeconds: integer('min_read_seconds').notNull(),
		/** The latest version (set right after the version is inserted). */
		currentVersionId: integer('current_version_id'),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('pledges_unit').on(t.unitId)]
);

export const pledgeVersions = sqliteTable(
	'pledge_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pledgeId: integer('pledge_id')
			.notNull()
			.references(() => pledges.id, { onDelete: 'cascade' }),
		/** 1, 2, 3 … as shown: 第 2 版. */
		number: integer('number').notNull(),
		title: text('title').notNull(),
		/** Markdown as the organizer typed it, and the sanitized HTML shown and printed. */
		body: text('body').notNull(),
		bodyHtml: text('body_html').notNull(),
		contentHash: text('content_hash').notNull(),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('pledge_versions_number').on(t.pledgeId, t.number)]
);

/** The named people of a 承诺书 whose audience is 'named'. */
export const pledgePeople = sqliteTable(
	'pledge_people',
	{
		pledgeId: integer('pledge_id')
			.notNull()
			.references(() => pledges.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.pledgeId, t.userId] }), index('pledge_people_user').on(t.userId)]
);

/** One 责任书 between two named people: 甲方 (first, e.g. the leader) and 乙方 (second). */
export const pledgeLetters = sqliteTable(
	'pledge_letters',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pledgeId: integer('pledge_id')
			.notNull()
			.references(() => pledges.id, { onDelete: 'cascade' }),
		firstUserId: integer('first_user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secondUserId: integer('second_user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [uniqueIndex('pledge_letters_parties').on(t.pledgeId, t.firstUserId, t.secondUserId), index('pledge_letters_first').on(t.firstUserId), index('pledge_letters_second').on(t.secondUserId)]
);

/** "开始阅读": the explicit start of a person's reading clock for one version (a page load starts nothing). */
export const pledgeReads = sqliteTable(
	'pledge_reads',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		versionId: integer('version_id')
			.notNull()
			.references(() => pledgeVersions.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('pledge_reads_user_version').on(t.userId, t.versionId)]
);

/**
 * A signature: a person signed a version, on their own 承诺书 or on one side of a 责任书 letter.
 * Made only by the signer's own POST, after the reading minimum; never changed afterwards.
 */
export const pledgeSignatures = sqliteTable(
	'pledge_signatures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pledgeId: integer('pledge_id')
			.notNull()
			.references(() => pledges.id, { onDelete: 'cascade' }),
		versionId: integer('version_id')
			.notNull()
			.references(() => pledgeVersions.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		letterId: integer('letter_id').references(() => pledgeLetters.id, { onDelete: 'cascade' }),
		/** letter_id, or 0 for a 承诺书: the unique key below needs a value (NULLs never collide on either engine). */
		letterKey: integer('letter_key').notNull(),
		side: text('side', { enum: SIGNATURE_SIDES }).notNull(),
		/** The full name as typed; it matched the account's name when signing. */
		typedName: text('typed_name').notNull(),
		/** The drawn signature as an SVG document generated by the server from validated strokes, or null. */
		signatureSvg: text('signature_svg'),
		/** The signer's unit when signing: the report counts the signature there. */
		unitId: integer('unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		readStartedAt: integer('read_started_at', { mode: 'timestamp_ms' }).notNull(),
		signedAt: integer('signed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('pledge_signatures_once').on(t.versionId, t.userId, t.letterKey),
		index('pledge_signatures_pledge').on(t.pledgeId, t.userId),
		index('pledge_signatures_user').on(t.userId),
		index('pledge_signatures_signed').on(t.signedAt)
	]
);

export type Pledge = typeof pledges.$inferSelect;
export type PledgeVersion = typeof pledgeVersions.$inferSelect;
export type PledgeLetter = typeof pledgeLetters.$inferSelect;
export type PledgeSignature = typeof pledgeSignatures.$inferSelect;
