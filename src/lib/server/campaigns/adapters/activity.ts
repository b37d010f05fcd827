import { sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import { ATTENDANCE_METHOD_LABELS, type ActivityKind, type AttendanceMethod } from '../../../vocabulary.ts';
import type { CampaignAdapter, RecordFacts } from '../types.ts';
import { groupByRecord, inList, ms, quoted } from './common.ts';

// Study activities (offline sessions, and live competitions once recorded as activities): held
// when started and not cancelled; who took part = the attendance rows, counted in the period the
// activity started, as the report counts 人次.

/** How the 工作总结 says what was done, by kind of activity. */
const PHRASES: Record<string, string> = {
	集中学习: '组织党员干部集中学习',
	专题党课: '讲授专题党课',
	警示教育片: '组织党员干部集中观看警示教育片',
	参观廉政教育基地: '组织党员干部参观廉政教育基地，开展',
	主题党日: '开展主题党日活动',
	谈心谈话: '开展谈心谈话',
	知识竞赛: '举办知识竞赛',
	其他: '开展'
};

type Row = { id: number; title: string; kind: ActivityKind; unit_id: number; path: string; unit_name: string; starts_at: number; cancelled_at: number | null; place: string; parts: string | null };

export const activityAdapter: CampaignAdapter = {
	kind: 'activity',
	measure: () => '人次',
	createPath: '/org/activities/new',
	countsFrom: 'record',
	waiting: '无人参加',

	async linkable(db, q) {
		if (!q.unitIds.length) return [];
		const kind = q.subKind ? sql` and a.kind = ${q.subKind}` : sql``;
		const rows = await selectRows<{ id: number; title: string; unit_name: string; starts_at: number; kind: string }>(db, sql`
			select a.id, a.title, o.name as unit_name, a.starts_at, a.kind
			from activities a join org_units o on o.id = a.unit_id
			where a.source in ('offline', 'competition') and a.cancelled_at is null and a.unit_id in ${inList(q.unitIds)}
			  and a.starts_at >= ${q.from} and a.starts_at < ${q.to}${kind}
			order by a.starts_at desc, a.id desc limit 200`);
		return rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, at: ms(r.starts_at), subKind: r.kind }));
	},

	async facts(db, ids, now) {
		if (!ids.length) return [];
		const rows = await selectRows<Row>(db, sql`
			select a.id, a.title, a.kind, a.unit_id, o.path, o.name as unit_name, a.starts_at, a.cancelled_at, a.place,
			       (select count(*) from activity_parts p where p.activity_id = a.id) as parts
			from activities a join org_units o on o.id = a.unit_id
			where a.id in ${inList(ids)} and a.source in ('offline', 'competition')`);
		const attendance = groupByRecord(
			await selectRows<{ record_id: number; user_id: number; unit_id: number | null; path: string | null; method: AttendanceMethod; starts_at: number; done_at: number }>(db, sql`
				select t.activity_id as record_id, t.user_id, t.member_unit_id as unit_id, mu.path, t.method, a.starts_at, t.at as done_at
				from attendances t join activities a on a.id = t.activity_id left join org_units mu on mu.id = t.member_unit_id
				where t.activity_id in ${inList(ids)}`),
			(r) => ({ userId: r.user_id, unitId: r.unit_id, unitPath: r.path, at: ms(r.starts_at), doneAt: ms(r.done_at), note: ATTENDANCE_METHOD_LABELS[r.method] })
		);
		const photos = new Map<number, number[]>();
		for (const p of await selectRows<{ activity_id: number; file_id: number }>(db, sql`select activity_id, file_id from activity_photos where activity_id in ${inList(ids)} order by id`)) {
			photos.set(p.activity_id, [...(photos.get(p.activity_id) ?? []), p.file_id]);
		}
		return rows.map((r): RecordFacts => {
			const startsAt = ms(r.starts_at);
			const state = r.cancelled_at !== null ? 'void' : startsAt > now ? 'pending' : 'held';
			return {
				id: r.id,
				title: r.title,
				unitId: r.unit_id,
				unitPath: r.path,
				unitName: r.unit_name,
				at: startsAt,
				subKind: r.kind,
				state,
				stateNote: state === 'void' ? '活动已取消' : state === 'pending' ? '活动尚未开始' : '',
				participants: attendance.get(r.id) ?? [],
				href: `/org/activities/${r.id}`,
				photoIds: photos.get(r.id) ?? [],
				detail: [r.kind, r.place, Number(r.parts) ? `含 ${Number(r.parts)} 个活动环节` : ''].filter(Boolean).join(' · ')
			};
		});
	},

	phrase(record, count) {
		const verb = PHRASES[record.subKind ?? '其他'] ?? PHRASES.其他;
		return `${verb}${quoted(record.title)}，参加${count}人次`;
	}
};
