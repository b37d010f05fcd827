import { sql, type SQL } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';
import { formatDateTime } from '../../time.ts';
import { commitmentCopies, letterCopies, writingCondition } from './pledges-writings.ts';
import { STANDING_LABELS, WRITING_KINDS, type SubmissionStatus, type WritingKind } from '../../vocabulary.ts';

// The records behind the report's pledge and writing figures, with the same conditions
// (reports/pledges-writings.ts): the number of rows here is the figure there.

type Table = { columns: { key: string; label: string }[]; rows: (Record<string, string | number> & { href?: string })[]; total: number };

const ms = (x: number) => formatDateTime(new Date(x));
const cols = (...pairs: [string, string][]) => pairs.map(([key, label]) => ({ key, label }));

/** 承诺书 copies and 责任书 letters counted in the period, oldest first. */
export async function pledgeRecords(db: DB, units: SQL, t0: number, t1: number, limit: SQL): Promise<Table> {
	const copies = sql`(select x.*, '承诺书' as kind from (${commitmentCopies(units, t0, t1)}) x union all select y.*, '责任书' as kind from (${letterCopies(units, t0, t1)}) y)`;
	const rows = await selectRows<{ pledge_id: number; kind: string; title: string; number: number; at: number; name: string; username: string; unit: string | null; first_name: string | null }>(db, sql`
		select c.pledge_id, c.kind, v.title, v.number, c.at, u.name, u.username, o.name as unit,
		       (select fu.name from pledge_letters l join users fu on fu.id = l.first_user_id join pledge_signatures s on s.letter_id = l.id where s.id = c.id) as first_name
		from ${copies} c
		join pledge_versions v on v.id = c.version_id
		join users u on u.id = c.user_id
		left join org_units o on o.id = c.unit_id
		order by c.at, c.id ${limit}`);
	return {
		columns: cols(['at', '签订时间'], ['kind', '类别'], ['title', '标题'], ['version', '版本'], ['name', '签署人（责任书为乙方）'], ['username', '用户名'], ['unit', '当时所属单位'], ['first', '责任书甲方']),
		rows: rows.map((r) => ({ at: ms(r.at), kind: r.kind, title: r.title, version: `第 ${r.number} 版`, name: r.name, username: r.username, unit: r.unit ?? '', first: r.first_name ?? '', href: `/org/pledges/${r.pledge_id}` })),
		total: (await selectRow<{ n: number }>(db, sql`select count(*) as n from ${copies} c`))!.n
	};
}

/** Pieces received in the period (of one kind, or all), by hand-in time. */
export async function writingRecords(db: DB, units: SQL, t0: number, t1: number, limit: SQL, kind?: WritingKind): Promise<Table> {
	const only = kind && (WRITING_KINDS as readonly string[]).includes(kind) ? sql` and c.kind = ${kind}` : sql``;
	const where = sql`${writingCondition(units, t0, t1)}${only}`;
	const rows = await selectRows<{ collection_id: number; id: number; kind: string; collection: string; title: string; at: number; name: string; username: string; unit: string | null; status: SubmissionStatus; excellent: boolean | number }>(db, sql`
		select c.id as collection_id, w.id, c.kind, c.title as collection, w.title, w.submitted_at as at, u.name, u.username, o.name as unit, w.status, w.excellent
		from writing_submissions w
		join writing_collections c on c.id = w.collection_id
		join users u on u.id = w.user_id
		left join org_units o on o.id = w.unit_id
		where ${where}
		order by w.submitted_at, w.id ${limit}`);
	return {
		columns: cols(['at', '提交时间'], ['kind', '类别'], ['collection', '征集'], ['title', '标题'], ['name', '作者'], ['username', '用户名'], ['unit', '当时所属单位'], ['status', '状态'], ['excellent', '优秀']),
		rows: rows.map((r) => ({
			at: ms(r.at),
			kind: r.kind,
			collection: r.collection,
			title: r.title,
			name: r.name,
			username: r.username,
			unit: r.unit ?? '',
			status: STANDING_LABELS[r.status],
			excellent: r.excellent ? '是' : '',
			href: `/org/writings/${r.collection_id}/submissions/${r.id}`
		})),
		total: (await selectRow<{ n: number }>(db, sql`select count(*) as n from writing_submissions w join writing_collections c on c.id = w.collection_id where ${where}`))!.n
	};
}
