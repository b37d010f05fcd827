import { checkZipUpload, type ZipLimits } from './zip.ts';
import { resolvePackage, runWorker, type WorkerLimits } from './worker.ts';
import xlsxRowsWorker from './xlsx-rows.worker.cjs?raw';

// Reading the rows of an uploaded .xlsx safely: the archive is checked by its uncompressed size
// first (zip.ts), then parsed in a worker thread with its own memory and time limits (worker.ts).

/** Uncompressed limits for spreadsheets: a 20 000-row list is about 10 MB of XML. */
export const XLSX_LIMITS: ZipLimits = { maxEntries: 1000, maxEntryBytes: 100 * 1024 * 1024, maxTotalBytes: 150 * 1024 * 1024 };
const XLSX_WORKER: WorkerLimits = { timeoutMs: 60_000, maxMemoryMb: 1024 };

export type SheetRow = { row: number; cells: string[] };
export type SheetReadResult =
	| { ok: true; rows: SheetRow[] }
	| { ok: false; problem: 'damaged' | 'no-sheet' }
	| { ok: false; problem: 'too-many-rows'; rowCount: number }
	| { ok: false; problem: 'refused'; message: string };

/**
 * The first non-empty sheet's rows (cell text, row numbers as Excel shows them), or why not.
 * maxRows counts every row the sheet uses, header included.
 */
export async function readXlsxRows(bytes: Uint8Array, options: { maxRows: number; limits?: ZipLimits }): Promise<SheetReadResult> {
	const checked = await checkZipUpload(bytes, options.limits ?? XLSX_LIMITS);
	if (!checked.ok) return checked.problem === 'damaged' ? { ok: false, problem: 'damaged' } : { ok: false, problem: 'refused', message: checked.message };
	const outcome = await runWorker<SheetReadResult>(xlsxRowsWorker, { exceljs: resolvePackage('exceljs') }, { bytes, maxRows: options.maxRows }, XLSX_WORKER);
	if (outcome.ok) return outcome.value;
	if (outcome.reason === 'timeout') return { ok: false, problem: 'refused', message: '文件处理超时：表格过于复杂，请删减内容或拆分后再上传' };
	if (outcome.reason === 'memory') return { ok: false, problem: 'refused', message: '文件过于复杂，处理时超出内存限制，请删减内容或拆分后再上传' };
	return { ok: false, problem: 'damaged' };
}
