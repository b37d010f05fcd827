import { availableParallelism } from 'node:os';
import Papa from 'papaparse';
import { count, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, users, type OrgUnit } from '../db/schema/index.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { ensureUnitByNamePath, findUnitByNamePath, splitNamePath, UNIT_NAME_MAX } from '../org/units.ts';
import { PERSON_NAME_MAX, TITLE_MAX, generateInitialPassword, usernameProblem } from './accounts.ts';
import { type Role } from '../../vocabulary.ts';
import { cleanText } from '../text.ts';
import { readXlsxRows, type SheetRow as SpreadsheetRow } from '../uploads/spreadsheet.ts';

// Bulk import of people from .xlsx or .csv. Reading and checking are pure (bytes → rows →
// verdict); only importPeople touches the database, and only when every row is valid.

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;
/** How many row errors are passed on for display; the total is always reported. */
export const IMPORT_MAX_SHOWN_ISSUES = 300;
const MAX_UNIT_DEPTH = 12;
/**
 * Individual passwords are hashed one by one (argon2id, about 10-15 ms each on a small server), so
 * one request may create at most this many; larger lists are split into several imports.
 */
export const IMPORT_MAX_INDIVIDUAL_PASSWORDS = 2000;

/**
 * How imported people get their first password. 'shared': learners share one password typed by
 * the admin; 'random': everyone gets their own. Organizers and admins always get their own in
 * either mode: with a shared password anyone who knows it could log in first as a colleague
 * (工号 are easy to guess) and take over an account with organizer or admin rights.
 */
export const PASSWORD_MODES = ['shared', 'random'] as const;
export type PasswordMode = (typeof PASSWORD_MODES)[number];

export function getsIndividualPassword(role: Role, mode: PasswordMode): boolean {
	return mode === 'random' || role !== 'learner';
}

/** A problem in the file. row is the row number as Excel shows it; null for the whole file. */
export type ImportIssue = { row: number | null; column: string | null; message: string };

/** A non-empty row as read from the sheet, cells already turned into trimmed text. */
export type SheetRow = SpreadsheetRow;

export type ReadResult = { ok: true; rows: SheetRow[] } | { ok: false; message: string };

type Field = 'username' | 'name' | 'unit' | 'title' | 'isLeader' | 'role';

/** Column labels as they appear in messages, and the header texts accepted for each. */
export const IMPORT_COLUMNS: Record<Field, { label: string; required: boolean; aliases: string[] }> = {
	username: { label: '工号/用户名', required: true, aliases: ['工号/用户名', '工号', '用户名', '账号', '帐号', '登录名', '工号或手机号', '手机号'] },
	name: { label: '姓名', required: true, aliases: ['姓名', '名字'] },
	unit: { label: '所属单位', required: true, aliases: ['所属单位', '单位', '所在单位', '单位路径', '所属组织', '所在支部', '所属支部'] },
	title: { label: '职务', required: false, aliases: ['职务', '职位', '职务职级', '职级'] },
	isLeader: { label: '是否领导干部', required: false, aliases: ['是否领导干部', '领导干部', '是否为领导干部'] },
	role: { label: '角色', required: false, aliases: ['角色', '系统角色'] }
};

const FIELDS = Object.keys(IMPORT_COLUMNS) as Field[];

/** Header cells often carry decoration: "姓名*", "工号（必填）", full-width spaces. */
function normalizeHeader(text: string): string {
	return text
		.replace(/[\s\u3000*＊]/g, '')
		.replace(/[(（][^)）]*[)）]/g, '')
		.replace(/[／\\]/g, '/')
		.toLowerCase();
}

const ROLE_NAMES: Record<string, Role> = {
	学员: 'learner',
	learner: 'learner',
	组织员: 'organizer',
	organizer: 'organizer',
	管理员: 'admin',
	admin: 'admin'
};
const YES = new Set(['是', 'y', 'yes', '1', 'true', '√']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '×']);

function extension(filename: string): string {
	const m = /\.([^.]+)$/.exec(filename.trim().toLowerCase());
	return m ? m[1] : '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
	return magic.every((b, i) => bytes[i] === b);
}

/** UTF-8 (with or without BOM) first; files saved by Chinese Excel or WPS are often GBK. */
export function decodeText(bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = new TextDecoder('gb18030').decode(bytes);
	}
	return text.replace(/^\uFEFF/, '');
}

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
	const read = await readXlsxRows(bytes, { maxRows: IMPORT_MAX_ROWS + 1 });
	if (read.ok) return read;
	switch (read.problem) {
		case 'damaged':
			return { ok: false, message: '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式' };
		case 'no-sheet':
			return { ok: false, message: '文件中没有工作表' };
		case 'too-many-rows':
			return { ok: false, message: `文件行数过多（${read.rowCount - 1} 行），一次最多导入 ${IMPORT_MAX_ROWS} 人，请拆分后分批导入` };
		case 'refused':
			return { ok: false, message: read.message };
	}
}

function readCsv(bytes: Uint8Array): ReadResult {
	const text = decodeText(bytes);
	const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
	const rows: SheetRow[] = [];
	// Excel shows one CSV record per row, so the record index is the row number people see.
	parsed.data.forEach((record, i) => {
		const cells = (Array.isArray(record) ? record : []).map((c) => String(c ?? '').trim());
		if (cells.some((c) => c !== '')) rows.push({ row: i + 1, cells });
	});
	const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
	if (quoteError) return { ok: false, message: `CSV 格式错误：第 ${(quoteError.row ?? 0) + 1} 行的引号没有闭合` };
	return { ok: true, rows };
}

/**
 * Reads an uploaded .xlsx or .csv into rows of cleaned text (cleanText: no invisible or control
 * characters, NFC); anything else gets a clear message.
 */
export async function readSpreadsheet(bytes: Uint8Array, filename: string): Promise<ReadResult> {
	const read = await readSpreadsheetRaw(bytes, filename);
	if (!read.ok) return read;
	const rows = read.rows.map((r) => ({ row: r.row, cells: r.cells.map((c) => cleanText(c).trim()) }));
	return { ok: true, rows: rows.filter((r) => r.cells.some((c) => c !== '')) };
}

async function readSpreadsheetRaw(bytes: Uint8Array, filename: string): Promise<ReadResult> {
	const ext = extension(filename);
	if (bytes.byteLength === 0) return { ok: false, message: '上传的文件是空的' };
	if (bytes.byteLength > IMPORT_MAX_BYTES) {
		return { ok: false, message: `文件过大（${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB），上限为 ${IMPORT_MAX_BYTES / 1024 / 1024} MB` };
	}
	if (ext === 'xls' || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
		return { ok: false, message: '不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入' };
	}
	const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
	if (isZip && (ext === 'xlsx' || ext === 'xlsm' || ext === '')) return await readXlsx(bytes);
	if (!isZip && (ext === 'csv' || ext === 'txt' || ext === '')) {
		// Text files have no NUL bytes; binary files (images, PDFs, Word…) almost always do.
		if (bytes.subarray(0, 8192).includes(0)) return { ok: false, message: '无法识别的文件内容：请上传 .xlsx 或 .csv 表格文件' };
		return readCsv(bytes);
	}
	return { ok: false, message: `无法识别的文件“${filename}”：请上传 .xlsx 或 .csv 表格文件` };
}

export type ImportPerson = {
	row: number;
	username: string;
	name: string;
	/** Normalized name path, parts joined by "/". */
	unitPath: string;
	title: string;
	isLeader: boolean;
	role: Role;
};

export type CheckResult =
	| { ok: true; people: ImportPerson[] }
	| { ok: false; issues: ImportIssue[] };

type HeaderMap = { row: number; columns: Partial<Record<Field, number>>; labels: Partial<Record<Field, string>> };

function findHeader(rows: SheetRow[]): HeaderMap | null {
	// A title row ("2026年人员名单") may sit above the header, so look at the first few rows.
	for (const candidate of rows.slice(0, 10)) {
		const columns: Partial<Record<Field, number>> = {};
		const labels: Partial<Record<Field, string>> = {};
		candidate.cells.forEach((cell, index) => {
			const h = normalizeHeader(cell);
			if (!h) return;
			for (const field of FIELDS) {
				if (columns[field] === undefined && IMPORT_COLUMNS[field].aliases.some((a) => normalizeHeader(a) === h)) {
					columns[field] = index;
					labels[field] = cell;
					return;
				}
			}
		});
		if (columns.username !== undefined && columns.name !== undefined) return { row: candidate.row, columns, labels };
	}
	return null;
}

/**
 * Checks every row (it never stops at the first problem) against the rules and the usernames
 * already taken. Returns the people to create, or every problem found, row by row.
 */
export function checkRows(rows: SheetRow[], takenUsernames: ReadonlySet<string>): CheckResult {
	const header = findHeader(rows);
	if (!header) {
		return { ok: false, issues: [{ row: null, column: null, message: '找不到表头：第一行应包含“工号/用户名”“姓名”“所属单位”等列名（可下载模板对照）' }] };
	}
	const missing = FIELDS.filter((f) => IMPORT_COLUMNS[f].required && header.columns[f] === undefined);
	if (missing.length) {
		return {
			ok: false,
			issues: [{ row: header.row, column: null, message: `缺少必需的列：${missing.map((f) => IMPORT_COLUMNS[f].label).join('、')}` }]
		};
	}
	const dataRows = rows.filter((r) => r.row > header.row);
	if (dataRows.length === 0) return { ok: false, issues: [{ row: null, column: null, message: '表格中没有人员数据（只有表头）' }] };
	if (dataRows.length > IMPORT_MAX_ROWS) {
		return { ok: false, issues: [{ row: null, column: null, message: `文件中有 ${dataRows.length} 行人员数据，一次最多导入 ${IMPORT_MAX_ROWS} 人，请拆分后分批导入` }] };
	}

	const issues: ImportIssue[] = [];
	const people: ImportPerson[] = [];
	const firstRowOf = new Map<string, number>();
	const label = (f: Field) => header.labels[f] ?? IMPORT_COLUMNS[f].label;
	const get = (r: SheetRow, f: Field) => {
		const index = header.columns[f];
		return index === undefined ? '' : (r.cells[index] ?? '').trim();
	};

	for (const r of dataRows) {
		const problems: ImportIssue[] = [];
		const add = (f: Field, message: string) => problems.push({ row: r.row, column: label(f), message });

		const username = get(r, 'username');
		const uProblem = usernameProblem(username);
		if (!username) add('username', '缺少工号/用户名');
		else if (uProblem) add('username', uProblem);
		else if (firstRowOf.has(username)) add('username', `工号/用户名“${username}”与第 ${firstRowOf.get(username)} 行重复`);
		else if (takenUsernames.has(username)) add('username', `工号/用户名“${username}”已存在于系统中（导入不会修改已有账号）`);
		if (username && !firstRowOf.has(username)) firstRowOf.set(username, r.row);

		const name = get(r, 'name');
		if (!name) add('name', '缺少姓名');
		else if (name.length > PERSON_NAME_MAX) add('name', `姓名过长（${name.length} 个字，最多 ${PERSON_NAME_MAX} 个字）`);

		const parts = splitNamePath(get(r, 'unit'));
		if (parts.length === 0) add('unit', '所属单位为空：请填写单位路径，如“市纪委/机关党委/第一党支部”');
		else if (parts.length > MAX_UNIT_DEPTH) add('unit', `单位层级过多（最多 ${MAX_UNIT_DEPTH} 级）`);
		else {
			const long = parts.find((p) => p.length > UNIT_NAME_MAX);
			if (long) add('unit', `单位名称“${long.slice(0, 20)}…”过长（最多 ${UNIT_NAME_MAX} 个字）`);
		}

		const title = get(r, 'title');
		if (title.length > TITLE_MAX) add('title', `职务过长（最多 ${TITLE_MAX} 个字）`);

		const leaderText = get(r, 'isLeader');
		let isLeader = false;
		if (YES.has(leaderText.toLowerCase())) isLeader = true;
		else if (leaderText && !NO.has(leaderText.toLowerCase())) add('isLeader', `“${leaderText}”无效，应填“是”或“否”（不填视为“否”）`);

		const roleText = get(r, 'role');
		const role = roleText ? ROLE_NAMES[roleText.toLowerCase()] : 'learner';
		if (!role) add('role', `未知角色“${roleText}”，应为 学员、组织员 或 管理员（不填视为学员）`);

		if (problems.length) issues.push(...problems);
		else people.push({ row: r.row, username, name, unitPath: parts.join('/'), title, isLeader, role });
	}
	return issues.length ? { ok: false, issues } : { ok: true, people };
}

/** Usernames from the list that already have accounts. */
export async function takenUsernames(db: DB, usernames: string[]): Promise<Set<string>> {
	const taken = new Set<string>();
	const unique = [...new Set(usernames.filter(Boolean))];
	// Chunked to stay well below SQLite's limit on bound parameters.
	for (let i = 0; i < unique.length; i += 500) {
		const chunk = unique.slice(i, i + 500);
		for (const r of await db.select({ username: users.username }).from(users).where(inArray(users.username, chunk)).all()) taken.add(r.username);
	}
	return taken;
}

/** The username column's cells, for the existence check before checkRows. */
export function usernamesIn(rows: SheetRow[]): string[] {
	const header = findHeader(rows);
	const index = header?.columns.username;
	if (!header || index === undefined) return [];
	return rows.filter((r) => r.row > header.row).map((r) => (r.cells[index] ?? '').trim());
}

/** Number of units in the paths that do not exist yet (what an import would create). */
export async function countMissingUnits(db: DB, unitPaths: string[]): Promise<number> {
	const missing = new Set<string>();
	for (const path of new Set(unitPaths)) {
		const parts = splitNamePath(path);
		for (let depth = 1; depth <= parts.length; depth++) {
			const prefix = parts.slice(0, depth).join('/');
			if (missing.has(prefix)) continue;
			if (!await findUnitByNamePath(db, prefix)) missing.add(prefix);
		}
	}
	return missing.size;
}

/** A generated first password, returned once for hand-over and never stored in clear. */
export type InitialCredential = { username: string; name: string; unitPath: string; password: string };

export type ImportOutcome =
	| {
			ok: true;
			dryRun: boolean;
			people: number;
			newUnits: number;
			/** How many people get (or, in a dry run, would get) an individual password. */
			individualPasswords: number;
			/** The individual passwords, in file order; empty in a dry run. */
			credentials: InitialCredential[];
	  }
	| { ok: false; field: 'file' | 'password'; issues: ImportIssue[]; totalIssues: number };

function failure(field: 'file' | 'password', issues: ImportIssue[]): ImportOutcome {
	return { ok: false, field, issues: issues.slice(0, IMPORT_MAX_SHOWN_ISSUES), totalIssues: issues.length };
}

/** A random password that passes passwordProblem for this username (it must not contain it). */
function individualPassword(username: string): string {
	for (;;) {
		const password = generateInitialPassword();
		if (!passwordProblem(password, username)) return password;
	}
}

// argon2 runs on libuv's thread pool (4 threads by default); more parallel hashes only queue.
const HASH_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

async function hashAll(passwords: string[]): Promise<string[]> {
	const hashes: string[] = new Array(passwords.length);
	let next = 0;
	const worker = async () => {
		while (next < passwords.length) {
			const i = next++;
			hashes[i] = await hashPassword(passwords[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, passwords.length) }, worker));
	return hashes;
}

/**
 * Reads, checks and (unless dryRun) imports a file in one transaction: missing units in the
 * paths are created and every person must change the first password at first login. Learners
 * get the shared password in 'shared' mode; everyone else gets an individual random one, which
 * is returned once in `credentials` and only its hash is stored. A file with any error imports
 * nothing.
 */
export async function importPeople(
	db: DB,
	input: { bytes: Uint8Array; filename: string; password: string; mode?: PasswordMode; dryRun?: boolean }
): Promise<ImportOutcome> {
	const dryRun = input.dryRun ?? false;
	const mode = input.mode ?? 'shared';
	const read = await readSpreadsheet(input.bytes, input.filename);
	if (!read.ok) return failure('file', [{ row: null, column: null, message: read.message }]);
	const checked = checkRows(read.rows, await takenUsernames(db, usernamesIn(read.rows)));
	if (!checked.ok) return failure('file', checked.issues);
	const people = checked.people;
	const individual = people.filter((p) => getsIndividualPassword(p.role, mode));
	if (individual.length > IMPORT_MAX_INDIVIDUAL_PASSWORDS) {
		const hint = mode === 'random' ? '，或改用统一密码（组织员和管理员仍各自获得随机密码）' : '';
		return failure('file', [
			{
				row: null,
				column: null,
				message: `本次需要生成 ${individual.length} 个个人随机初始密码，一次最多 ${IMPORT_MAX_INDIVIDUAL_PASSWORDS} 个：请拆分后分批导入${hint}`
			}
		]);
	}
	if (dryRun) {
		const newUnits = await countMissingUnits(db, people.map((p) => p.unitPath));
		return { ok: true, dryRun, people: people.length, newUnits, individualPasswords: individual.length, credentials: [] };
	}
	// The shared password is only needed (and only checked) when someone will receive it.
	const sharedUsers = people.length - individual.length;
	if (sharedUsers > 0) {
		const problem = passwordProblem(input.password);
		if (problem) return failure('password', [{ row: null, column: null, message: `统一初始密码：${problem}` }]);
	}

	const credentials: InitialCredential[] = individual.map((p) => ({
		username: p.username,
		name: p.name,
		unitPath: p.unitPath,
		password: individualPassword(p.username)
	}));
	const individualHashes = await hashAll(credentials.map((c) => c.password));
	const hashByUsername = new Map(credentials.map((c, i) => [c.username, individualHashes[i]]));
	// One hash for the shared password: it is the same for everyone who gets it (and must be
	// changed at first login), and hashing it per person would take minutes for a large list.
	const sharedHash = sharedUsers > 0 ? await hashPassword(input.password) : null;
	try {
		return await db.transaction(async (tx) => {
			const unitsBefore = (await tx.select({ n: count() }).from(orgUnits).get())!.n;
			const unitByPath = new Map<string, OrgUnit>();
			for (const p of people) {
				if (!unitByPath.has(p.unitPath)) unitByPath.set(p.unitPath, await ensureUnitByNamePath(tx as unknown as DB, p.unitPath));
			}
			const values = people.map((p) => ({
				username: p.username,
				name: p.name,
				orgUnitId: unitByPath.get(p.unitPath)!.id,
				title: p.title,
				isLeader: p.isLeader,
				role: p.role,
				passwordHash: hashByUsername.get(p.username) ?? sharedHash!,
				mustChangePassword: true
			}));
			for (let i = 0; i < values.length; i += 500) await tx.insert(users).values(values.slice(i, i + 500)).run();
			const unitsAfter = (await tx.select({ n: count() }).from(orgUnits).get())!.n;
			return {
				ok: true as const,
				dryRun,
				people: people.length,
				newUnits: unitsAfter - unitsBefore,
				individualPasswords: credentials.length,
				credentials
			};
		});
	} catch (e) {
		// Someone created one of these accounts while the passwords were being hashed.
		if (e instanceof Error && /UNIQUE constraint failed: users\.username/.test(e.message)) {
			return failure('file', [{ row: null, column: null, message: '导入期间有账号被他人创建，本次未导入任何人员，请重新导入' }]);
		}
		throw e;
	}
}

/**
 * The individual passwords as a CSV for the admin to save or print (UTF-8 with BOM for Excel).
 * Names come from an uploaded file, so cells that Excel would run as formulas are escaped.
 */
export function credentialsCsv(credentials: InitialCredential[]): string {
	const rows = [['工号/用户名', '姓名', '所属单位', '初始密码'], ...credentials.map((c) => [c.username, c.name, c.unitPath, c.password])];
	return '\uFEFF' + Papa.unparse(rows, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}

/** A template with the header and two example rows; the BOM makes Excel read it as UTF-8. */
export function importTemplateCsv(): string {
	const rows = [
		['工号/用户名', '姓名', '所属单位', '职务', '是否领导干部', '角色'],
		['20260001', '张三', '市纪委/机关党委/第一党支部', '科员', '否', '学员'],
		['20260002', '李四', '市纪委/机关党委/第一党支部', '支部书记', '是', '组织员']
	];
	return '\uFEFF' + Papa.unparse(rows, { newline: '\r\n' }) + '\r\n';
}
