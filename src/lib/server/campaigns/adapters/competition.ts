import { sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import { COMPETITION_STATUS_LABELS, type CompetitionStatus } from '../../../vocabulary.ts';
import type { CampaignAdapter, RecordFacts } from '../types.ts';
import { groupByRecord, inList, ms, quoted } from './common.ts';

// Live competitions: held once ended (when the competition is recorded as a 知识竞赛 activity);
// who took part = that activity's attendances (one per player with an account).

export const competitionAdapter: CampaignAdapter = {
	kind: 'competition',
	measure: () => '人次',
	createPath: '/org/competitions/new',
	countsFrom: 'record',
	waiting: '无人参赛',

	async linkable(db, q) {
		if (!q.unitIds.length) return [];
		const rows = await selectRows<{ id: number; title: string; unit_name: string; at: number }>(db, sql`
			select c.id, c.title, o.name as unit_name, coalesce(c.started_at, c.created_at) as at
			from competitions c join org_units o on o.id = c.org_unit_id
			where c.org_unit_id in ${inList(q.unitIds)} and coalesce(c.started_at, c.created_at) >= ${q.from} and coalesce(c.started_at, c.created_at) < ${q.to}
			order by at desc, c.id desc limit 200`);
		return rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, at: ms(r.at), subKind: null }));
	},

	async facts(db, ids) {
		if (!ids.length) return [];
		const rows = await selectRows<{ id: number; title: string; unit_id: number; path: string; unit_name: string; at: number; status: CompetitionStatus; activity_id: number | null; cancelled_at: number | null }>(db, sql`
			select c.id, c.title, c.org_unit_id as unit_id, o.path, o.name as unit_name, coalesce(c.started_at, c.created_at) as at, c.status, c.activity_id, a.cancelled_at
			from competitions c join org_units o on o.id = c.org_unit_id left join activities a on a.id = c.activity_id
			where c.id in ${inList(ids)}`);
		const activityIds = rows.map((r) => r.activity_id).filter((id): id is number => id !== null);
		const players = activityIds.length
			? groupByRecord(
					await selectRows<{ record_id: number; user_id: number; unit_id: number | null; path: string | null; starts_at: number; done_at: number }>(db, sql`
						select c.id as record_id, t.user_id, t.member_unit_id as unit_id, mu.path, a.starts_at, t.at as done_at
						from competitions c join activities a on a.id = c.activity_id join attendances t on t.activity_id = a.id
						left join org_units mu on mu.id = t.member_unit_id
						where c.id in ${inList(ids)}`),
					(r) => ({ userId: r.user_id, unitId: r.unit_id, unitPath: r.path, at: ms(r.starts_at), doneAt: ms(r.done_at), note: '参赛' })
				)
			: new Map();
		return rows.map((r): RecordFacts => {
			const state = r.cancelled_at !== null ? 'void' : r.status === 'ended' && r.activity_id !== null ? 'held' : 'pending';
			return {
				id: r.id,
				title: r.title,
				unitId: r.unit_id,
				unitPath: r.path,
				unitName: r.unit_name,
				at: ms(r.at),
				subKind: null,
				state,
				stateNote: state === 'void' ? '竞赛活动记录已取消' : state === 'pending' ? `竞赛${COMPETITION_STATUS_LABELS[r.status]}` : '',
				participants: players.get(r.id) ?? [],
				href: `/org/competitions/${r.id}`,
				photoIds: [],
				detail: COMPETITION_STATUS_LABELS[r.status]
			};
		});
	},

	phrase(record, count) {
		return `举办知识竞赛${quoted(record.title)}，参加${count}人次`;
	}
};
