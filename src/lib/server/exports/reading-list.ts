import { formatDateTime } from '../../time.ts';
import { type PersonProgress } from '../reading-lists/progress.ts';
import type { ReadingListDetail } from '../reading-lists/reading-lists.ts';
import type { Column, Cell } from './csv.ts';
import { toCsv } from './csv.ts';
import { workbook } from './xlsx.ts';
import { PROGRESS_LABELS } from '../../vocabulary.ts';

// The list of people an organizer chases up: who has not finished a reading list yet.

const COLUMNS: Column[] = [
	{ key: 'name', label: '姓名' },
	{ key: 'username', label: '用户名' },
	{ key: 'unit', label: '所属单位' },
	{ key: 'leader', label: '领导干部' },
	{ key: 'progress', label: '已完成/应完成（项）' },
	{ key: 'status', label: '状态' },
	{ key: 'completedAt', label: '完成时间' }
];

function rows(people: PersonProgress[]): Record<string, Cell>[] {
	return people.map((p) => ({
		name: p.name,
		username: p.username,
		unit: p.unitName,
		leader: p.isLeader ? '是' : '否',
		progress: `${p.done}/${p.total}`,
		status: PROGRESS_LABELS[p.status],
		completedAt: p.completedAt ? formatDateTime(p.completedAt) : ''
	}));
}

export function readingListFileName(readingList: Pick<ReadingListDetail, 'title'>, pendingOnly: boolean, ext: 'xlsx' | 'csv'): string {
	return `${readingList.title.replace(/[\\/:*?"<>|\s]+/g, '-')}-${pendingOnly ? '未完成名单' : '完成情况'}.${ext}`;
}

export function readingListCsv(people: PersonProgress[]): string {
	return toCsv(COLUMNS, rows(people));
}

export async function readingListXlsx(readingList: ReadingListDetail, people: PersonProgress[], pendingOnly: boolean, now = new Date()): Promise<Buffer> {
	return await workbook([
		{
			name: pendingOnly ? '未完成名单' : '完成情况',
			columns: COLUMNS,
			rows: rows(people),
			notes: [`${readingList.title}（${readingList.kind}，${readingList.unitName}，${readingList.startDate} 至 ${readingList.dueDate}）`, `共 ${people.length} 人；导出时间：${formatDateTime(now)}`]
		}
	]);
}
