import { formatDateTime } from '../../time.ts';
import type { LetterRow, PledgeProgress, SignerRow } from '../pledges/progress.ts';
import type { PledgeSummary } from '../pledges/pledges.ts';
import { toCsv, type Cell, type Column } from './csv.ts';
import { workbook } from './xlsx.ts';
import { PLEDGE_STATUS_LABELS } from '../../vocabulary.ts';

// Who has not signed a pledge yet (or, with all, everyone): the list an organizer chases up.

const PEOPLE: Column[] = [
	{ key: 'name', label: '姓名' },
	{ key: 'username', label: '用户名' },
	{ key: 'unit', label: '所属单位' },
	{ key: 'leader', label: '领导干部' },
	{ key: 'status', label: '状态' },
	{ key: 'version', label: '已签署的版本' },
	{ key: 'signedAt', label: '签署时间' }
];

const LETTERS: Column[] = [
	{ key: 'first', label: '甲方' },
	{ key: 'firstUsername', label: '甲方用户名' },
	{ key: 'second', label: '乙方' },
	{ key: 'secondUsername', label: '乙方用户名' },
	{ key: 'unit', label: '乙方单位' },
	{ key: 'firstSignedAt', label: '甲方签署时间' },
	{ key: 'secondSignedAt', label: '乙方签署时间' },
	{ key: 'status', label: '状态' }
];

function peopleRows(rows: SignerRow[]): Record<string, Cell>[] {
	return rows.map((r) => ({
		name: r.name,
		username: r.username,
		unit: r.unitName,
		leader: r.isLeader ? '是' : '否',
		status: PLEDGE_STATUS_LABELS[r.status],
		version: r.signedVersion ? `第 ${r.signedVersion} 版` : '',
		signedAt: formatDateTime(r.signedAt)
	}));
}

function letterRows(rows: LetterRow[]): Record<string, Cell>[] {
	return rows.map((r) => ({
		first: r.first.name,
		firstUsername: r.first.username,
		second: r.second.name,
		secondUsername: r.second.username,
		unit: r.unitName,
		firstSignedAt: formatDateTime(r.first.signedAt),
		secondSignedAt: formatDateTime(r.second.signedAt),
		status: PLEDGE_STATUS_LABELS[r.status]
	}));
}

/** Not signed the current version: nothing yet, or only an earlier version. */
export function pendingOnly(progress: PledgeProgress): PledgeProgress {
	return progress.kind === 'people' ? { kind: 'people', rows: progress.rows.filter((r) => r.status !== 'signed') } : { kind: 'letters', rows: progress.rows.filter((r) => r.status !== 'signed') };
}

function table(progress: PledgeProgress) {
	return progress.kind === 'people' ? { columns: PEOPLE, rows: peopleRows(progress.rows) } : { columns: LETTERS, rows: letterRows(progress.rows) };
}

export function pledgeExportName(pledge: Pick<PledgeSummary, 'title'>, pending: boolean, ext: 'xlsx' | 'csv'): string {
	return `${pledge.title.replace(/[\\/:*?"<>|\s]+/g, '-')}-${pending ? '未签署名单' : '签署情况'}.${ext}`;
}

export function pledgeCsv(progress: PledgeProgress): string {
	const t = table(progress);
	return toCsv(t.columns, t.rows);
}

export async function pledgeXlsx(pledge: PledgeSummary, progress: PledgeProgress, pending: boolean, now = new Date()): Promise<Buffer> {
	const t = table(progress);
	return await workbook([
		{
			name: pending ? '未签署名单' : '签署情况',
			columns: t.columns,
			rows: t.rows,
			notes: [`${pledge.version.title}（${pledge.kind}，${pledge.unitName}，第 ${pledge.version.number} 版，截止 ${pledge.dueDate}）`, `共 ${t.rows.length} ${progress.kind === 'letters' ? '份' : '人'}；导出时间：${formatDateTime(now)}`]
		}
	]);
}
