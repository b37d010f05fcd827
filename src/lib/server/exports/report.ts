import type { DB } from '../db/client.ts';
import { chineseDate, formatDateTime } from '../../time.ts';
import type { Figures, Report } from '../reports/report.ts';
import { reportRecords, RECORD_TITLES, type RecordMetric } from '../reports/records.ts';
import { draftSummary } from '../reports/summary.ts';
import { toCsv, type Cell, type Column } from './csv.ts';
import { workbook, type Sheet } from './xlsx.ts';
import { CAMPAIGN_ACTION_CATEGORY_LABELS, CAMPAIGN_CELL_STATUS_LABELS, WRITING_KIND_MEASURES } from '../../vocabulary.ts';

// The report as a table for spreadsheets: the same figures as the page, one row per unit row
// plus 合计, then (in the workbook) one sheet per kind of underlying record.

/** Rows of a records sheet beyond this are left out, with a note saying so. */
export const MAX_RECORD_ROWS = 200_000;

export function summaryColumns(report: Report): Column[] {
	return [
		{ key: 'unit', label: '单位' },
		{ key: 'activities', label: '组织开展学习教育活动（次）' },
		...report.kinds.map((k) => ({ key: `kind:${k}`, label: `其中：${k}（次）` })),
		{ key: 'attendances', label: '参与人次' },
		{ key: 'reached', label: '覆盖人数' },
		{ key: 'members', label: '现有人数' },
		{ key: 'reachedMembers', label: '现有人员中参加人数' },
		{ key: 'rate', label: '参与率（%）' },
		{ key: 'checkins', label: '阅读打卡（人次）' },
		{ key: 'courseCompletions', label: '课程完成（人次）' },
		{ key: 'quizAttempts', label: '参加测验（人次）' },
		{ key: 'quizAverage', label: '测验平均分' },
		{ key: 'hours', label: '学习时长（小时）' },
		{ key: 'exams', label: '组织考试（次）' },
		{ key: 'examSittings', label: '参加考试（人次）' },
		{ key: 'examPassRate', label: '考试通过率（%）' },
		...pledgeWritingColumns(report)
	];
}

/** 承诺书 (份) and the kinds of writing received in the period (篇 / 份 / 幅). */
function pledgeWritingColumns(report: Report): Column[] {
	return [{ key: 'pledges', label: '签订承诺书和责任书（份）' }, ...report.writingKinds.map((k) => ({ key: `writing:${k}`, label: `${k}（${WRITING_KIND_MEASURES[k]}）` }))];
}

function figureRow(name: string, f: Figures, report: Report): Record<string, Cell> {
	const row: Record<string, Cell> = {
		unit: name,
		activities: f.activities,
		attendances: f.attendances,
		reached: f.reached,
		members: f.members,
		reachedMembers: f.reachedMembers,
		rate: f.rate,
		checkins: f.checkins,
		courseCompletions: f.courseCompletions,
		quizAttempts: f.quizAttempts,
		quizAverage: f.quizAverage,
		hours: f.hours,
		exams: f.exams,
		examSittings: f.examSittings,
		examPassRate: f.examPassRate
	};
	for (const k of report.kinds) row[`kind:${k}`] = f.byKind[k] ?? 0;
	row.pledges = f.pledges;
	for (const k of report.writingKinds) row[`writing:${k}`] = f.writingsByKind[k] ?? 0;
	return row;
}

export function summaryRows(report: Report): Record<string, Cell>[] {
	return [...report.rows.map((r) => figureRow(r.name, r.figures, report)), figureRow('合计', report.total, report)];
}

export function reportTitle(report: Report): string {
	return `${report.unit.name}廉政学习教育统计（${chineseDate(report.from)}至${chineseDate(report.to)}）`;
}

export function reportFileName(report: Report, ext: 'xlsx' | 'csv'): string {
	return `${report.unit.name}-学习教育统计-${report.from}至${report.to}.${ext}`;
}

export function reportCsv(report: Report): string {
	return toCsv(summaryColumns(report), summaryRows(report));
}

const RECORD_SHEETS: RecordMetric[] = ['activities', 'attendances', 'checkins', 'completions', 'quizzes', 'pledges', 'writings'];
const SHEET_NAMES: Partial<Record<RecordMetric, string>> = { activities: '活动记录', attendances: '参与记录', checkins: '阅读打卡', completions: '课程完成', quizzes: '在线测验', pledges: '承诺书签订', writings: '征文与心得' };

export async function reportXlsx(db: DB, report: Report, now = new Date()): Promise<Buffer> {
	const rows = summaryRows(report);
	const sheets: Sheet[] = [
		{
			name: '汇总',
			columns: summaryColumns(report),
			rows,
			boldRows: [rows.length - 1],
			notes: [
				reportTitle(report),
				`统计单位：${report.unit.name}；统计区间：${report.from} 至 ${report.to}；生成时间：${formatDateTime(now)}`,
				'说明：活动及其参与人次计入组织活动的单位；阅读打卡、课程完成、测验计入本人现所属单位；承诺书、责任书和征文与心得计入签署或提交时所在单位；参与率 = 现有人员中参加过活动的人数 ÷ 现有人数。',
				draftSummary(report)
			]
		}
	];
	for (const metric of RECORD_SHEETS) {
		const table = (await reportRecords(db, { unitId: report.unit.id, from: report.from, to: report.to, metric }, { limit: MAX_RECORD_ROWS }))!;
		sheets.push({
			name: SHEET_NAMES[metric]!,
			columns: table.columns,
			rows: table.rows,
			notes: table.total > table.rows.length ? [`${RECORD_TITLES[metric]}共 ${table.total} 条，此处仅列出前 ${table.rows.length} 条。`] : undefined
		});
	}
	sheets.push(campaignSheet(report));
	return await workbook(sheets);
}

/** 系列活动: each campaign's responsible units in the subtree and their actions, as of the end of the period. */
function campaignSheet(report: Report): Sheet {
	const rows: Record<string, Cell>[] = [];
	for (const c of report.campaigns) {
		for (const u of c.units) {
			c.actions.forEach((a, i) => {
				const cell = u.cells[i];
				rows.push({ campaign: c.title, unit: u.name, action: a.title, category: CAMPAIGN_ACTION_CATEGORY_LABELS[a.category], status: CAMPAIGN_CELL_STATUS_LABELS[cell.status], times: cell.times, count: cell.count, measure: a.measure });
			});
		}
	}
	return {
		name: '系列活动',
		columns: [
			{ key: 'campaign', label: '系列活动方案' },
			{ key: 'unit', label: '责任单位' },
			{ key: 'action', label: '活动项' },
			{ key: 'category', label: '类别' },
			{ key: 'status', label: '完成情况' },
			{ key: 'times', label: '开展（次）' },
			{ key: 'count', label: '参加（人次/份/篇）' },
			{ key: 'measure', label: '单位' }
		],
		rows,
		notes: [`完成情况截至${chineseDate(report.to)}（或今天，如统计区间尚未结束），与系列活动页面的计算相同。`]
	};
}
