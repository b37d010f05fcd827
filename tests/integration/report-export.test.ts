import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { computeReport } from '../../src/lib/server/reports/report.ts';
import { draftSummary } from '../../src/lib/server/reports/summary.ts';
import { reportCsv, reportFileName, reportXlsx } from '../../src/lib/server/exports/report.ts';
import { readingListCsv, readingListXlsx } from '../../src/lib/server/exports/reading-list.ts';
import { readingListOverview } from '../../src/lib/server/reading-lists/reading-lists.ts';
import { downloadHeaders, toCsv } from '../../src/lib/server/exports/csv.ts';
import { scopeFor } from '../../src/lib/server/org/units.ts';
import { at, buildReportFixture } from './report-fixture.ts';

const f = await buildReportFixture();
const report = await computeReport(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-06-30' });

async function readXlsx(buffer: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as unknown as ArrayBuffer);
	return wb;
}
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

describe('report exports', () => {
	it('CSV: UTF-8 with BOM, a header row, one row per unit and a 合计 row with the report’s figures', () => {
		const csv = reportCsv(report);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe(
			'单位,组织开展学习教育活动（次）,其中：集中学习（次）,其中：专题党课（次）,其中：警示教育片（次）,其中：谈心谈话（次）,其中：知识竞赛（次）,其中：读书思廉（次）,参与人次,覆盖人数,现有人数,现有人员中参加人数,参与率（%）,阅读打卡（人次）,课程完成（人次）,参加测验（人次）,测验平均分,学习时长（小时）,组织考试（次）,参加考试（人次）,考试通过率（%）,签订承诺书和责任书（份）,心得体会（篇）,廉政家书（份）'
		);
		expect(lines.slice(1)).toEqual([
			'机关党委（本级）,3,0,1,0,0,1,1,11,8,2,1,50,0,0,0,,15,1,1,100,1,0,0',
			'第一支部,2,2,0,0,0,0,0,6,6,6,4,66.7,3,0,2,75,10.9,1,4,100,4,1,2',
			'第二支部,2,0,0,1,1,0,0,5,4,4,3,75,3,2,1,100,7.3,0,1,0,1,1,0',
			'合计,7,2,1,1,1,1,1,22,10,12,8,66.7,6,2,3,83.3,33.1,2,6,80,6,2,2'
		]);
	});

	it('Excel: 汇总 with header, unit names and figures, then the underlying records on the following sheets', async () => {
		const wb = await readXlsx(await reportXlsx(f.db, report, at('2026-07-01T09:00')));
		expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '活动记录', '参与记录', '阅读打卡', '课程完成', '在线测验', '承诺书签订', '征文与心得', '系列活动']);
		// 系列活动: 4 actions for each of A and B, as in report.test.ts.
		const campaign = wb.getWorksheet('系列活动')!;
		expect(rowValues(campaign, 1)).toEqual(['系列活动方案', '责任单位', '活动项', '类别', '完成情况', '开展（次）', '参加（人次/份/篇）', '单位']);
		expect(rowValues(campaign, 2)).toEqual(['“三个一”廉政教育活动', '第一支部', '开展一次集中学习', '规定动作', '已完成', 2, 6, '人次']);
		expect(rowValues(campaign, 9)).toEqual(['“三个一”廉政教育活动', '第二支部', '撰写心得体会', '自选动作', '已完成', 1, 1, '篇']);
		const summary = wb.getWorksheet('汇总')!;
		expect(rowValues(summary, 1).slice(0, 3)).toEqual(['单位', '组织开展学习教育活动（次）', '其中：集中学习（次）']);
		expect(rowValues(summary, 2)[0]).toBe('机关党委（本级）');
		expect(rowValues(summary, 5)).toEqual(['合计', 7, 2, 1, 1, 1, 1, 1, 22, 10, 12, 8, 66.7, 6, 2, 3, 83.3, 33.1, 2, 6, 80, 6, 2, 2]);
		expect(summary.getRow(5).font?.bold).toBe(true);
		// The drafted paragraph is on the sheet too, word for word.
		const texts = summary.getColumn(1).values.filter((v): v is string => typeof v === 'string');
		expect(texts).toContain(draftSummary(report));

		const records = wb.getWorksheet('参与记录')!;
		expect(rowValues(records, 1)).toEqual(['活动时间', '类别', '活动', '组织单位', '姓名', '用户名', '当时所属单位', '方式', '签到/完成时间']);
		expect(records.rowCount).toBe(1 + 22);
		expect(wb.getWorksheet('活动记录')!.rowCount).toBe(1 + 7);
		expect(wb.getWorksheet('阅读打卡')!.rowCount).toBe(1 + 6);
		expect(wb.getWorksheet('课程完成')!.rowCount).toBe(1 + 2);
		expect(wb.getWorksheet('在线测验')!.rowCount).toBe(1 + 3);
		expect(wb.getWorksheet('承诺书签订')!.rowCount).toBe(1 + 6);
		expect(wb.getWorksheet('征文与心得')!.rowCount).toBe(1 + 4);
	});

	it('names files after the unit and the period', () => {
		expect(reportFileName(report, 'xlsx')).toBe('机关党委-学习教育统计-2026-01-01至2026-06-30.xlsx');
		const headers = downloadHeaders(reportFileName(report, 'csv'), 'text/csv; charset=utf-8');
		expect(headers['content-disposition']).toContain("filename*=UTF-8''%E6%9C%BA%E5%85%B3");
	});
});

describe('CSV safety', () => {
	it('quotes separators and defuses text Excel would run as a formula', () => {
		const csv = toCsv([{ key: 'a', label: '姓名' }, { key: 'b', label: '数' }], [{ a: '=HYPERLINK("http://x")', b: -3 }, { a: '张三, "老张"', b: 1.5 }]);
		expect(csv).toBe('\uFEFF姓名,数\r\n"\'=HYPERLINK(""http://x"")",-3\r\n"张三, ""老张""",1.5\r\n');
	});
});

describe('reading-list exports', () => {
	it('lists those not done, in Excel and CSV', async () => {
		const overview = (await readingListOverview(f.db, await scopeFor(f.db, f.organizers.organizerR), f.readingListId, 'pending', at('2026-04-15T09:00')))!;
		// Everyone in 机关党委 now (12 active people), a1 a3 b1 m have done it: 8 are left, all overdue.
		expect(overview.counts).toEqual({ total: 12, done: 4, 'in-progress': 0, 'not-started': 0, overdue: 8 });
		const csv = readingListCsv(overview.people);
		expect(csv.startsWith('\uFEFF姓名,用户名,所属单位,领导干部,已完成/应完成（项）,状态,完成时间\r\n')).toBe(true);
		expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + 8);
		expect(csv).toContain('安五,a5,第一支部,否,0/1,已逾期,');
		const wb = await readXlsx(await readingListXlsx(overview.readingList, overview.people, true));
		const ws = wb.getWorksheet('未完成名单')!;
		expect(rowValues(ws, 1)[0]).toBe('姓名');
		expect(ws.getColumn(2).values.slice(2, 10)).toEqual(['orgR', 'r1', 'a2', 'a5', 'orgA', 'a4', 'b2', 'orgB']);
	});
});
