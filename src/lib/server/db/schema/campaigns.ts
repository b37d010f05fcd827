import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org.ts';
import { users } from './users.ts';
import { CAMPAIGN_ACTION_CATEGORIES, CAMPAIGN_ACTION_KINDS, CAMPAIGN_TARGET_MODES } from '../../../vocabulary.ts';
import type { SubmissionFigures } from '../../campaigns/types.ts';

/**
 * Campaigns (系列活动方案): a plan published by a unit for its subtree, naming the actions
 * (规定动作 / 自选动作) each responsible unit must take. Whether a unit has done an action is never
 * stored: it is computed from the records linked to the action (campaign_links) and their event
 * rows (attendances, signatures, submissions), see src/lib/server/campaigns/matrix.ts. Only the
 * quarterly submissions keep figures, as the frozen copy a unit sent upward.
 */
export const campaigns = sqliteTable(
	'campaigns',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		/** The document the campaign implements, e.g. 《关于开展“五个一”廉政教育活动的通知》（X纪发〔2026〕3号）. */
		document: text('document').notNull().default(''),
		description: text('description').notNull().default(''),
		/** The publishing unit: organizers whose scope holds it manage the campaign. */
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		/** YYYY-MM-DD, China time, both included. */
		startDate: text('start_date').notNull(),
		endDate: text('end_date').notNull(),
		/** Null while the campaign is being drafted: only its managers see it. */
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('campaigns_unit').on(t.unitId)]
);

/** The responsible units (责任单位) of a campaign: the rows of its matrix. */
export const campaignUnits = sqliteTable(
	'campaign_units',
	{
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.unitId] }), index('campaign_units_unit').on(t.unitId)]
);

export const campaignActions = sqliteTable(
	'campaign_actions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		kind: text('kind', { enum: CAMPAIGN_ACTION_KINDS }).notNull(),
		/** Which records of the kind qualify (警示教育片, 读书思廉, 承诺书, 心得体会 …); null = any. */
		subKind: text('sub_kind'),
		category: text('category', { enum: CAMPAIGN_ACTION_CATEGORIES }).notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		targetMode: text('target_mode', { enum: CAMPAIGN_TARGET_MODES }).notNull(),
		/** 'times': at least this many records per unit. */
		targetTimes: integer('target_times').notNull().default(1),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('campaign_actions_campaign').on(t.campaignId, t.ordinal)]
);

/**
 * A record linked to an action. record_id names a row of the table the action's kind says
 * (activities for 'activity' and 'reading-list', competitions, pledges, writing_collections, and
 * the exams table once exams exist), so adding a kind needs no new column. The unit a record
 * counts for follows from where it was organized (matrix.ts), not from the link.
 */
export const campaignLinks = sqliteTable(
	'campaign_links',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actionId: integer('action_id')
			.notNull()
			.references(() => campaignActions.id, { onDelete: 'cascade' }),
		recordId: integer('record_id').notNull(),
		linkedBy: integer('linked_by').references(() => users.id, { onDelete: 'set null' }),
		linkedAt: integer('linked_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('campaign_links_action_record').on(t.actionId, t.recordId)]
);

/** 季度报送: a unit's figures for one quarter as they stood when its organizer sent them upward; never changed. */
export const campaignSubmissions = sqliteTable(
	'campaign_submissions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		/** Restrict: what a unit sent upward stays on record (a unit with submissions cannot be deleted). */
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		year: integer('year').notNull(),
		quarter: integer('quarter').notNull(),
		figures: text('figures', { mode: 'json' }).$type<SubmissionFigures>().notNull(),
		note: text('note').notNull().default(''),
		submittedBy: integer('submitted_by').references(() => users.id, { onDelete: 'set null' }),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('campaign_submissions_unit').on(t.campaignId, t.unitId, t.year, t.quarter)]
);

/** The edited 工作总结 of a unit (whole = false) or of the campaign's whole subtree (whole = true, unit = the campaign's unit). */
export const campaignSummaries = sqliteTable(
	'campaign_summaries',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		unitId: integer('unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'cascade' }),
		whole: integer('whole', { mode: 'boolean' }).notNull(),
		body: text('body').notNull(),
		updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('campaign_summaries_key').on(t.campaignId, t.unitId, t.whole)]
);

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignAction = typeof campaignActions.$inferSelect;
export type CampaignLink = typeof campaignLinks.$inferSelect;
export type CampaignSubmission = typeof campaignSubmissions.$inferSelect;
export type CampaignSummary = typeof campaignSummaries.$inferSelect;
