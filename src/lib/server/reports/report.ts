import { sql } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';

import { monthKey } from '../../time.ts';
import { periodBounds } from './period.ts';
import { compareUnits } from '../org/collation.ts';
import { HOURS, METRICS, subtreeUnits, type MetricScope } from './metrics.ts';
import { ACTIVITY_KINDS, WRITING_KINDS, type ActivityKind, type PledgeKind, type WritingKind } from '../../vocabulary.ts';
import { pledgeWritingCounts } from './pledges-writings.ts';
import { examCounts } from './exams.ts';

// The "X 次 / Y 人次" report. Every figure is an aggregate over event rows, computed here and
// nowhere else; the page, the exports and the drafted summary all read the same Report object.
// What counts where (activities by organizing unit, own learning by the person's unit now,
// members, hours) is defined once in metrics.ts, which the drill-down (records.ts) shares.
// Members who took part: participation rate = members who took part in at least one activity
// of the subtree / members.

export { MAX_OFFLINE_HOURS_PER_ACTIVITY } from './metrics.ts';

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
	/** Exams organized (opened in the period), sittings closed (人次), and people who sat / passed (reports/exams.ts). */
	exams: number;
	examSittings: number;
	examTakers: number;
	examPassers: number;
	/** examPassers / examTakers in percent with one decimal, null when nobody sat an exam. */
	examPassRate: number | null;
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
	exams: number;
	examSittings: number;
	examTakers: number;
	examPassers: number;
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
	writingsByKind: {},
	exams: 0,
	examSittings: 0,
	examTakers: 0,
	examPassers: 0
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
		writingsByKind: acc.writingsByKind,
		exams: acc.exams,
		examSittings: acc.examSittings,
		examTakers: acc.examTakers,
		examPassers: acc.examPassers,
		examPassRate: percent(acc.examPassers, acc.examTakers)
	};
}

type UnitRow = { id: number; name: string; path: string; parent_id: number | null; sort_order: number };

/** The units of the subtree and, for each, the row (本级 or child unit) it counts in. */
export async function reportBuckets(db: DB, unitId: number) {
	const root = await selectRow<UnitRow>(db, sql`select id, name, path, parent_id, sort_order from org_units where id = ${unitId}`);
	if (!root) return undefined;
	const units = await selectRows<UnitRow>(db, sql`select id, name, path, parent_id, sort_order from org_units where path like ${root.path + '%'}`);
	const children = units.filter((u) => u.parent_id === root.id).sort((a, b) => compareUnits({ ...a, sortOrder: a.sort_order }, { ...b, sortOrder: b.sort_order }));
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
	const subtree = subtreeUnits(root.path);
	const scope: MetricScope = { activityUnits: subtree, peopleUnits: subtree, t0: start.getTime(), t1: end.getTime() };

	const total = newAcc();
	const accs = new Map<number, Acc>([[root.id, newAcc()], ...children.map((c) => [c.id, newAcc()] as [number, Acc])]);
	const accFor = (unitId: number) => accs.get(bucketOf.get(unitId)!)!;
	const months = new Map<string, { activities: number; attendances: number }>();

	// Activities: one row each, with its attendance count and the offline time each attendance earns.
	const acts = await selectRows<{ kind: ActivityKind; unit_id: number; starts_at: number; offline_ms: number; n: number }>(db, sql`
		select a.kind, a.unit_id, a.starts_at, ${HOURS.offlineMs} as offline_ms,
		       (select count(*) from attendances t where t.activity_id = a.id) as n
		from ${METRICS.activities.from}
		where ${METRICS.activities.where(scope)}`);
	for (const a of acts) {
		for (const acc of [total, accFor(a.unit_id)]) {
			acc.activities++;
			acc.byKind[a.kind] = (acc.byKind[a.kind] ?? 0) + 1;
			acc.attendances += a.n;
			acc.offlineSeconds += (a.offline_ms / 1000) * a.n;
		}
		const m = monthKey(new Date(a.starts_at));
		const month = months.get(m) ?? { activities: 0, attendances: 0 };
		month.activities++;
		month.attendances += a.n;
		months.set(m, month);
	}

	// Distinct people reached, per organizing unit.
	const reached = await selectRows<{ unit_id: number; user_id: number }>(db, sql`
		select distinct a.unit_id, ${METRICS.reached.distinct} as user_id
		from ${METRICS.reached.from}
		where ${METRICS.reached.where(scope)}`);
	for (const r of reached) {
		total.reached.add(r.user_id);
		accFor(r.unit_id).reached.add(r.user_id);
	}

	const members = await selectRows<{ id: number; org_unit_id: number }>(db, sql`
		select u.id, u.org_unit_id from ${METRICS.members.from} where ${METRICS.members.where(scope)}`);
	for (const m of members) {
		total.members.add(m.id);
		accFor(m.org_unit_id).members.add(m.id);
	}

	// Own learning, by the person's current unit. Hours follow 我的学习 (learning/progress.ts).
	const checkins = await selectRows<{ org_unit_id: number; n: number; ms: number }>(db, sql`
		select u.org_unit_id, count(*) as n, sum(${HOURS.readingMs}) as ms
		from ${METRICS.checkins.from}
		where ${METRICS.checkins.where(scope)}
		group by u.org_unit_id`);
	for (const r of checkins) {
		for (const acc of [total, accFor(r.org_unit_id)]) {
			acc.checkins += r.n;
			acc.onlineSeconds += r.ms / 1000;
		}
	}

	const attempts = await selectRows<{ org_unit_id: number; n: number; score: number; ms: number }>(db, sql`
		select u.org_unit_id, count(*) as n, sum(q.score) as score, sum(${HOURS.quizMs}) as ms
		from ${METRICS.quizzes.from}
		where ${METRICS.quizzes.where(scope)}
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
		from ${METRICS.completions.from}
		where ${METRICS.completions.where(scope)}
		group by u.org_unit_id`);
	for (const r of completions) {
		total.courseCompletions += r.n;
		accFor(r.org_unit_id).courseCompletions += r.n;
	}

	for (const r of await pledgeWritingCounts(db, subtree, scope.t0, scope.t1)) {
		for (const acc of [total, accFor(r.unitId)]) {
			for (const [k, n] of Object.entries(r.pledges) as [PledgeKind, number][]) acc.pledgesByKind[k] = (acc.pledgesByKind[k] ?? 0) + n;
			for (const [k, n] of Object.entries(r.writings) as [WritingKind, number][]) acc.writingsByKind[k] = (acc.writingsByKind[k] ?? 0) + n;
		}
	}

	for (const r of await examCounts(db, subtree, scope.t0, scope.t1)) {
		for (const acc of [total, accFor(r.unitId)]) {
			acc.exams += r.exams;
			acc.examSittings += r.sittings;
			acc.examTakers += r.takers;
			acc.examPassers += r.passers;
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
		writingKinds: WRITING_KINDS.filter((k) => (totalFigures.writingsByKind[k] ?? 0) > 0)
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
