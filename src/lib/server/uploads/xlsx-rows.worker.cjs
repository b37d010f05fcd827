// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- run as a CommonJS eval worker */
// Reads the first non-empty sheet of an .xlsx into rows of cell text, in a worker thread (see
// worker.ts). workerData: { modules: { exceljs: path }, input: { bytes: Uint8Array, maxRows } }.
// Posts a SheetReadResult (spreadsheet.ts). This file is bundled as text and run as an eval
// worker, so it is CommonJS and loads exceljs from the path the app resolved for it.
const { parentPort, workerData } = require('node:worker_threads');
/** @type {typeof import('exceljs')} */
const ExcelJS = require(workerData.modules.exceljs);

/** @param {import('exceljs').Cell} cell */
function cellText(cell) {
	const value = cell.value;
	if (value === null || value === undefined) return '';
	// Numbers are read from the value, not the formatted text, so a 工号 like 20260001 stays whole.
	if (typeof value === 'number') return String(value);
	return (cell.text ?? '').trim();
}

/** @param {{ bytes: Uint8Array, maxRows: number }} input */
async function read({ bytes, maxRows }) {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(/** @type {ArrayBuffer} */ (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
	} catch {
		return { ok: false, problem: 'damaged' };
	}
	const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0) ?? workbook.worksheets[0];
	if (!sheet) return { ok: false, problem: 'no-sheet' };
	if (sheet.actualRowCount > maxRows) return { ok: false, problem: 'too-many-rows', rowCount: sheet.actualRowCount };
	/** @type {{ row: number, cells: string[] }[]} */
	const rows = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		/** @type {string[]} */
		const cells = [];
		row.eachCell({ includeEmpty: true }, (cell, col) => {
			cells[col - 1] = cellText(cell);
		});
		const filled = Array.from(cells, (c) => c ?? '');
		if (filled.some((c) => c !== '')) rows.push({ row: rowNumber, cells: filled });
	});
	return { ok: true, rows };
}

read(workerData.input).then((result) => parentPort?.postMessage(result));
