import { sql, type SQL } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';
import { limitOffset } from '../db/dialect.ts';

import { formatDateTime, parseLocalDate } from '../../time.ts';

import { periodBounds } from './period.ts';
import { countSql, HOURS, memberCondition, METRICS, subtreeUnits, type CountedMetric, type MetricScope } from './metrics.ts';
import { ATTENDANCE_METHOD_LABELS, type ActivityKind, type WritingKind } from '../../vocabulary.ts';
import { pledgeRecords, writingRecords } from './records-pledges-writings.ts';
import { partSummaries } from '../activities/parts.ts';

// The records behind every figure of the report, with exactly the report's conditions, so an
// organizer can defend each number: the number of rows here is the figure there.

export const RECORD_METRICS = ['activities', 'attendances', 'reached', 'members', 'checkins', 'completions', 'quizzes', 'hours', 'pledges', 'writings'] as const;
export type RecordMetric = (typeof RECORD_METRICS)[number];

export const RECORD_TITLES: Record<RecordMetric, string> = {
	activities: '组织开展的学习教育活动',
	attendances: '参与记录（人次）',
	reached: '参加过活动的人员（覆盖人数）',
	members: '现有人员及参加情况',
	checkins: '阅读打卡记录',
	completions: '课程完成记录',
	quizzes: '在线测验记录',
	hours: '学习时长（按人员）',
	pledges: '签订的承诺书和责任书',
	writings: '收到的征文与心得'
};

export type RecordQuery = {
	unitId: number;
	from: string;
	to: string;
	metric: RecordMetric;
	/** A row of the report: the unit itself (本级) or one of its child units; absent = the whole subtree. */
	row?: number;
	kind?: ActivityKind;
	/** YYYY-MM: only activities that started in this month (the chart's bars). */
	month?: string;
	/** members: only those who took part in nothing. */
	unreached?: boolean;
	/** writings: only pieces of this kind. */
	writingKind?: WritingKind;
};

export type RecordColumn = { key: string; label: string };
export type RecordRow = Record<string, string | number> & { href?: string };
export type RecordTable = { title: string; columns: RecordColumn[]; rows: RecordRow[]; total: number };

type Units = { scope: MetricScope; rowName: string | null };

/** Resolves the unit and row of a query; undefined when the row is not the unit or one of its children. */
async function resolveUnits(db: DB, q: RecordQuery): Promise<Units | undefined> {
	const root = await selectRow<{ id: number; path: string; name: string }>(db, sql`select id, path, name from org_units where id = ${q.unitId}`);
	if (!root) return undefined;
	const { start, end } = periodBounds(q);
	const within = (units: SQL, rowName: string | null): Units => ({
		scope: { activityUnits: units, peopleUnits: units, t0: start.getTime(), t1: end.getTime(), kind: q.kind, month: monthWindow(q.month) },
		rowName
	});
	if (q.row === undefined) return within(subtreeUnits(root.path), null);
	if (q.row === root.id) return within(sql`(${root.id})`, `${root.name}（本级）`);
	const child = await selectRow<{ path: string; name: string }>(db, sql`select path, name from org_units where id = ${q.row} and parent_id = ${root.id}`);
	return child ? within(subtreeUnits(child.path), child.name) : undefined;
}

/** YYYY-MM as the instants [first day, first day of the next month), China time. */
function monthWindow(month: string | undefined): { t0: number; t1: number } | undefined {
	if (!month || !/^\d{4}-\d{2}$/.test(month)) return undefined;
	const [y, m] = month.split('-').map(Number);
	const t0 = parseLocalDate(`${month}-01`)?.getTime();
	const t1 = parseLocalDate(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`)?.getTime();
	return t0 !== undefined && t1 !== undefined ? { t0, t1 } : undefined;
}

const ms = (x: number | null) => (x === null ? '' : formatDateTime(new Date(x)));
const minutes = (msValue: number) => Math.round(msValue / 6000) / 10;
const hours = (msValue: number) => Math.round(msValue / 360000) / 10;

export type Paging = { limit?: number; offset?: number };

/** The records behind one figure. `undefined` when the unit or row does not exist. */
export async function reportRecords(db: DB, q: RecordQuery, paging: Paging = {}): Promise<RecordTable | undefined> {
	const units = await resolveUnits(db, q);
	if (!units) return undefined;
	const { scope } = units;
	const limit = limitOffset(db, paging.limit, paging.offset ?? 0);
	const title = RECORD_TITLES[q.metric] + (units.rowName ? ` · ${units.rowName}` : '') + (q.kind ? ` · ${q.kind}` : '') + (q.writingKind ? ` · ${q.writingKind}` : '') + (q.month ? ` · ${q.month}` : '');
	const total = async (metric: CountedMetric, s: MetricScope = scope) => (await selectRow<{ n: number }>(db, countSql(metric, s)))!.n;
	const M = METRICS;
	const activityHref = (source: string, id: number) => (source === 'reading-list' ? `/org/reading-lists/${id}` : `/org/activities/${id}`);

	switch (q.metric) {
		case 'activities': {
			const rows = await selectRows<{ id: number; source: string; starts_at: number; kind: string; title: string; unit: string; place: string; n: number; photos: number }>(db, sql`
				select a.id, a.source, a.starts_at, a.kind, a.title, o.name as unit, a.place,
				       (select count(*) from attendances t where t.activity_id = a.id) as n,
				       (select count(*) from activity_photos p where p.activity_id = a.id) as photos
				from ${M.activities.from} join org_units o on o.id = a.unit_id
				where ${M.activities.where(scope)} order by a.starts_at, a.id ${limit}`);
			// A 主题党日 is one activity: its parts are listed with it, and count only in their own figures.
			const parts = await partSummaries(db, rows.map((r) => r.id));
			return {
				title,
				columns: cols(['date', '开始时间'], ['kind', '类别'], ['title', '名称'], ['unit', '组织单位'], ['place', '地点'], ['n', '参加人次'], ['parts', '活动环节'], ['photos', '照片（张）']),
				rows: rows.map((r) => ({
					date: ms(r.starts_at),
					kind: r.kind,
					title: r.title,
					unit: r.unit,
					place: r.place,
					n: r.n,
					parts: parts.get(r.id) ?? '',
					photos: Number(r.photos),
					href: activityHref(r.source, r.id)
				})),
				total: await total('activities')
			};
		}
		case 'attendances': {
			const rows = await selectRows<{ activity_id: number; source: string; starts_at: number; kind: string; title: string; unit: string; name: string; username: string; member_unit: string | null; method: keyof typeof ATTENDANCE_METHOD_LABELS; at: number }>(db, sql`
				select a.id as activity_id, a.source, a.starts_at, a.kind, a.title, o.name as unit, u.name, u.username,
				       mu.name as member_unit, t.method, t.at
				from ${M.attendances.from}
				join org_units o on o.id = a.unit_id
				join users u on u.id = t.user_id
				left join org_units mu on mu.id = t.member_unit_id
				where ${M.attendances.where(scope)} order by a.starts_at, a.id, u.username ${limit}`);
			return {
				title,
				columns: cols(['date', '活动时间'], ['kind', '类别'], ['title', '活动'], ['unit', '组织单位'], ['name', '姓名'], ['username', '用户名'], ['memberUnit', '当时所属单位'], ['method', '方式'], ['at', '签到/完成时间']),
				rows: rows.map((r) => ({
					date: ms(r.starts_at),
					kind: r.kind,
					title: r.title,
					unit: r.unit,
					name: r.name,
					username: r.username,
					memberUnit: r.member_unit ?? '',
					method: ATTENDANCE_METHOD_LABELS[r.method] ?? r.method,
					at: ms(r.at),
					href: activityHref(r.source, r.activity_id)
				})),
				total: await total('attendances')
			};
		}
		case 'reached': {
			const rows = await selectRows<{ name: string; username: string; unit: string; n: number; member: number }>(db, sql`
				select u.name, u.username, o.name as unit, count(*) as n,
				       case when ${memberCondition(scope.peopleUnits)} then 1 else 0 end as member
				from ${M.reached.from}
				join users u on u.id = ${M.reached.distinct}
				join org_units o on o.id = u.org_unit_id
				where ${M.reached.where(scope)}
				group by u.id, o.name, o.path order by o.path, u.username ${limit}`);
			return {
				title,
				columns: cols(['name', '姓名'], ['username', '用户名'], ['unit', '现所属单位'], ['member', '本单位现有人员'], ['n', '参加次数']),
				rows: rows.map((r) => ({ name: r.name, username: r.username, unit: r.unit, member: r.member ? '是' : '否（外单位或已调离）', n: r.n })),
				total: await total('reached')
			};
		}
		case 'members': {
			// Participations of each member in the row's counted activities (whatever their kind or month).
			const participations = sql`(select count(*) from ${M.attendances.from} where t.user_id = u.id and ${M.attendances.where(scope)})`;
			const only = q.unreached ? sql` and ${participations} = 0` : sql``;
			const rows = await selectRows<{ name: string; username: string; unit: string; n: number }>(db, sql`
				select u.name, u.username, o.name as unit, ${participations} as n
				from ${M.members.from} join org_units o on o.id = u.org_unit_id
				where ${M.members.where(scope)}${only}
				order by o.path, u.username ${limit}`);
			return {
				title: q.unreached ? `${title} · 未参加任何活动` : title,
				columns: cols(['name', '姓名'], ['username', '用户名'], ['unit', '所属单位'], ['n', '参加次数']),
				rows: rows.map((r) => ({ name: r.name, username: r.username, unit: r.unit, n: r.n })),
				total: (await selectRow<{ n: number }>(db, sql`select count(*) as n from ${M.members.from} where ${M.members.where(scope)}${only}`))!.n
			};
		}
		case 'checkins': {
			const rows = await selectRows<{ name: string; username: string; unit: string; course: string; lesson: string; signed_at: number; ms: number }>(db, sql`
				select u.name, u.username, o.name as unit, c.title as course, c.part as lesson, c.signed_at, ${HOURS.readingMs} as ms
				from ${M.checkins.from}
				join org_units o on o.id = u.org_unit_id
				where ${M.checkins.where(scope)} order by c.signed_at, u.username ${limit}`);
			return {
				title,
				columns: cols(['name', '姓名'], ['username', '用户名'], ['unit', '所属单位'], ['course', '课程/法规'], ['lesson', '课时/阅读范围'], ['at', '签名时间'], ['minutes', '计入时长（分钟）']),
				rows: rows.map((r) => ({ name: r.name, username: r.username, unit: r.unit, course: r.course, lesson: r.lesson, at: ms(r.signed_at), minutes: minutes(r.ms) })),
				total: await total('checkins')
			};
		}
		case 'completions': {
			const rows = await selectRows<{ name: string; username: string; unit: string; course: string; at: number }>(db, sql`
				select u.name, u.username, o.name as unit, co.title as course, cc.completed_at as at
				from ${M.completions.from}
				join courses co on co.id = cc.course_id
				join org_units o on o.id = u.org_unit_id
				where ${M.completions.where(scope)} order by cc.completed_at, u.username ${limit}`);
			return {
				title,
				columns: cols(['name', '姓名'], ['username', '用户名'], ['unit', '所属单位'], ['course', '课程'], ['at', '完成时间']),
				rows: rows.map((r) => ({ name: r.name, username: r.username, unit: r.unit, course: r.course, at: ms(r.at) })),
				total: await total('completions')
			};
		}
		case 'quizzes': {
			const rows = await selectRows<{ name: string; username: string; unit: string; quiz: string; at: number; score: number | null; passed: number | null; ms: number }>(db, sql`
				select u.name, u.username, o.name as unit, s.title as quiz, q.submitted_at as at, q.score, q.passed, ${HOURS.quizMs} as ms
				from ${M.quizzes.from}
				join question_sets s on s.id = q.set_id
				join org_units o on o.id = u.org_unit_id
				where ${M.quizzes.where(scope)} order by q.submitted_at, u.username ${limit}`);
			return {
				title,
				columns: cols(['name', '姓名'], ['username', '用户名'], ['unit', '所属单位'], ['quiz', '测验'], ['at', '提交时间'], ['score', '得分'], ['passed', '及格'], ['minutes', '计入时长（分钟）']),
				rows: rows.map((r) => ({ name: r.name, username: r.username, unit: r.unit, quiz: r.quiz, at: ms(r.at), score: r.score ?? 0, passed: r.passed ? '是' : '否', minutes: minutes(r.ms) })),
				total: await total('quizzes')
			};
		}
		case 'hours':
			return await hoursByPerson(db, { ...scope, kind: undefined, month: undefined }, title, paging);
		case 'pledges':
			return { title, ...(await pledgeRecords(db, scope.peopleUnits, scope.t0, scope.t1, limit)) };
		case 'writings':
			return { title, ...(await writingRecords(db, scope.peopleUnits, scope.t0, scope.t1, limit, q.writingKind)) };
	}
}

function cols(...pairs: [string, string][]): RecordColumn[] {
	return pairs.map(([key, label]) => ({ key, label }));
}

/** Hours per person: offline from the row's activities (whoever attended), online from the row's people. */
async function hoursByPerson(db: DB, scope: MetricScope, title: string, paging: Paging): Promise<RecordTable> {
	const M = METRICS;
	type Person = { id: number; name: string; username: string; unit: string; offline: number; reading: number; quiz: number };
	const byId = new Map<number, Person>();
	const person = (r: { id: number; name: string; username: string; unit: string }) => {
		let p = byId.get(r.id);
		if (!p) byId.set(r.id, (p = { ...r, offline: 0, reading: 0, quiz: 0 }));
		return p;
	};
	type Row = { id: number; name: string; username: string; unit: string; ms: number };
	const perPerson = (ms: SQL, from: SQL, where: SQL, person: SQL = sql`u`) => sql`
		select u.id, u.name, u.username, o.name as unit, sum(${ms}) as ms
		from ${from} join org_units o on o.id = ${person}.org_unit_id
		where ${where} group by u.id, o.name`;
	for (const r of await selectRows<Row>(db, perPerson(HOURS.offlineMs, sql`${M.attendances.from} join users u on u.id = t.user_id`, M.attendances.where(scope)))) {
		person(r).offline += r.ms;
	}
	for (const r of await selectRows<Row>(db, perPerson(HOURS.readingMs, M.checkins.from, M.checkins.where(scope)))) person(r).reading += r.ms;
	for (const r of await selectRows<Row>(db, perPerson(HOURS.quizMs, M.quizzes.from, M.quizzes.where(scope)))) person(r).quiz += r.ms;
	const all = [...byId.values()].sort((a, b) => b.offline + b.reading + b.quiz - (a.offline + a.reading + a.quiz) || (a.username < b.username ? -1 : 1));
	const page = all.slice(paging.offset ?? 0, paging.limit === undefined ? undefined : (paging.offset ?? 0) + paging.limit);
	return {
		title,
		columns: cols(['name', '姓名'], ['username', '用户名'], ['unit', '现所属单位'], ['offline', '线下活动（小时）'], ['reading', '阅读签名（小时）'], ['quiz', '在线测验（小时）'], ['total', '合计（小时）']),
		rows: page.map((p) => ({ name: p.name, username: p.username, unit: p.unit, offline: hours(p.offline), reading: hours(p.reading), quiz: hours(p.quiz), total: hours(p.offline + p.reading + p.quiz) })),
		total: all.length
	};
}
