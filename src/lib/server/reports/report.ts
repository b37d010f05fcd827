import { sql } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';

import { monthKey } from '../../time.ts';
import { periodBounds } from './period.ts';
import { QUIZ_SECONDS_PER_QUESTION_CAP, READING_CAP_FACTOR } from '../learning/progress.ts';
import { ACTIVITY_KINDS, WRITING_KINDS, type ActivityKind, type PledgeKind, type WritingKind } from '../../vocabulary.ts';
import { pledgeWritingCounts } from './pledges-writings.ts';
import { campaignFigures, type CampaignFigure } from './campaigns.ts';

// The "X 次 / Y 人次" report. Every figure is an aggregate over event rows, computed here and
// nowhere else; the page, the exports and the drafted summary all read the same Report object.
//
// Where things count (documented in README.md, 组织工作与统计报表：计数口径):
//   - An activity and all its attendances count for the unit that organized it (activities.unit_id,
//     wherever that unit sits in the tree now), in the period in which it started. Cancelled
//     activities count nowhere. A visitor from another unit who signed in counts there too.
//   - Reading check-ins, course completions, quizzes and online hours are a person's own
//     learning and count for the unit the person belongs to now (membership history is not kept).
//   - Members = active (not disabled) accounts in the subtree now, except administrators (system
//     accounts, not cadres of a unit). Participation rate = members
//     who took part in at least one activity of the subtree / members.
//   - Learning hours = offline + online. Offline: each attendance earns its activity's length (at
//     most 8 hours; reading lists earn nothing here, their reading is counted online). Online:
//     the rules of 我的学习 (learning/progress.ts): time from opening to signing a lesson, at most
//     twice its minimum reading time; time spent on a quiz, at most its time limit or 2 minutes
//     per question.
//   - Campaigns: how many of its actions each responsible unit in the subtree had done by the end
//     of the period (reports/campaigns.ts, from the same matrix as the campaign page).
//   - A course is completed when its last requirement is met (every active lesson signed and its
//     quiz passed, if it has one), as recorded in course_completions; it counts in that period.

export const MAX_OFFLINE_HOURS_PER_ACTIVITY = 8;

// Per-row online time in milliseconds, the same rules as readingSeconds / quizSeconds in
// learning/progress.ts, written as portable SQL (CASE rather than SQLite's two-argument min).
export const readingMsExpr = sql`case
	when c.signed_at - c.opened_at < 0 then 0
	when c.signed_at - c.opened_at > ${READING_CAP_FACTOR * 1000} * l.min_read_seconds then ${READING_CAP_FACTOR * 1000} * l.min_read_seconds
	else c.signed_at - c.opened_at end`;
const quizCapExpr = sql`(case when q.deadline_at is not null then q.deadline_at - q.started_at else ${QUIZ_SECONDS_PER_QUESTION_CAP * 1000} * q.total_count end)`;
export const quizMsExpr = sql`case
	when q.submitted_at - q.started_at < 0 then 0
	when q.submitted_at - q.started_at > ${quizCapExpr} then ${quizCapExpr}
	else q.submitted_at - q.started_at end`;

export type Figures = {
	activities: number;
	byKind: Partial<Record<ActivityKind, number>>;
	attendances: number;
	reached: number;
	members: number;
	reachedMembers: number;
	/** reachedMembers / members in percent with one decimal, null when there are no members. */
	rate: number | null;
	checkins: number;
	courseCompletions: number;
	quizAttempts: number;
	/** Mean score (percent) of the quizzes taken, one decimal; null when none. */
	quizAverage: number | null;
	/** Learning hours, one decimal. */
	hours: number;
	offlineHours: number;
	onlineHours: number;
	/** 承诺书 and 责任书 signed (份), and their sum (reports/pledges-writings.ts). */
	pledges: number;
	pledgesByKind: Partial<Record<PledgeKind, number>>;
	/** Pieces received, all kinds, and by kind (篇 / 份 / 幅). */
	writings: number;
	writingsByKind: Partial<Record<WritingKind, number>>;
};

export type ReportRow = { unitId: number; name: string; self: boolean; figures: Figures };

export type Report = {
	unit: { id: number; name: string; path: string };
	from: string;
	to: string;
	total: Figures;
	/** The unit itself (本级: activities it organized, people directly in it), then one row per child unit. */
	rows: ReportRow[];
	months: { month: string; activities: number; attendances: number }[];
	kinds: ActivityKind[];
	/** Writing kinds with pieces in the period, in vocabulary order. */
	writingKinds: WritingKind[];
	/** Campaigns with responsible units in the subtree, as they stood at the end of the period (reports/campaigns.ts). */
	campaigns: CampaignFigure[];
};

type Acc = {
	activities: number;
	byKind: Partial<Record<ActivityKind, number>>;
	attendances: number;
	reached: Set<number>;
	members: Set<number>;
	checkins: number;
	courseCompletions: number;
	quizAttempts: number;
	quizScoreSum: number;
	offlineSeconds: number;
	onlineSeconds: number;
	pledgesByKind: Partial<Record<PledgeKind, number>>;
	writingsByKind: Partial<Record<WritingKind, number>>;
};

const newAcc = (): Acc => ({
	activities: 0,
	byKind: {},
	attendances: 0,
	reached: new Set(),
	members: new Set(),
	checkins: 0,
	courseCompletions: 0,
	quizAttempts: 0,
	quizScoreSum: 0,
	offlineSeconds: 0,
	onlineSeconds: 0,
	pledgesByKind: {},
	writingsByKind: {}
});

const sum = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((a: number, b) => a + (b ?? 0), 0);

const round1 = (x: number) => Math.round(x * 10) / 10;

export function percent(part: number, whole: number): number | null {
	return whole > 0 ? round1((part * 100) / whole) : null;
}

function toFigures(acc: Acc): Figures {
	let reachedMembers = 0;
	for (const id of acc.members) if (acc.reached.has(id)) reachedMembers++;
	const offlineHours = round1(acc.offlineSeconds / 3600);
	const onlineHours = round1(acc.onlineSeconds / 3600);
	return {
		activities: acc.activities,
		byKind: acc.byKind,
		attendances: acc.attendances,
		reached: acc.reached.size,
		members: acc.members.size,
		reachedMembers,
		rate: percent(reachedMembers, acc.members.size),
		checkins: acc.checkins,
		courseCompletions: acc.courseCompletions,
		quizAttempts: acc.quizAttempts,
		quizAverage: acc.quizAttempts ? round1(acc.quizScoreSum / acc.quizAttempts) : null,
		// Rounded from the exact total, so it may differ from offline + online by 0.1.
		hours: round1((acc.offlineSeconds + acc.onlineSeconds) / 3600),
		offlineHours,
		onlineHours,
		pledges: sum(acc.pledgesByKind),
		pledgesByKind: acc.pledgesByKind,
		writings: sum(acc.writingsByKind),
		writingsByKind: acc.writingsByKind
	};
}

type UnitRow = { id: number; name: string; path: string; parent_id: number | null; sort_order: number };

/** The units of the subtree and, for each, the row (本级 or child unit) it counts in. */
export async function reportBuckets(db: DB, unitId: number) {
	const root = await selectRow<UnitRow>(db, sql`select id, name, path, parent_id, sort_order from org_units where id = ${unitId}`);
	if (!root) return undefined;
	const units = await selectRows<UnitRow>(db, sql`select id, name, path, parent_id, sort_order from org_units where path like ${root.path + '%'}`);
	const children = units.filter((u) => u.parent_id === root.id).sort((a, b) => a.sort_order - b.sort_order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const bucketOf = new Map<number, number>();
	for (const u of units) {
		if (u.id === root.id) bucketOf.set(u.id, root.id);
		else {
			const childId = Number(u.path.slice(root.path.length).split('/')[0]);
			bucketOf.set(u.id, childId);
		}
	}
	return { root, children, bucketOf };
}

/** Computes the report for a unit subtree and a period (dates included, China time). */
export async function computeReport(db: DB, input: { unitId: number; from: string; to: string }): Promise<Report> {
	const buckets = await reportBuckets(db, input.unitId);
	if (!buckets) throw new Error(`单位不存在（id ${input.unitId}）`);
	const { root, children, bucketOf } = buckets;
	const { start, end } = periodBounds(input);
	const t0 = start.getTime();
	const t1 = end.getTime();
	const subtree = sql`(select id from org_units where path like ${root.path + '%'})`;

	const total = newAcc();
	const accs = new Map<number, Acc>([[root.id, newAcc()], ...children.map((c) => [c.id, newAcc()] as [number, Acc])]);
	const accFor = (unitId: number) => accs.get(bucketOf.get(unitId)!)!;
	const months = new Map<string, { activities: number; attendances: number }>();

	// Activities: one row each, with its attendance count.
	const acts = await selectRows<{ id: number; kind: ActivityKind; unit_id: number; source: string; starts_at: number; ends_at: number; n: number }>(db, sql`
		select a.id, a.kind, a.unit_id, a.source, a.starts_at, a.ends_at,
		       (select count(*) from attendances t where t.activity_id = a.id) as n
		from activities a
		where a.starts_at >= ${t0} and a.starts_at < ${t1} and a.cancelled_at is null and a.unit_id in ${subtree}`);
	for (const a of acts) {
		const offline = a.source === 'reading-list' ? 0 : Math.min(a.ends_at - a.starts_at, MAX_OFFLINE_HOURS_PER_ACTIVITY * 3_600_000) / 1000;
		for (const acc of [total, accFor(a.unit_id)]) {
			acc.activities++;
			acc.byKind[a.kind] = (acc.byKind[a.kind] ?? 0) + 1;
			acc.attendances += a.n;
			acc.offlineSeconds += offline * a.n;
		}
		const m = monthKey(new Date(a.starts_at));
		const month = months.get(m) ?? { activities: 0, attendances: 0 };
		month.activities++;
		month.attendances += a.n;
		months.set(m, month);
	}

	// Distinct people reached, per organizing unit.
	const reached = await selectRows<{ unit_id: number; user_id: number }>(db, sql`
		select distinct a.unit_id, t.user_id
		from activities a join attendances t on t.activity_id = a.id
		where a.starts_at >= ${t0} and a.starts_at < ${t1} and a.cancelled_at is null and a.unit_id in ${subtree}`);
	for (const r of reached) {
		total.reached.add(r.user_id);
		accFor(r.unit_id).reached.add(r.user_id);
	}

	// Members now: active accounts, not counting administrators' system accounts.
	const members = await selectRows<{ id: number; org_unit_id: number }>(db, sql`
		select id, org_unit_id from users where disabled_at is null and role <> 'admin' and org_unit_id in ${subtree}`);
	for (const m of members) {
		total.members.add(m.id);
		accFor(m.org_unit_id).members.add(m.id);
	}

	// Own learning, by the person's current unit. Hours follow 我的学习 (learning/progress.ts).
	const checkins = await selectRows<{ org_unit_id: number; n: number; ms: number }>(db, sql`
		select u.org_unit_id, count(*) as n, sum(${readingMsExpr}) as ms
		from users u
		join reading_checkins c on c.user_id = u.id
		join lessons l on l.id = c.lesson_id
		where u.org_unit_id in ${subtree} and c.signed_at >= ${t0} and c.signed_at < ${t1}
		group by u.org_unit_id`);
	for (const r of checkins) {
		for (const acc of [total, accFor(r.org_unit_id)]) {
			acc.checkins += r.n;
			acc.onlineSeconds += r.ms / 1000;
		}
	}

	const attempts = await selectRows<{ org_unit_id: number; n: number; score: number; ms: number }>(db, sql`
		select u.org_unit_id, count(*) as n, sum(q.score) as score, sum(${quizMsExpr}) as ms
		from users u
		join quiz_attempts q on q.user_id = u.id
		where u.org_unit_id in ${subtree} and q.submitted_at >= ${t0} and q.submitted_at < ${t1}
		group by u.org_unit_id`);
	for (const r of attempts) {
		for (const acc of [total, accFor(r.org_unit_id)]) {
			acc.quizAttempts += r.n;
			acc.quizScoreSum += r.score ?? 0;
			acc.onlineSeconds += r.ms / 1000;
		}
	}

	const completions = await selectRows<{ org_unit_id: number; n: number }>(db, sql`
		select u.org_unit_id, count(*) as n
		from users u
		join course_completions cc on cc.user_id = u.id
		where u.org_unit_id in ${subtree} and cc.completed_at >= ${t0} and cc.completed_at < ${t1}
		group by u.org_unit_id`);
	for (const r of completions) {
		total.courseCompletions += r.n;
		accFor(r.org_unit_id).courseCompletions += r.n;
	}

	for (const r of await pledgeWritingCounts(db, subtree, t0, t1)) {
		for (const acc of [total, accFor(r.unitId)]) {
			for (const [k, n] of Object.entries(r.pledges) as [PledgeKind, number][]) acc.pledgesByKind[k] = (acc.pledgesByKind[k] ?? 0) + n;
			for (const [k, n] of Object.entries(r.writings) as [WritingKind, number][]) acc.writingsByKind[k] = (acc.writingsByKind[k] ?? 0) + n;
		}
	}

	const rows: ReportRow[] = [
		{ unitId: root.id, name: `${root.name}（本级）`, self: true, figures: toFigures(accs.get(root.id)!) },
		...children.map((c) => ({ unitId: c.id, name: c.name, self: false, figures: toFigures(accs.get(c.id)!) }))
	];
	const totalFigures = toFigures(total);
	return {
		unit: { id: root.id, name: root.name, path: root.path },
		from: input.from,
		to: input.to,
		total: totalFigures,
		rows,
		months: monthRange(input.from, input.to).map((month) => ({ month, ...(months.get(month) ?? { activities: 0, attendances: 0 }) })),
		kinds: ACTIVITY_KINDS.filter((k) => (totalFigures.byKind[k] ?? 0) > 0),
		writingKinds: WRITING_KINDS.filter((k) => (totalFigures.writingsByKind[k] ?? 0) > 0),
		campaigns: await campaignFigures(db, { unitPath: root.path, from: t0, to: t1 })
	};
}

/** Every month from the period's first to its last, so empty months show as zero. */
export function monthRange(from: string, to: string): string[] {
	const out: string[] = [];
	let [y, m] = from.split('-').map(Number);
	const [ty, tm] = to.split('-').map(Number);
	while (y < ty || (y === ty && m <= tm)) {
		out.push(`${y}-${String(m).padStart(2, '0')}`);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return out;
}
