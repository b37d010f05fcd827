import { sql, type SQL } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';
import { DAY_MS } from '../../time.ts';
import { HOURS, METRICS, type MetricScope } from './metrics.ts';

// Report roll-ups (db/schema/reports.ts): per unit and day, the additive figures; per organizing
// unit, person and year, the days the person took part. Both are derived here from the event rows
// with the definitions of metrics.ts and nothing else, so a roll-up figure is the raw figure
// summed in advance. Triggers (drizzle/*/..._report_rollup_triggers.sql) note every change of an
// event row in report_dirty, in the same transaction as the change; refreshReportRollups
// re-derives exactly those days and (unit, person, year) rows before a report reads them.
// `npm run db:rollups` (or a report_dirty row with day = -1, as after the migration) rebuilds all.

/** China time is UTC+8 all year, so a China-time day is whole days of epoch milliseconds + 8 h. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
/** The China-time day (days since 1970-01-01) of an epoch-ms column, the same SQL on both engines. */
export const dayOf = (column: SQL) => sql`((${column} + ${sql.raw(String(CHINA_OFFSET_MS))}) / ${sql.raw(String(DAY_MS))})`;
/** The China-time day of an instant. */
export const dayNumber = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
/** The calendar year (China time) of a day number, and the instant its 1 January begins. */
export const yearOfDay = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
export const yearStartMs = (year: number) => Date.UTC(year, 0, 1) - CHINA_OFFSET_MS;
/** The China-time calendar month of a day number (year × 12 + month − 1), and the day it begins. */
export const monthOfDay = (day: number) => {
	const d = new Date(day * DAY_MS);
	return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
export const monthStartDay = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
/** The instant a day number begins. */
export const dayStartMs = (day: number) => day * DAY_MS - CHINA_OFFSET_MS;

/** Every unit, for metric conditions that the roll-ups apply to all units (the report picks its units later). */
const ALL_UNITS = sql`(select id from org_units)`;
const scopeOf = (t0: number, t1: number): MetricScope => ({ activityUnits: ALL_UNITS, peopleUnits: ALL_UNITS, t0, t1 });

/** report_daily rows of the days [d0, d1) (China time), from the event rows. */
function dailySelect(d0: number, d1: number): SQL {
	const s = scopeOf(dayStartMs(d0), dayStartMs(d1));
	return sql`
		select day, unit_id, sum(att) as att, sum(off_ms) as off_ms, sum(chk) as chk, sum(read_ms) as read_ms,
		       sum(qz) as qz, sum(q_score) as q_score, sum(q_ms) as q_ms, sum(cmp) as cmp
		from (
			select ${dayOf(sql`a.starts_at`)} as day, a.unit_id as unit_id, count(*) as att, sum(${HOURS.offlineMs}) as off_ms,
			       0 as chk, 0 as read_ms, 0 as qz, 0 as q_score, 0 as q_ms, 0 as cmp
			from ${METRICS.attendances.from} where ${METRICS.attendances.where(s)}
			group by ${dayOf(sql`a.starts_at`)}, a.unit_id
			union all
			select ${dayOf(sql`c.signed_at`)}, u.org_unit_id, 0, 0, count(*), sum(${HOURS.readingMs}), 0, 0, 0, 0
			from ${METRICS.checkins.from} where ${METRICS.checkins.where(s)}
			group by ${dayOf(sql`c.signed_at`)}, u.org_unit_id
			union all
			select ${dayOf(sql`q.submitted_at`)}, u.org_unit_id, 0, 0, 0, 0, count(*), coalesce(sum(q.score), 0), sum(${HOURS.quizMs}), 0
			from ${METRICS.quizzes.from} where ${METRICS.quizzes.where(s)}
			group by ${dayOf(sql`q.submitted_at`)}, u.org_unit_id
			union all
			select ${dayOf(sql`cc.completed_at`)}, u.org_unit_id, 0, 0, 0, 0, 0, 0, 0, count(*)
			from ${METRICS.completions.from} where ${METRICS.completions.where(s)}
			group by ${dayOf(sql`cc.completed_at`)}, u.org_unit_id
		) x
		group by day, unit_id`;
}

const BIT_COLUMNS = Array.from({ length: 12 }, (_, i) => `b${i}`);

/** report_reach rows of one year: for each (organizing unit, person) the days of the year they took part. */
function reachSelect(year: number, keys: SQL | null): SQL {
	const y0 = yearStartMs(year);
	const y1 = yearStartMs(year + 1);
	// With keys: from those (unit, person) pairs to their attendances (the same rows as METRICS.reached.from).
	const from = keys
		? sql`${keys} k cross join attendances t cross join activities a`
		: METRICS.reached.from;
	const join = keys ? sql` t.user_id = k.user_id and a.id = t.activity_id and a.unit_id = k.unit_id and` : sql``;
	const bits = BIT_COLUMNS.map((_, i) => sql.raw(`sum(distinct case when o / 32 = ${i} then cast(1 as bigint) << cast(o % 32 as integer) else 0 end)`));
	return sql`
		select ${sql.raw(String(year))} as year, unit_id, user_id, ${sql.join(bits, sql`, `)}
		from (
			select a.unit_id as unit_id, ${METRICS.reached.distinct} as user_id, (a.starts_at - ${sql.raw(String(y0))}) / ${sql.raw(String(DAY_MS))} as o
			from ${from}
			where${join} ${METRICS.reached.where(scopeOf(y0, y1))}
		) x
		group by unit_id, user_id`;
}

const SUM_COLUMNS = 'attendances, offline_ms, checkins, reading_ms, quizzes, quiz_score, quiz_ms, completions';
const DAILY_COLUMNS = sql.raw(`day, unit_id, ${SUM_COLUMNS}`);

/** Re-sums report_monthly for the months in [m0, m1) from report_daily. */
async function resumMonths(tx: DB, m0: number, m1: number) {
	const sums = SUM_COLUMNS.split(', ').map((c) => `sum(${c})`).join(', ');
	await tx.run(sql`delete from report_monthly where month >= ${m0} and month < ${m1}`);
	for (let m = m0; m < m1; m++) {
		await tx.run(sql`insert into report_monthly (month, unit_id, ${sql.raw(SUM_COLUMNS)})
			select ${sql.raw(String(m))}, unit_id, ${sql.raw(sums)} from report_daily
			where day >= ${monthStartDay(m)} and day < ${monthStartDay(m + 1)} group by unit_id`);
	}
}
const REACH_COLUMNS = sql.raw(`year, unit_id, user_id, ${BIT_COLUMNS.join(', ')}`);

/**
 * Re-derives what the triggers marked since the last time (everything after a day = -1 mark).
 * Returns what it did, or null when nothing was marked. Runs in one transaction.
 */
export async function refreshReportRollups(db: DB): Promise<{ full: boolean; days: number; reach: number } | null> {
	const pending = await selectRow<{ max: number | null }>(db, sql`select max(id) as max from report_dirty`);
	if (pending?.max == null) return null;
	return await db.transaction(async (tx) => {
		const mark = await selectRow<{ max: number | null; full: number | null }>(
			tx,
			sql`select max(id) as max, min(day) as full from report_dirty`
		);
		const max = mark?.max;
		if (max == null) return null;
		const upTo = sql`report_dirty d where d.id <= ${max}`;
		let result: { full: boolean; days: number; reach: number };
		if (Number(mark!.full) < 0) {
			await tx.run(sql`delete from report_daily`);
			await tx.run(sql`delete from report_monthly`);
			await tx.run(sql`delete from report_reach`);
			await tx.run(sql`insert into report_daily (${DAILY_COLUMNS}) ${dailySelect(Math.floor(Number.MIN_SAFE_INTEGER / DAY_MS) + 1, Math.floor(Number.MAX_SAFE_INTEGER / DAY_MS) - 1)}`);
			const daySpan = await selectRow<{ lo: number | null; hi: number | null }>(tx, sql`select min(day) as lo, max(day) as hi from report_daily`);
			if (daySpan?.lo != null && daySpan.hi != null) await resumMonths(tx, monthOfDay(Number(daySpan.lo)), monthOfDay(Number(daySpan.hi)) + 1);
			const span = await selectRow<{ lo: number | null; hi: number | null }>(tx, sql`select min(starts_at) as lo, max(starts_at) as hi from activities`);
			let years = 0;
			if (span?.lo != null && span.hi != null) {
				for (let y = yearOfDay(dayNumber(Number(span.lo))); y <= yearOfDay(dayNumber(Number(span.hi))); y++, years++) {
					await tx.run(sql`insert into report_reach (${REACH_COLUMNS}) ${reachSelect(y, null)}`);
				}
			}
			result = { full: true, days: -1, reach: years };
		} else {
			const days = (await selectRows<{ day: number }>(tx, sql`select distinct d.day from ${upTo}`)).map((r) => Number(r.day));
			// Runs of consecutive days, each re-derived with index ranges over the event times.
			days.sort((a, b) => a - b);
			for (let i = 0; i < days.length; ) {
				let j = i;
				while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
				const [d0, d1] = [days[i], days[j] + 1];
				await tx.run(sql`delete from report_daily where day >= ${d0} and day < ${d1}`);
				await tx.run(sql`insert into report_daily (${DAILY_COLUMNS}) ${dailySelect(d0, d1)}`);
				i = j + 1;
			}
			for (const m of new Set(days.map(monthOfDay))) await resumMonths(tx, m, m + 1);
			const keyDays = (await selectRows<{ day: number }>(tx, sql`select distinct d.day from ${upTo} and d.unit_id is not null`)).map((r) => Number(r.day));
			const years = [...new Set(keyDays.map(yearOfDay))];
			let reach = 0;
			for (const year of years) {
				const d0 = dayNumber(yearStartMs(year));
				const d1 = dayNumber(yearStartMs(year + 1));
				const keys = sql`(select distinct d.unit_id, d.user_id from ${upTo} and d.unit_id is not null and d.day >= ${d0} and d.day < ${d1})`;
				await tx.run(sql`delete from report_reach where year = ${year} and (unit_id, user_id) in ${keys}`);
				await tx.run(sql`insert into report_reach (${REACH_COLUMNS}) ${reachSelect(year, keys)}`);
				reach++;
			}
			result = { full: false, days: days.length, reach };
		}
		await tx.run(sql`delete from report_dirty where id <= ${max}`);
		return result;
	});
}

/** Rebuilds every roll-up from the event rows (npm run db:rollups). */
export async function rebuildReportRollups(db: DB): Promise<{ full: boolean; days: number; reach: number } | null> {
	await db.run(sql`insert into report_dirty (day) values (-1)`);
	return await refreshReportRollups(db);
}
