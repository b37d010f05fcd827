import ExcelJS from 'exceljs';
import { neutralize, type Cell, type Column } from './csv.ts';

export type Sheet = {
	name: string;
	columns: Column[];
	rows: Record<string, Cell>[];
	/** Lines written below the table (e.g. the unit, the period, the drafted summary). */
	notes?: string[];
	/** Bold rows (e.g. a 合计 row), by index into rows. */
	boldRows?: number[];
};

/** An .xlsx workbook: each sheet starts with a bold header row, then one row per record. */
export async function workbook(sheets: Sheet[]): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '清风学堂';
	wb.created = new Date();
	for (const sheet of sheets) {
		const ws = wb.addWorksheet(sheet.name.slice(0, 31));
		ws.columns = sheet.columns.map((c) => ({ header: c.label, key: c.key, width: Math.min(40, Math.max(10, c.label.length * 2 + 2)) }));
		ws.getRow(1).font = { bold: true };
		ws.views = [{ state: 'frozen', ySplit: 1 }];
		for (const row of sheet.rows) {
			const values: Record<string, Cell> = {};
			for (const c of sheet.columns) {
				const v = row[c.key];
				values[c.key] = typeof v === 'string' ? neutralize(v) : v;
			}
			ws.addRow(values);
		}
		for (const i of sheet.boldRows ?? []) ws.getRow(i + 2).font = { bold: true };
		if (sheet.notes?.length) {
			ws.addRow([]);
			for (const note of sheet.notes) ws.addRow([note]);
		}
	}
	const buffer = await wb.xlsx.writeBuffer();
	return Buffer.from(buffer as ArrayBuffer);
}
