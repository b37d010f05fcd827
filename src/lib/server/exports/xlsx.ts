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
	/** Pictures placed in a cell (photo thumbnails): the row (index into rows) is made tall enough. */
	images?: { row: number; column: string; jpeg: Buffer; width: number; height: number }[];
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
		for (const image of sheet.images ?? []) {
			const col = sheet.columns.findIndex((c) => c.key === image.column);
			if (col < 0) continue;
			const id = wb.addImage({ buffer: image.jpeg as unknown as ExcelJS.Buffer, extension: 'jpeg' });
			ws.addImage(id, { tl: { col, row: image.row + 1 }, ext: { width: image.width, height: image.height } });
			// Heights are in points (3/4 of a pixel), widths in characters (about 7 pixels).
			const row = ws.getRow(image.row + 2);
			row.height = Math.max(row.height ?? 15, image.height * 0.75 + 6);
			const column = ws.getColumn(col + 1);
			column.width = Math.max(column.width ?? 10, image.width / 7 + 2);
		}
		if (sheet.notes?.length) {
			ws.addRow([]);
			for (const note of sheet.notes) ws.addRow([note]);
		}
	}
	const buffer = await wb.xlsx.writeBuffer();
	return Buffer.from(buffer as ArrayBuffer);
}
