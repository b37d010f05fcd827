import { sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import { chineseDate } from '../../../time.ts';
import { commitmentCopies, letterCopies } from '../../reports/pledges-writings.ts';
import type { CampaignAdapter, RecordFacts } from '../types.ts';
import { groupByRecord, inList, ms, quoted } from './common.ts';

// Pledges: held once published; who took part = the copies the report counts (reports/
// pledges-writings.ts): a 承诺书 signer at their first signature, a 责任书 letter's 乙方 once both
// parties have signed, each in the unit they were in when signing.

const ALL_UNITS = sql`(select id from org_units)`;
const EVER = Number.MAX_SAFE_INTEGER;

export const pledgeAdapter: CampaignAdapter = {
	kind: 'pledge',
	measure: () => '份',
	createPath: '/org/pledges/new',
	countsFrom: 'participation',
	waiting: '尚无人签署',

	async linkable(db, q) {
		if (!q.unitIds.length) return [];
		const kind = q.subKind ? sql` and p.kind = ${q.subKind}` : sql``;
		const rows = await selectRows<{ id: number; title: string; unit_name: string; created_at: number; kind: string }>(db, sql`
			select p.id, p.title, o.name as unit_name, p.created_at, p.kind
			from pledges p join org_units o on o.id = p.unit_id
			where p.unit_id in ${inList(q.unitIds)} and p.created_at >= ${q.from} and p.created_at < ${q.to}${kind}
			order by p.created_at desc, p.id desc limit 200`);
		return rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, at: ms(r.created_at), subKind: r.kind }));
	},

	async facts(db, ids) {
		if (!ids.length) return [];
		const rows = await selectRows<{ id: number; title: string; kind: string; unit_id: number; path: string; unit_name: string; created_at: number; due_date: string }>(db, sql`
			select p.id, p.title, p.kind, p.unit_id, o.path, o.name as unit_name, p.created_at, p.due_date
			from pledges p join org_units o on o.id = p.unit_id
			where p.id in ${inList(ids)}`);
		const copies = groupByRecord(
			await selectRows<{ record_id: number; user_id: number; unit_id: number | null; path: string | null; at: number; kind: string }>(db, sql`
				select x.pledge_id as record_id, x.user_id, x.unit_id, o.path, x.at, '承诺书' as kind from (${commitmentCopies(ALL_UNITS, 0, EVER)}) x left join org_units o on o.id = x.unit_id where x.pledge_id in ${inList(ids)}
				union all
				select x.pledge_id as record_id, x.user_id, x.unit_id, o.path, x.at, '责任书' as kind from (${letterCopies(ALL_UNITS, 0, EVER)}) x left join org_units o on o.id = x.unit_id where x.pledge_id in ${inList(ids)}`),
			(r) => ({ userId: r.user_id, unitId: r.unit_id, unitPath: r.path, at: ms(r.at), doneAt: ms(r.at), note: r.kind === '承诺书' ? '已签署' : '双方已签署' })
		);
		return rows.map((r): RecordFacts => ({
			id: r.id,
			title: r.title,
			unitId: r.unit_id,
			unitPath: r.path,
			unitName: r.unit_name,
			at: ms(r.created_at),
			subKind: r.kind,
			state: 'held',
			stateNote: '',
			participants: (copies.get(r.id) ?? []).sort((a, b) => a.at - b.at),
			href: `/org/pledges/${r.id}`,
			photoIds: [],
			detail: `${r.kind} · 截止${chineseDate(r.due_date)}`
		}));
	},

	phrase(record, count) {
		return `组织签订${quoted(record.title)}${count}份`;
	}
};
