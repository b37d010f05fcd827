import { sql } from 'drizzle-orm';
import { selectRows } from '../../db/client.ts';
import { chineseDate } from '../../../time.ts';
import { STANDING_LABELS, WRITING_KIND_MEASURES, WRITING_KINDS, type SubmissionStatus, type WritingKind } from '../../../vocabulary.ts';
import type { CampaignAdapter, RecordFacts } from '../types.ts';
import { groupByRecord, inList, ms, quoted } from './common.ts';

// Writing collections: held once published; who took part = the pieces the report counts (handed in
// and not withdrawn or returned), at their latest hand-in, in the author's unit then.

const isWritingKind = (k: string | null): k is WritingKind => (WRITING_KINDS as readonly (string | null)[]).includes(k);

export const writingAdapter: CampaignAdapter = {
	kind: 'writing',
	measure: (subKind) => (isWritingKind(subKind) ? WRITING_KIND_MEASURES[subKind] : '篇'),
	createPath: '/org/writings/new',
	countsFrom: 'participation',
	waiting: '尚未收到作品',

	async linkable(db, q) {
		if (!q.unitIds.length) return [];
		const kind = q.subKind ? sql` and c.kind = ${q.subKind}` : sql``;
		const rows = await selectRows<{ id: number; title: string; unit_name: string; created_at: number; kind: string }>(db, sql`
			select c.id, c.title, o.name as unit_name, c.created_at, c.kind
			from writing_collections c join org_units o on o.id = c.unit_id
			where c.unit_id in ${inList(q.unitIds)} and c.created_at >= ${q.from} and c.created_at < ${q.to}${kind}
			order by c.created_at desc, c.id desc limit 200`);
		return rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, at: ms(r.created_at), subKind: r.kind }));
	},

	async facts(db, ids) {
		if (!ids.length) return [];
		const rows = await selectRows<{ id: number; title: string; kind: WritingKind; unit_id: number; path: string; unit_name: string; created_at: number; due_date: string }>(db, sql`
			select c.id, c.title, c.kind, c.unit_id, o.path, o.name as unit_name, c.created_at, c.due_date
			from writing_collections c join org_units o on o.id = c.unit_id
			where c.id in ${inList(ids)}`);
		const pieces = groupByRecord(
			await selectRows<{ record_id: number; user_id: number; unit_id: number | null; path: string | null; submitted_at: number; status: SubmissionStatus }>(db, sql`
				select w.collection_id as record_id, w.user_id, w.unit_id, o.path, w.submitted_at, w.status
				from writing_submissions w left join org_units o on o.id = w.unit_id
				where w.collection_id in ${inList(ids)} and w.status in ('submitted', 'accepted') and w.submitted_at is not null
				order by w.submitted_at`),
			(r) => ({ userId: r.user_id, unitId: r.unit_id, unitPath: r.path, at: ms(r.submitted_at), doneAt: ms(r.submitted_at), note: STANDING_LABELS[r.status] })
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
			participants: pieces.get(r.id) ?? [],
			href: `/org/writings/${r.id}`,
			photoIds: [],
			detail: `${r.kind} · 截止${chineseDate(r.due_date)}`
		}));
	},

	phrase(record, count) {
		const kind = isWritingKind(record.subKind) ? record.subKind : '其他';
		return `开展${quoted(record.title)}征集活动，收到${kind === '其他' ? '作品' : kind}${count}${WRITING_KIND_MEASURES[kind]}`;
	}
};
