import { formatDateTime } from '../activities/time.ts';
import { STATUS_LABELS, type PersonProgress } from '../assignments/progress.ts';
import type { AssignmentDetail } from '../assignments/assignments.ts';
import type { Column, Cell } from './csv.ts';
import { toCsv } from './csv.ts';
import { workbook } from './xlsx.ts';

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
		status: STATUS_LABELS[p.status],
		completedAt: p.completedAt ? formatDateTime(p.completedAt) : ''
	}));
}

export function assignmentFileName(assignment: Pick<AssignmentDetail, 'title'>, pendingOnly: boolean, ext: 'xlsx' | 'csv'): string {
	return `${assignment.title.replace(/[\\/:*?"<>|\s]+/g, '-')}-${pendingOnly ? '未完成名单' : '完成情况'}.${ext}`;
}

export function assignmentCsv(people: PersonProgress[]): string {
	return toCsv(COLUMNS, rows(people));
}

export async function assignmentXlsx(assignment: AssignmentDetail, people: PersonProgress[], pendingOnly: boolean, now = new Date()): Promise<Buffer> {
	return await workbook([
		{
			name: pendingOnly ? '未完成名单' : '完成情况',
			columns: COLUMNS,
			rows: rows(people),
			notes: [`${assignment.title}（${assignment.kind}，${assignment.unitName}，${assignment.startDate} 至 ${assignment.dueDate}）`, `共 ${people.length} 人；导出时间：${formatDateTime(now)}`]
		}
	]);
}
