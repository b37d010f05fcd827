import { sql, type SQL } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';

import { monthKey } from '../../time.ts';
import { periodBounds } from './period.ts';
import { compareUnits } from '../org/collation.ts';
import { HOURS, METRICS, memberCondition, subtreeUnits, type MetricScope } from './metrics.ts';
import { dayNumber, dayStartMs, monthOfDay, monthStartDay, refreshReportRollups, yearOfDay, yearStartMs } from './rollups.ts';
import { ACTIVITY_KINDS, WRITING_KINDS, type ActivityKind, type PledgeKind, type WritingKind } from '../../vocabulary.ts';
import { pledgeWritingCounts } from './pledges-writings.ts';
import { campaignFigures, type CampaignFigure } from './campaigns.ts';
import { examCounts } from './exams.ts';

// The "X 次 / Y 人次" report. Every figure is an aggregate over event rows, computed here and
// nowhere else; the page, the exports and the drafted summary all read the same Report object.
// What counts where (activities by organizing unit, own learning by the person's unit now,
// members, hours) is defined once in metrics.ts, which the drill-down (records.ts) shares.
// Members who took part: participation rate = members who took part in at least one activity
// of the subtree / members.
// Campaigns: how many of its actions each responsible unit in the subtree had done by the end
// of the period (reports/campaigns.ts, from the same matrix as the campaign page).

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
	exams: number;
	examSittings: number;
	examTakers: number;
	examPassers: number;
	/** People counted in SQL (from the roll-ups) instead of the sets above. */
	counts?: { reached: number; members: number; reachedMembers: number };
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
	if (acc.counts) reachedMembers = acc.counts.reachedMembers;
	else for (const id of acc.members) if (acc.reached.has(id)) reachedMembers++;
	const reached = acc.counts?.reached ?? acc.reached.size;
	const members = acc.counts?.members ?? acc.members.size;
	const offlineHours = round1(acc.offlineSeconds / 3600);
	const onlineHours = round1(acc.onlineSeconds / 3600);
	return {
		activities: acc.activities,
		byKind: acc.byKind,
		attendances: acc.attendances,
		reached,
		members,
		reachedMembers,
		rate: percent(reachedMembers, members),
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

/**
 * Computes the report for a unit subtree and a period (dates included, China time). By default
 * from the roll-ups (rollups.ts), brought up to date first; `{ from: 'rows' }` computes every
 * figure from the event rows themselves (the roll-ups' test compares the two).
 */
export async function computeReport(db: DB, input: { unitId: number; from: string; to: string }, options: { from?: 'rollups' | 'rows' } = {}): Promise<Report> {
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

	if (options.from === 'rows') await figuresFromRows(db, scope, total, accFor, months);
	else await figuresFromRollups(db, scope, buckets, total, accFor, accs, months);

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
		writingKinds: WRITING_KINDS.filter((k) => (totalFigures.writingsByKind[k] ?? 0) > 0),
		campaigns: await campaignFigures(db, { unitPath: root.path, from: scope.t0, to: scope.t1 })
	};
}

type Months = Map<string, { activities: number; attendances: number }>;

/** The figures other than pledges and writings, from the roll-ups (what they sum is said in rollups.ts). */
async function figuresFromRollups(
	db: DB,
	scope: MetricScope,
	buckets: NonNullable<Awaited<ReturnType<typeof reportBuckets>>>,
	total: Acc,
	accFor: (unitId: number) => Acc,
	accs: Map<number, Acc>,
	months: Months
) {
	await refreshReportRollups(db);
	const d0 = dayNumber(scope.t0);
	const d1 = dayNumber(scope.t1);
	const units = scope.activityUnits;

	// Activities: one row each, for 次 by kind and by month; their 人次 and hours come from the roll-ups.
	const acts = await selectRows<{ kind: ActivityKind; unit_id: number; starts_at: number }>(db, sql`
		select a.kind, a.unit_id, a.starts_at from ${METRICS.activities.from} where ${METRICS.activities.where(scope)}`);
	for (const a of acts) {
		for (const acc of [total, accFor(a.unit_id)]) {
			acc.activities++;
			acc.byKind[a.kind] = (acc.byKind[a.kind] ?? 0) + 1;
		}
		const m = monthKey(new Date(a.starts_at));
		const month = months.get(m) ?? { activities: 0, attendances: 0 };
		month.activities++;
		months.set(m, month);
	}

	// 人次, hours and own learning: whole months from report_monthly, the days before and after them from report_daily.
	const mA = monthOfDay(d0) + (monthStartDay(monthOfDay(d0)) === d0 ? 0 : 1);
	const mB = Math.max(mA, monthOfDay(d1));
	const [h1, t0] = mA < mB ? [monthStartDay(mA), monthStartDay(mB)] : [d1, d1];
	const dailyRows = sql`report_daily where ((day >= ${d0} and day < ${h1}) or (day >= ${t0} and day < ${d1})) and unit_id in ${units}`;
	const monthlyRows = sql`report_monthly where month >= ${mA} and month < ${mB} and unit_id in ${units}`;
	const sumColumns = sql.raw('unit_id, attendances, offline_ms, checkins, reading_ms, quizzes, quiz_score, quiz_ms, completions');
	const sums = await selectRows<{ unit_id: number; att: number; off_ms: number; chk: number; read_ms: number; qz: number; q_score: number; q_ms: number; cmp: number }>(db, sql`
		select unit_id, sum(attendances) as att, sum(offline_ms) as off_ms, sum(checkins) as chk, sum(reading_ms) as read_ms,
		       sum(quizzes) as qz, sum(quiz_score) as q_score, sum(quiz_ms) as q_ms, sum(completions) as cmp
		from (select ${sumColumns} from ${monthlyRows} union all select ${sumColumns} from ${dailyRows}) x
		group by unit_id`);
	for (const r of sums) {
		for (const acc of [total, accFor(r.unit_id)]) {
			acc.attendances += Number(r.att);
			acc.offlineSeconds += Number(r.off_ms) / 1000;
			acc.checkins += Number(r.chk);
			acc.quizAttempts += Number(r.qz);
			acc.quizScoreSum += Number(r.q_score);
			acc.onlineSeconds += (Number(r.read_ms) + Number(r.q_ms)) / 1000;
			acc.courseCompletions += Number(r.cmp);
		}
	}
	const addMonth = (m: string, attendances: number) => {
		const month = months.get(m) ?? { activities: 0, attendances: 0 };
		month.attendances += attendances;
		months.set(m, month);
	};
	for (const r of await selectRows<{ month: number; att: number }>(db, sql`select month, sum(attendances) as att from ${monthlyRows} group by month`)) {
		addMonth(monthKey(new Date(dayStartMs(monthStartDay(Number(r.month))))), Number(r.att));
	}
	for (const r of await selectRows<{ day: number; att: number }>(db, sql`select day, sum(attendances) as att from ${dailyRows} group by day`)) {
		addMonth(monthKey(new Date(dayStartMs(Number(r.day)))), Number(r.att));
	}

	// Members, by unit; people reached and members reached, per row and in all, from report_reach:
	// one query per row (the unit itself, or a child's subtree) and one for the whole subtree. (One
	// query for all rows, joining each unit to its row, was 9× slower over bench:report's 10 M events.)
	const members = await selectRows<{ org_unit_id: number; n: number }>(db, sql`
		select u.org_unit_id, count(*) as n from ${METRICS.members.from} where ${METRICS.members.where(scope)} group by u.org_unit_id`);
	const memberCounts = new Map<number, number>();
	for (const m of members) {
		const bucket = buckets.bucketOf.get(m.org_unit_id)!;
		memberCounts.set(bucket, (memberCounts.get(bucket) ?? 0) + Number(m.n));
	}
	const reachIn = reachCondition(scope.t0, scope.t1);
	const people = async (bucketUnits: SQL) =>
		(await selectRow<{ reached: number; reached_members: number }>(db, sql`
			select count(*) as reached, count(u.id) as reached_members
			from (select distinct x.user_id from report_reach x where x.unit_id in ${bucketUnits} and ${reachIn}) r
			left join users u on u.id = r.user_id and ${memberCondition(bucketUnits)}`))!;
	for (const [bucket, acc] of accs) {
		const r = await people(bucket === buckets.root.id ? sql`(${bucket})` : subtreeUnits(buckets.children.find((c) => c.id === bucket)!.path));
		acc.counts = { reached: Number(r.reached), members: memberCounts.get(bucket) ?? 0, reachedMembers: Number(r.reached_members) };
	}
	const all = await people(units);
	total.counts = { reached: Number(all.reached), members: [...memberCounts.values()].reduce((a, b) => a + b, 0), reachedMembers: Number(all.reached_members) };
}

/** report_reach rows (alias x) with a day of the period [t0, t1): per year, a mask of each 32-day column. */
function reachCondition(t0: number, t1: number): SQL {
	const first = dayNumber(t0);
	const last = dayNumber(t1) - 1;
	const years: SQL[] = [];
	for (let year = yearOfDay(first); year <= yearOfDay(last); year++) {
		const y0 = dayNumber(yearStartMs(year));
		const f = Math.max(first, y0) - y0;
		const t = Math.min(last, dayNumber(yearStartMs(year + 1)) - 1) - y0;
		const columns: string[] = [];
		for (let c = 0; c < 12; c++) {
			const lo = Math.max(f, c * 32) - c * 32;
			const hi = Math.min(t, c * 32 + 31) - c * 32;
			if (lo > hi) continue;
			columns.push(lo === 0 && hi === 31 ? `x.b${c} <> 0` : `(x.b${c} & ${2 ** (hi + 1) - 2 ** lo}) <> 0`);
		}
		if (columns.length) years.push(sql.raw(`(x.year = ${year} and (${columns.join(' or ')}))`));
	}
	return years.length ? sql`(${sql.join(years, sql` or `)})` : sql`1 = 0`;
}

/** The figures other than pledges and writings, from the event rows. */
async function figuresFromRows(db: DB, scope: MetricScope, total: Acc, accFor: (unitId: number) => Acc, months: Months) {

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
