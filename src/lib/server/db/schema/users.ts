import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { orgUnits } from './org.ts';
import { ROLES } from '../../../vocabulary.ts';

export const users = sqliteTable(
	'users',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** 工号 or mobile number; what people type to log in. */
		username: text('username').notNull().unique(),
		name: text('name').notNull(),
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		role: text('role', { enum: ROLES }).notNull().default('learner'),
		title: text('title').notNull().default(''),
		/** 领导干部 (科级以上): some reading lists target only them. */
		isLeader: integer('is_leader', { mode: 'boolean' }).notNull().default(false),
		passwordHash: text('password_hash').notNull(),
		mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(true),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
	},
	(t) => [
		index('users_org_unit').on(t.orgUnitId),
		// Covering for the report's members of a unit (reports/metrics.ts memberCondition).
		index('users_org_unit_member').on(t.orgUnitId, t.disabledAt, t.role)
	]
);

/** Lucia-style sessions: the id is the SHA-256 of the token's secret, never the token itself. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** Failed logins, kept to throttle guessing per account and per address. */
export const loginFailures = sqliteTable(
	'login_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		username: text('username').notNull(),
		address: text('address').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('login_failures_username').on(t.username, t.at), index('login_failures_address').on(t.address, t.at)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
