import { readSpreadsheet } from '../people/import.ts';

// A 任前 batch: the list of candidates the organization department sends, as .xlsx or .csv, with
// a header row naming 工号 (or 用户名), 姓名 and 拟任职务. Read with the people import's checked
// reader (content and size checked, parsed in a worker); every row is checked before anything is
// saved, and the names must match the accounts (exams.ts).

export const BATCH_MAX_ROWS = 2000;
export type BatchRow = { row: number; username: string; name: string; note: string };

const HEADERS = {
	username: ['工号', '用户名', '账号', '工号/用户名', '工号（用户名）'],
	name: ['姓名'],
	note: ['拟任职务', '拟任岗位', '拟提拔职务', '职务', '备注']
};

export async function readBatch(bytes: Uint8Array, filename: string): Promise<{ ok: true; rows: BatchRow[] } | { ok: false; message: string }> {
	const read = await readSpreadsheet(bytes, filename);
	if (!read.ok) return read;
	const [header, ...rows] = read.rows;
	if (!header) return { ok: false, message: '名单是空的' };
	const col = (names: string[]) => header.cells.findIndex((c) => names.includes(c.replace(/\s/g, '')));
	const username = col(HEADERS.username);
	const name = col(HEADERS.name);
	const note = col(HEADERS.note);
	if (username < 0) return { ok: false, message: '名单第一行应为表头，并有“工号”（或“用户名”）一列；还可以有“姓名”“拟任职务”两列' };
	if (!rows.length) return { ok: false, message: '名单中没有人员' };
	if (rows.length > BATCH_MAX_ROWS) return { ok: false, message: `名单最多 ${BATCH_MAX_ROWS} 人，文件中有 ${rows.length} 人` };
	const out: BatchRow[] = [];
	const seen = new Map<string, number>();
	const problems: string[] = [];
	for (const r of rows) {
		const u = (r.cells[username] ?? '').trim();
		if (!u) {
			problems.push(`第 ${r.row} 行没有工号`);
			continue;
		}
		if (seen.has(u)) problems.push(`第 ${r.row} 行的工号 ${u} 与第 ${seen.get(u)} 行重复`);
		seen.set(u, r.row);
		out.push({ row: r.row, username: u, name: name >= 0 ? (r.cells[name] ?? '').trim() : '', note: note >= 0 ? (r.cells[note] ?? '').trim().slice(0, 60) : '' });
	}
	if (problems.length) return { ok: false, message: `${problems.slice(0, 5).join('；')}${problems.length > 5 ? ` 等 ${problems.length} 处` : ''}。名单未导入` };
	return { ok: true, rows: out };
}
