import { sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import type { CampaignAdapter, RecordFacts } from '../types.ts';
import { groupByRecord, inList, ms, quoted } from './common.ts';

// Exams (任前廉政考试, annual 党规党纪 exams, 补考): held once they open, as the report counts
// 考试（次） for the organizing unit; who took part = the closed sittings, each counted for the
// unit the person was in when they started it and at its close, as the report counts 人次.

export const examAdapter: CampaignAdapter = {
	kind: 'exam',
	measure: () => '人次',
	createPath: '/org/exams/new',
	countsFrom: 'record',
	waiting: '尚无人参加考试',

	async linkable(db, q) {
		if (!q.unitIds.length) return [];
		const rows = await selectRows<{ id: number; title: string; unit_name: string; opens_at: number }>(db, sql`
			select e.id, e.title, o.name as unit_name, e.opens_at
			from exams e join org_units o on o.id = e.unit_id
			where e.unit_id in ${inList(q.unitIds)} and e.opens_at >= ${q.from} and e.opens_at < ${q.to}
			order by e.opens_at desc, e.id desc limit 200`);
		return rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, at: ms(r.opens_at), subKind: null }));
	},

	async facts(db, ids, now) {
		if (!ids.length) return [];
		const rows = await selectRows<{ id: number; title: string; unit_id: number; path: string; unit_name: string; opens_at: number; closes_at: number; makeup_of: number | null }>(db, sql`
			select e.id, e.title, e.unit_id, o.path, o.name as unit_name, e.opens_at, e.closes_at, e.makeup_of
			from exams e join org_units o on o.id = e.unit_id
			where e.id in ${inList(ids)}`);
		const sittings = groupByRecord(
			await selectRows<{ record_id: number; user_id: number; unit_id: number | null; path: string | null; closed_at: number; passed: boolean | number | null }>(db, sql`
				select t.exam_id as record_id, t.user_id, t.unit_id, u.path, t.closed_at, t.passed
				from exam_attempts t left join org_units u on u.id = t.unit_id
				where t.exam_id in ${inList(ids)} and t.closed_at is not null
				order by t.closed_at, t.id`),
			(r) => ({ userId: r.user_id, unitId: r.unit_id, unitPath: r.path, at: ms(r.closed_at), doneAt: ms(r.closed_at), note: r.passed ? '合格' : '不合格' })
		);
		return rows.map((r): RecordFacts => {
			const held = ms(r.opens_at) <= now;
			return {
				id: r.id,
				title: r.title,
				unitId: r.unit_id,
				unitPath: r.path,
				unitName: r.unit_name,
				at: ms(r.opens_at),
				subKind: null,
				state: held ? 'held' : 'pending',
				stateNote: held ? '' : '考试尚未开始',
				participants: sittings.get(r.id) ?? [],
				href: `/org/exams/${r.id}`,
				photoIds: [],
				detail: r.makeup_of !== null ? '补考' : ''
			};
		});
	},

	phrase(record, count) {
		return `组织廉政考试${quoted(record.title)}，参加考试${count}人次`;
	}
};
