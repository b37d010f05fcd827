import { sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import { chineseDate } from '../../../time.ts';
import type { CampaignAdapter, RecordFacts } from '../types.ts';
import { groupByRecord, inList, ms, quoted } from './common.ts';

// Reading lists (读书思廉, 专题学习): held once started and not cancelled; who took part = the
// people who completed it (their "完成学习任务" attendance), counted with the list's start as the
// report counts them.

export const readingListAdapter: CampaignAdapter = {
	kind: 'reading-list',
	measure: () => '人次',
	createPath: '/org/reading-lists/new',
	countsFrom: 'participation',
	waiting: '尚无人完成',

	async linkable(db, q) {
		if (!q.unitIds.length) return [];
		const kind = q.subKind ? sql` and a.kind = ${q.subKind}` : sql``;
		const rows = await selectRows<{ id: number; title: string; unit_name: string; starts_at: number; kind: string }>(db, sql`
			select a.id, a.title, o.name as unit_name, a.starts_at, a.kind
			from activities a join org_units o on o.id = a.unit_id
			where a.source = 'reading-list' and a.cancelled_at is null and a.unit_id in ${inList(q.unitIds)}
			  and a.starts_at >= ${q.from} and a.starts_at < ${q.to}${kind}
			order by a.starts_at desc, a.id desc limit 200`);
		return rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, at: ms(r.starts_at), subKind: r.kind }));
	},

	async facts(db, ids, now) {
		if (!ids.length) return [];
		const rows = await selectRows<{ id: number; title: string; kind: string; unit_id: number; path: string; unit_name: string; starts_at: number; cancelled_at: number | null; due_date: string }>(db, sql`
			select a.id, a.title, a.kind, a.unit_id, o.path, o.name as unit_name, a.starts_at, a.cancelled_at, r.due_date
			from activities a join reading_lists r on r.activity_id = a.id join org_units o on o.id = a.unit_id
			where a.id in ${inList(ids)} and a.source = 'reading-list'`);
		const done = groupByRecord(
			await selectRows<{ record_id: number; user_id: number; unit_id: number | null; path: string | null; starts_at: number; done_at: number }>(db, sql`
				select t.activity_id as record_id, t.user_id, t.member_unit_id as unit_id, mu.path, a.starts_at, t.at as done_at
				from attendances t join activities a on a.id = t.activity_id left join org_units mu on mu.id = t.member_unit_id
				where t.activity_id in ${inList(ids)}`),
			(r) => ({ userId: r.user_id, unitId: r.unit_id, unitPath: r.path, at: ms(r.starts_at), doneAt: ms(r.done_at), note: '完成学习任务' })
		);
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
				stateNote: state === 'void' ? '学习任务已取消' : state === 'pending' ? '学习任务尚未开始' : '',
				participants: done.get(r.id) ?? [],
				href: `/org/reading-lists/${r.id}`,
				photoIds: [],
				detail: `${r.kind} · 截止${chineseDate(r.due_date)}`
			};
		});
	},

	phrase(record, count) {
		return `开展${record.subKind ?? '读书思廉'}活动${quoted(record.title)}，完成学习${count}人次`;
	}
};
