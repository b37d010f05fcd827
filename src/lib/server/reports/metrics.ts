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
//   - Learning hours: offline, each attendance earns its activity's length (at most 8 hours;
//     reading lists earn nothing here, their reading is counted online); online, the rules of
//     我的学习 (learning/progress.ts).
//
// Table aliases are part of the contract: a activities, t attendances, u users, c reading_checkins,
// l lessons, cc course_completions, q quiz_attempts.

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
const READING_CAP_MS = sql`${READING_CAP_FACTOR * 1000} * l.min_read_seconds`;
const QUIZ_CAP_MS = sql`(case when q.deadline_at is not null then q.deadline_at - q.started_at else ${QUIZ_SECONDS_PER_QUESTION_CAP * 1000} * q.total_count end)`;
const OFFLINE_CAP_MS = MAX_OFFLINE_HOURS_PER_ACTIVITY * 3_600_000;

export const HOURS = {
	/** Offline time an attendance earns: its activity's length, capped; reading lists earn none. */
	offlineMs: sql`case when a.source = 'reading-list' then 0 when a.ends_at - a.starts_at > ${OFFLINE_CAP_MS} then ${OFFLINE_CAP_MS} else a.ends_at - a.starts_at end`,
	/** Online time of a check-in: opening to signing, at most twice the lesson's minimum reading time. */
	readingMs: sql`case when c.signed_at - c.opened_at < 0 then 0 when c.signed_at - c.opened_at > ${READING_CAP_MS} then ${READING_CAP_MS} else c.signed_at - c.opened_at end`,
	/** Online time of a quiz: start to submission, at most its time limit (or 2 minutes a question). */
	quizMs: sql`case when q.submitted_at - q.started_at < 0 then 0 when q.submitted_at - q.started_at > ${QUIZ_CAP_MS} then ${QUIZ_CAP_MS} else q.submitted_at - q.started_at end`
};

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
	/** 阅读打卡人次: signatures, by the time of signing. */
	checkins: { from: sql`users u join reading_checkins c on c.user_id = u.id join lessons l on l.id = c.lesson_id`, where: ownLearning(sql`c.signed_at`) },
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
