import { sqliteTable, integer, primaryKey, index, type SQLiteColumnBuilderBase } from 'drizzle-orm/sqlite-core';

// Report roll-ups (reports/rollups.ts): sums derived from the event rows, so the yearly report of
// a whole organization reads about a hundred thousand small rows instead of millions of events.
// The event rows stay the truth: every roll-up row can be rebuilt from them (npm run db:rollups),
// and triggers on the event tables (drizzle/*/…_report_rollup_triggers.sql) note which days and
// which people changed (report_dirty), so the next report first re-derives exactly those.
// No foreign keys: a roll-up row never keeps a unit or a person from being removed.

/**
 * Per unit and China-time day (days since 1970-01-01 in UTC+8): the additive figures.
 * attendances and offline_ms count for the unit that organized the activity, on the day it
 * started (not cancelled); the other columns are people's own learning, for the unit the person
 * belongs to now, on the day it happened (reports/metrics.ts says what counts).
 */
const sums = () =>
	({
		attendances: integer('attendances').notNull().default(0),
		offlineMs: integer('offline_ms').notNull().default(0),
		checkins: integer('checkins').notNull().default(0),
		readingMs: integer('reading_ms').notNull().default(0),
		quizzes: integer('quizzes').notNull().default(0),
		quizScore: integer('quiz_score').notNull().default(0),
		quizMs: integer('quiz_ms').notNull().default(0),
		completions: integer('completions').notNull().default(0)
	}) satisfies Record<string, SQLiteColumnBuilderBase>;

export const reportDaily = sqliteTable('report_daily', { day: integer('day').notNull(), unitId: integer('unit_id').notNull(), ...sums() }, (t) => [
	primaryKey({ columns: [t.day, t.unitId] })
]);

/** The same sums per unit and China-time calendar month (year × 12 + month − 1), summed from report_daily. */
export const reportMonthly = sqliteTable('report_monthly', { month: integer('month').notNull(), unitId: integer('unit_id').notNull(), ...sums() }, (t) => [
	primaryKey({ columns: [t.month, t.unitId] })
]);

/**
 * Who took part in an organizing unit's activities, per China-time calendar year: bit d of
 * column b{d / 32} is set when the person has an attendance of a counted activity of the unit
 * that started on day d of the year (0 = 1 January). Distinct people reached in any period are
 * then distinct (unit, person) rows with a bit in the period, not distinct attendance rows.
 */
export const reportReach = sqliteTable(
	'report_reach',
	{
		year: integer('year').notNull(),
		unitId: integer('unit_id').notNull(),
		userId: integer('user_id').notNull(),
		b0: integer('b0').notNull().default(0),
		b1: integer('b1').notNull().default(0),
		b2: integer('b2').notNull().default(0),
		b3: integer('b3').notNull().default(0),
		b4: integer('b4').notNull().default(0),
		b5: integer('b5').notNull().default(0),
		b6: integer('b6').notNull().default(0),
		b7: integer('b7').notNull().default(0),
		b8: integer('b8').notNull().default(0),
		b9: integer('b9').notNull().default(0),
		b10: integer('b10').notNull().default(0),
		b11: integer('b11').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.year, t.unitId, t.userId] }),
		// Covering, so the report reads a year's bits without visiting the table: by unit for a
		// row's people, by person for the distinct people of the whole subtree.
		index('report_reach_by_unit').on(t.year, t.unitId, t.userId, t.b0, t.b1, t.b2, t.b3, t.b4, t.b5, t.b6, t.b7, t.b8, t.b9, t.b10, t.b11),
		index('report_reach_by_user').on(t.year, t.userId, t.unitId, t.b0, t.b1, t.b2, t.b3, t.b4, t.b5, t.b6, t.b7, t.b8, t.b9, t.b10, t.b11)
	]
);

/**
 * What changed since the roll-ups were last derived, written by the triggers: a China-time day
 * whose figures must be re-derived, and with unit_id and user_id a (organizing unit, person) whose
 * reach in that day's year must be. day = -1 asks for everything (a new or upgraded database).
 * Rows may repeat; reports/rollups.ts removes the ones it has handled.
 */
export const reportDirty = sqliteTable('report_dirty', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	day: integer('day').notNull(),
	unitId: integer('unit_id'),
	userId: integer('user_id')
});

/** The tables above: derived, so copies and comparisons of stored data leave them out. */
export const DERIVED_TABLES: ReadonlySet<string> = new Set(['report_daily', 'report_monthly', 'report_reach', 'report_dirty']);
