import { sql, type SQL } from 'drizzle-orm';
import { QUIZ_SECONDS_PER_QUESTION_CAP, READING_CAP_FACTOR } from '../learning/progress.ts';
import { ACTIVITY_KINDS, type ActivityKind } from '../../vocabulary.ts';

// What counts, said once. Every figure of the report (report.ts) and the records behind it
// (records.ts) take their conditions from here: which activities count, which rows, which time
// column decides the period, which units. A figure and its drill-down cannot drift apart, because
// the drill-down's row count is `select count(*) from <from> where <where>` of the same metric.
//
// Where things count (documented in README.md, 组织工作与统计报表：计数口径):
//   - An activity and all its attendances count for the unit that organized it (activities.unit_id,
//     wherever that unit sits in the tree now), in the period in which it started. Cancelled
//     activities count nowhere. A visitor from another unit who signed in counts there too.
//   - Reading check-ins, course completions, quizzes and online hours are a person's own
//     learning and count for the unit the person belongs to now (membership history is not kept).
//   - Members = active (not disabled) accounts in the units now, except administrators (system
//     accounts, not cadres of a unit).
//   - Reading check-ins (阅读打卡) are signatures: of lessons (reading_checkins) and of regulations
//     read for themselves or for a reading list (regulation_checkins).
//   - Learning hours: offline, each attendance earns its activity's length (at most 8 hours;
//     reading lists earn nothing here, their reading is counted online); online, the rules of
//     我的学习 (learning/progress.ts, learning/record.ts): opening to signing a lesson or a
//     regulation, at most twice its minimum reading time; a quiz, at most its time limit.
//
// Table aliases are part of the contract: a activities, t attendances, u users, c signatures
// (SIGNATURES below), cc course_completions, q quiz_attempts.

export const MAX_OFFLINE_HOURS_PER_ACTIVITY = 8;

/** Where a figure is counted: units (an SQL list or subquery of org_unit ids) and a period [t0, t1). */
export type MetricScope = {
	/** Units whose activities count (activities.unit_id). */
	activityUnits: SQL;
	/** Units whose people count (users.org_unit_id, now). */
	peopleUnits: SQL;
	/** Epoch milliseconds, t0 included, t1 excluded. */
	t0: number;
	t1: number;
	/** Drill-down filters of activity figures: one kind (the report's columns)… */
	kind?: ActivityKind;
	/** …or activities started within [t0, t1) of one month (the chart's bars), epoch ms. */
	month?: { t0: number; t1: number };
};

/** The units of a subtree, by materialized path: `(select id from org_units where path like '/1/4/%')`. */
export function subtreeUnits(path: string): SQL {
	return sql`(select id from org_units where path like ${path + '%'})`;
}

const inWindow = (column: SQL, t0: number, t1: number) => sql`${column} >= ${t0} and ${column} < ${t1}`;

/** Which activities count: started in the period, not cancelled, organized by one of the units. */
function countedActivity(s: MetricScope): SQL {
	const kind = s.kind && (ACTIVITY_KINDS as readonly string[]).includes(s.kind) ? sql` and a.kind = ${s.kind}` : sql``;
	const month = s.month ? sql` and ${inWindow(sql`a.starts_at`, s.month.t0, s.month.t1)}` : sql``;
	return sql`${inWindow(sql`a.starts_at`, s.t0, s.t1)} and a.cancelled_at is null and a.unit_id in ${s.activityUnits}${kind}${month}`;
}

/** A person's own learning: the event's time in the period, the person now in one of the units. */
const ownLearning = (time: SQL) => (s: MetricScope) => sql`u.org_unit_id in ${s.peopleUnits} and ${inWindow(time, s.t0, s.t1)}`;

/** Current members: active accounts of the units, administrators' system accounts excepted. */
export function memberCondition(peopleUnits: SQL): SQL {
	return sql`u.disabled_at is null and u.role <> 'admin' and u.org_unit_id in ${peopleUnits}`;
}

// Per-row time in milliseconds, the same rules as readingSeconds / quizSeconds in
// learning/progress.ts, written as portable SQL (CASE rather than SQLite's two-argument min).
const readingMs = (minReadSeconds: SQL) => {
	const cap = sql`${READING_CAP_FACTOR * 1000} * ${minReadSeconds}`;
	return sql`case when c.signed_at - c.opened_at < 0 then 0 when c.signed_at - c.opened_at > ${cap} then ${cap} else c.signed_at - c.opened_at end`;
};
const QUIZ_CAP_MS = sql`(case when q.deadline_at is not null then q.deadline_at - q.started_at else ${QUIZ_SECONDS_PER_QUESTION_CAP * 1000} * q.total_count end)`;
const OFFLINE_CAP_MS = MAX_OFFLINE_HOURS_PER_ACTIVITY * 3_600_000;

export const HOURS = {
	/** Offline time an attendance earns: its activity's length, capped; reading lists earn none. */
	offlineMs: sql`case when a.source = 'reading-list' then 0 when a.ends_at - a.starts_at > ${OFFLINE_CAP_MS} then ${OFFLINE_CAP_MS} else a.ends_at - a.starts_at end`,
	/** Online time of a signature (c = SIGNATURES): opening to signing, at most twice the minimum reading time. */
	readingMs: sql`c.ms`,
	/** Online time of a quiz: start to submission, at most its time limit (or 2 minutes a question). */
	quizMs: sql`case when q.submitted_at - q.started_at < 0 then 0 when q.submitted_at - q.started_at > ${QUIZ_CAP_MS} then ${QUIZ_CAP_MS} else q.submitted_at - q.started_at end`
};

// Every reading signature as one row: a lesson's (minimum reading time from the lesson) or a
// regulation's (minimum fixed when reading started), with what was read, for figure and drill-down.
const SIGNATURES = sql`(
	select c.user_id, c.signed_at, co.title as title, l.title as part, ${readingMs(sql`l.min_read_seconds`)} as ms
	from reading_checkins c join lessons l on l.id = c.lesson_id join courses co on co.id = l.course_id
	union all
	select c.user_id, c.signed_at, r.title as title, case when c.scope_label = '' then '全文' else c.scope_label end as part, ${readingMs(sql`c.min_read_seconds`)} as ms
	from regulation_checkins c join regulations r on r.id = c.regulation_id
) c`;

export type MetricDefinition = {
	/** The rows that count, with the aliases above. */
	from: SQL;
	where: (scope: MetricScope) => SQL;
	/** What one counted item is when it is not a row (覆盖人数: a person). */
	distinct?: SQL;
};

/** The counted figures, by name (the names of the drill-down's ?metric=). */
export const METRICS = {
	/** 次: activities. */
	activities: { from: sql`activities a`, where: countedActivity },
	/** 人次: attendances of the counted activities. */
	attendances: { from: sql`activities a join attendances t on t.activity_id = a.id`, where: countedActivity },
	/** 覆盖人数: different people with an attendance of a counted activity. */
	reached: { from: sql`activities a join attendances t on t.activity_id = a.id`, where: countedActivity, distinct: sql`t.user_id` },
	/** 现有人数. */
	members: { from: sql`users u`, where: (s: MetricScope) => memberCondition(s.peopleUnits) },
	/** 阅读打卡人次: signatures of lessons and regulations, by the time of signing. */
	checkins: { from: sql`users u join ${SIGNATURES} on c.user_id = u.id`, where: ownLearning(sql`c.signed_at`) },
	/** 课程完成人次: by the time the last requirement was met. */
	completions: { from: sql`users u join course_completions cc on cc.user_id = u.id`, where: ownLearning(sql`cc.completed_at`) },
	/** 测验人次: submitted quizzes, by the time of submission. */
	quizzes: { from: sql`users u join quiz_attempts q on q.user_id = u.id`, where: ownLearning(sql`q.submitted_at`) }
} satisfies Record<string, MetricDefinition>;

export type CountedMetric = keyof typeof METRICS;

/** `select count(*)` of a metric: the figure, and the drill-down's total. */
export function countSql(metric: CountedMetric, scope: MetricScope): SQL {
	const m: MetricDefinition = METRICS[metric];
	return m.distinct
		? sql`select count(*) as n from (select distinct ${m.distinct} from ${m.from} where ${m.where(scope)}) x`
		: sql`select count(*) as n from ${m.from} where ${m.where(scope)}`;
}
