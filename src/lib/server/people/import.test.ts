import { afterEach, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { count, sql } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { selectRows, type DB } from '../db/client.ts';
import { tableNames } from '../db/dialect.ts';
import { orgUnits, users } from '../db/schema/index.ts';
import { ensureUnitByNamePath, unitNamePaths } from '../org/units.ts';
import { attemptLogin } from '../auth/login.ts';
import { verifyPassword } from '../auth/passwords.ts';
import {
	IMPORT_MAX_BYTES,
	IMPORT_MAX_INDIVIDUAL_PASSWORDS,
	IMPORT_MAX_ROWS,
	checkRows,
	credentialsCsv,
	decodeText,
	importPeople,
	readSpreadsheet,
	type SheetRow
} from './import.ts';

const HEADER = ['工号', '姓名', '所属单位', '职务', '是否领导干部', '角色'];

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('人员');
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function utf8(text: string, bom = false): Uint8Array {
	const body = new TextEncoder().encode(text);
	return bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
}

/** GBK bytes for a string, built by inverting the platform's GB18030 decoder for two-byte codes. */
function gbk(text: string): Uint8Array {
	const decoder = new TextDecoder('gb18030');
	const table = new Map<string, number[]>();
	for (let hi = 0x81; hi <= 0xfe; hi++)
		for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
	const bytes: number[] = [];
	for (const ch of text) {
		if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
		else bytes.push(...table.get(ch)!);
	}
	return new Uint8Array(bytes);
}

async function setup() {
	const db = await createTestDatabase();
	const root = await ensureUnitByNamePath(db, '市纪委');
	await db.insert(users).values({ username: 'admin', name: '管理员', orgUnitId: root.id, role: 'admin', passwordHash: 'x' }).run();
	return db;
}

async function counts(db: DB) {
	return { people: (await db.select({ n: count() }).from(users).get())!.n, units: (await db.select({ n: count() }).from(orgUnits).get())!.n };
}

const rowsOf = (...lines: string[][]): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('reading files', () => {
	it('reads xlsx rows with the row numbers Excel shows, keeping numeric 工号 whole', async () => {
		const bytes = await xlsx([HEADER, [20260001, '王某', '市纪委/机关党委', '科员', '否', '学员'], [], ['a2', '李某', '市纪委', '', '', '']]);
		const read = await readSpreadsheet(bytes, '人员.xlsx');
		expect(read).toEqual({
			ok: true,
			rows: [
				{ row: 1, cells: HEADER },
				{ row: 2, cells: ['20260001', '王某', '市纪委/机关党委', '科员', '否', '学员'] },
				{ row: 4, cells: ['a2', '李某', '市纪委', '', '', ''] }
			]
		});
	});

	it('reads CSV in UTF-8 with and without BOM, and in GBK', async () => {
		const text = '工号,姓名,所属单位\r\nz1,张三,市纪委/第一党支部\r\n';
		const expected = { ok: true, rows: [{ row: 1, cells: ['工号', '姓名', '所属单位'] }, { row: 2, cells: ['z1', '张三', '市纪委/第一党支部'] }] };
		expect(await readSpreadsheet(utf8(text), 'a.csv')).toEqual(expected);
		expect(await readSpreadsheet(utf8(text, true), 'a.csv')).toEqual(expected);
		const gbkBytes = gbk(text);
		expect(gbkBytes.length).toBeLessThan(utf8(text).length); // really two bytes per character
		expect(await readSpreadsheet(gbkBytes, 'a.csv')).toEqual(expected);
		expect(decodeText(gbk('第一党支部'))).toBe('第一党支部');
	});

	it('refuses files that are not spreadsheets with a clear message', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
		expect(await readSpreadsheet(png, 'photo.png')).toEqual({ ok: false, message: '无法识别的文件“photo.png”：请上传 .xlsx 或 .csv 表格文件' });
		expect(await readSpreadsheet(png, 'photo.csv')).toEqual({ ok: false, message: '无法识别的文件内容：请上传 .xlsx 或 .csv 表格文件' });
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		expect((await readSpreadsheet(xls, 'old.xls')).ok).toBe(false);
		expect(await readSpreadsheet(xls, 'old.xls')).toMatchObject({ message: expect.stringContaining('.xls') });
		expect(await readSpreadsheet(new Uint8Array(), 'a.csv')).toEqual({ ok: false, message: '上传的文件是空的' });
		const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
		expect(await readSpreadsheet(brokenZip, 'a.xlsx')).toEqual({ ok: false, message: '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式' });
		const big = new Uint8Array(IMPORT_MAX_BYTES + 1);
		expect(await readSpreadsheet(big, 'a.csv')).toMatchObject({ ok: false, message: expect.stringContaining('文件过大') });
	});
});

describe('checking rows', () => {
	it('accepts flexible header names and a title row above the header', () => {
		const result = checkRows(
			[
				{ row: 1, cells: ['2026年人员名单'] },
				{ row: 2, cells: ['用户名*', '姓 名', '单位（路径）', '职务', '领导干部', '角色'] },
				{ row: 3, cells: ['u1', '王某', '市纪委／机关党委 / 第一党支部', '科长', '是', '组织员'] }
			],
			new Set()
		);
		expect(result).toEqual({
			ok: true,
			people: [{ row: 3, username: 'u1', name: '王某', unitPath: '市纪委/机关党委/第一党支部', title: '科长', isLeader: true, role: 'organizer' }]
		});
	});

	it('reports every kind of row error, with row numbers and columns, not only the first', () => {
		const result = checkRows(
			rowsOf(
				HEADER,
				['ok1', '王某', '市纪委', '', '', ''],
				['', '缺工号', '市纪委', '', '', ''],
				['nobody', '', '市纪委', '', '', ''],
				['ok1', '重复', '市纪委', '', '', ''],
				['admin', '已有', '市纪委', '', '', ''],
				['r1', '角色错', '市纪委', '', '', '书记'],
				['r2', '领导错', '市纪委', '', '不知道', ''],
				['r3', '长'.repeat(51), '市纪委', '', '', ''],
				['r4', '无单位', ' / ', '', '', ''],
				['r5', '职务长', '市纪委', '职'.repeat(101), '', ''],
				['r 6', '空格', '市纪委', '', '', '']
			),
			new Set(['admin'])
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.issues).toEqual([
			{ row: 3, column: '工号', message: '缺少工号/用户名' },
			{ row: 4, column: '姓名', message: '缺少姓名' },
			{ row: 5, column: '工号', message: '工号/用户名“ok1”与第 2 行重复' },
			{ row: 6, column: '工号', message: '工号/用户名“admin”已存在于系统中（导入不会修改已有账号）' },
			{ row: 7, column: '角色', message: '未知角色“书记”，应为 学员、组织员 或 管理员（不填视为学员）' },
			{ row: 8, column: '是否领导干部', message: '“不知道”无效，应填“是”或“否”（不填视为“否”）' },
			{ row: 9, column: '姓名', message: '姓名过长（51 个字，最多 50 个字）' },
			{ row: 10, column: '所属单位', message: '所属单位为空：请填写单位路径，如“市纪委/机关党委/第一党支部”' },
			{ row: 11, column: '职务', message: '职务过长（最多 100 个字）' },
			{ row: 12, column: '工号', message: '工号/用户名不能包含空格' }
		]);
	});

	it('reports several problems of one row', () => {
		const result = checkRows(rowsOf(HEADER, ['', '', '', '', '也许', '队长']), new Set());
		expect(result.ok ? [] : result.issues.map((i) => i.column)).toEqual(['工号', '姓名', '所属单位', '是否领导干部', '角色']);
	});

	it('reports a missing header, missing columns, an empty sheet and too many rows', () => {
		expect(checkRows(rowsOf(['a', 'b'], ['c', 'd']), new Set())).toMatchObject({ ok: false, issues: [{ row: null, message: expect.stringContaining('找不到表头') }] });
		expect(checkRows(rowsOf(['工号', '姓名'], ['u1', '王某']), new Set())).toEqual({
			ok: false,
			issues: [{ row: 1, column: null, message: '缺少必需的列：所属单位' }]
		});
		expect(checkRows(rowsOf(HEADER), new Set())).toEqual({ ok: false, issues: [{ row: null, column: null, message: '表格中没有人员数据（只有表头）' }] });
		const many = [HEADER, ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => [`u${i}`, '某人', '市纪委'])];
		expect(checkRows(rowsOf(...many), new Set())).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('一次最多导入 20000 人') }] });
	});
});

describe('importing', () => {
	it('imports a valid xlsx in one go: missing units created, shared initial password to be changed', async () => {
		const db = await setup();
		const bytes = await xlsx([
			HEADER,
			['20260001', '王某', '市纪委/机关党委/第一党支部', '科员', '否', '学员'],
			['20260002', '李某', '市纪委/机关党委/第一党支部', '科长', '是', '组织员'],
			['20260003', '赵某', '市纪委/机关党委/第二党支部', '', '', '']
		]);
		const preview = await importPeople(db, { bytes, filename: 'p.xlsx', password: '', dryRun: true });
		expect(preview).toEqual({ ok: true, dryRun: true, people: 3, newUnits: 3, individualPasswords: 1, credentials: [] });
		expect(await counts(db)).toEqual({ people: 1, units: 1 });

		const result = await importPeople(db, { bytes, filename: 'p.xlsx', password: 'chushi2026' });
		expect(result).toMatchObject({ ok: true, dryRun: false, people: 3, newUnits: 3, individualPasswords: 1 });
		expect(await counts(db)).toEqual({ people: 4, units: 4 });
		const paths = await unitNamePaths(db);
		const li = (await db.select().from(users).all()).find((u) => u.username === '20260002')!;
		expect(li).toMatchObject({ name: '李某', title: '科长', isLeader: true, role: 'organizer', mustChangePassword: true });
		expect(paths.get(li.orgUnitId)).toBe('市纪委/机关党委/第一党支部');
		const login = await attemptLogin(db, { username: '20260003', password: 'chushi2026', address: '1.1.1.1' });
		expect(login.ok && login.user.role === 'learner' && login.user.mustChangePassword).toBe(true);
	});

	it('imports nothing at all when any row is wrong', async () => {
		const db = await setup();
		const csv = utf8('工号,姓名,所属单位,角色\nn1,甲,市纪委/新单位,学员\nn2,乙,市纪委/新单位,学员\nn3,丙,市纪委/另一新单位,校长\n');
		const before = await counts(db);
		const result = await importPeople(db, { bytes: csv, filename: 'p.csv', password: 'chushi2026' });
		expect(result).toEqual({
			ok: false,
			field: 'file',
			issues: [{ row: 4, column: '角色', message: '未知角色“校长”，应为 学员、组织员 或 管理员（不填视为学员）' }],
			totalIssues: 1
		});
		expect(await counts(db)).toEqual(before);
	});

	it('refuses usernames that already exist instead of updating them', async () => {
		const db = await setup();
		const result = await importPeople(db, { bytes: utf8('用户名,姓名,所属单位\nadmin,冒名,市纪委\n'), filename: 'p.csv', password: 'chushi2026' });
		expect(result.ok).toBe(false);
		expect((await db.select().from(users).all()).map((u) => u.name)).toEqual(['管理员']);
	});

	it('refuses a weak or missing shared password when a learner would get it', async () => {
		const db = await setup();
		const bytes = utf8('工号,姓名,所属单位\nx1,甲,市纪委/新单位\n');
		expect(await importPeople(db, { bytes, filename: 'p.csv', password: '123' })).toEqual({
			ok: false,
			field: 'password',
			issues: [{ row: null, column: null, message: '统一初始密码：密码至少需要 8 位' }],
			totalIssues: 1
		});
		expect(await importPeople(db, { bytes, filename: 'p.csv', password: '' })).toMatchObject({ ok: false, field: 'password' });
		expect(await counts(db)).toEqual({ people: 1, units: 1 });
	});

	it('caps the listed errors but reports their total', async () => {
		const db = await setup();
		const lines = ['工号,姓名,所属单位', ...Array.from({ length: 400 }, (_, i) => `u${i},,市纪委`)];
		const result = await importPeople(db, { bytes: utf8(lines.join('\n')), filename: 'p.csv', password: 'chushi2026' });
		expect(result).toMatchObject({ ok: false, totalIssues: 400 });
		expect(result.ok ? 0 : result.issues.length).toBe(300);
	});
});

describe('invisible characters', () => {
	it('stores names, units and titles from a file without bidi overrides, zero-width or control characters', async () => {
		const db = await setup();
		await ensureUnitByNamePath(db, '市纪委/第一党支部');
		const csv = '工号,姓名,所属单位,职务\r\nz1,张三\u202Etxt.exe,市纪委/第一\u200B党支部,科\u0007员\r\nz2\u200D,\u2067李四\u2069,\uFEFF市纪委/第一党支部,\r\n\u200B,\u00AD,\u3164,\r\n';
		const result = await importPeople(db, { bytes: utf8(csv), filename: 'p.csv', password: 'chushi2026' });
		expect(result).toMatchObject({ ok: true, people: 2, newUnits: 0 });
		const imported = (await db.select().from(users).all()).filter((u) => u.role === 'learner');
		expect(imported.map((u) => [u.username, u.name, u.title])).toEqual([
			['z1', '张三txt.exe', '科员'],
			['z2', '李四', '']
		]);
		// The zero-width space did not make a second 第一党支部 that looks the same.
		expect((await db.select({ n: count() }).from(orgUnits).get())!.n).toBe(2);
	});

	it('cleans xlsx cells the same way', async () => {
		const bytes = await xlsx([HEADER, ['x1', '王\u200B五\u202E', '市纪委\u2066', '科员', '否', '学员']]);
		const read = await readSpreadsheet(bytes, 'p.xlsx');
		expect(read.ok && read.rows[1].cells.slice(0, 3)).toEqual(['x1', '王五', '市纪委']);
	});
});

describe('initial passwords', () => {
	const SHARED = 'chushi2026';
	// 10+ characters, letters and digits, nothing that reads like another character (0/O, 1/l/I).
	const WELL_FORMED = /^(?=.*[A-Za-z])(?=.*[2-9])[A-HJ-NP-Za-km-z2-9]{10,}$/;
	const MIXED_ROLES = utf8(
		[
			'工号,姓名,所属单位,职务,是否领导干部,角色',
			'm1,甲学员,市纪委/第一党支部,,,学员',
			'm2,乙组织员,市纪委/第一党支部,支部书记,是,组织员',
			'm3,丙管理员,市纪委/机关党委,,,管理员',
			'm4,丁学员,市纪委/第一党支部,,,',
			'm5,戊组织员,市纪委/第二党支部,,,organizer'
		].join('\n')
	);

	async function stored(db: DB) {
		return new Map((await db.select().from(users).all()).map((u) => [u.username, u]));
	}

	/** Every text in every table, to prove that no password was stored in clear anywhere. */
	async function everyStoredText(db: DB): Promise<string> {
		const out: string[] = [];
		for (const t of await tableNames(db)) out.push(JSON.stringify(await selectRows(db, sql`select * from ${sql.identifier(t)}`)));
		return out.join('\n');
	}

	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('never gives organizers or admins the shared password, even in shared mode', async () => {
		const db = await setup();
		const result = await importPeople(db, { bytes: MIXED_ROLES, filename: 'p.csv', password: SHARED, mode: 'shared' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.credentials.map((c) => [c.username, c.name, c.unitPath])).toEqual([
			['m2', '乙组织员', '市纪委/第一党支部'],
			['m3', '丙管理员', '市纪委/机关党委'],
			['m5', '戊组织员', '市纪委/第二党支部']
		]);
		const byName = await stored(db);
		for (const username of ['m2', 'm3', 'm5']) {
			const user = byName.get(username)!;
			const credential = result.credentials.find((c) => c.username === username)!;
			expect(credential.password).toMatch(WELL_FORMED);
			expect(await verifyPassword(user.passwordHash, SHARED)).toBe(false);
			expect(await verifyPassword(user.passwordHash, credential.password)).toBe(true);
			expect(user.mustChangePassword).toBe(true);
		}
		for (const username of ['m1', 'm4']) {
			expect(await verifyPassword(byName.get(username)!.passwordHash, SHARED)).toBe(true);
			expect(byName.get(username)!.mustChangePassword).toBe(true);
		}
		// The shared password does not open the organizer's account; its own password does.
		expect(await attemptLogin(db, { username: 'm2', password: SHARED, address: '2.2.2.2' })).toMatchObject({ ok: false });
		const own = result.credentials[0].password;
		expect(await attemptLogin(db, { username: 'm2', password: own, address: '2.2.2.2' })).toMatchObject({ ok: true, user: { role: 'organizer', mustChangePassword: true } });
	});

	it('needs no shared password when nobody would get it', async () => {
		const db = await setup();
		const bytes = utf8('工号,姓名,所属单位,角色\no1,甲,市纪委,组织员\no2,乙,市纪委,管理员\n');
		const result = await importPeople(db, { bytes, filename: 'p.csv', password: '', mode: 'shared' });
		expect(result).toMatchObject({ ok: true, people: 2, individualPasswords: 2 });
		expect((await counts(db)).people).toBe(3);
	});

	it('gives everyone a distinct individual password in random mode, all to be changed at first login', async () => {
		const db = await setup();
		// A shared password typed by mistake is ignored in random mode.
		const result = await importPeople(db, { bytes: MIXED_ROLES, filename: 'p.csv', password: SHARED, mode: 'random' });
		expect(result).toMatchObject({ ok: true, people: 5, individualPasswords: 5 });
		if (!result.ok) return;
		expect(result.credentials.map((c) => c.username)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
		const passwords = result.credentials.map((c) => c.password);
		expect(new Set(passwords).size).toBe(5);
		for (const p of passwords) expect(p).toMatch(WELL_FORMED);
		const byName = await stored(db);
		expect(new Set([...byName.values()].map((u) => u.passwordHash)).size).toBe(byName.size);
		for (const c of result.credentials) {
			const user = byName.get(c.username)!;
			expect(user.mustChangePassword).toBe(true);
			expect(await verifyPassword(user.passwordHash, c.password)).toBe(true);
			expect(await verifyPassword(user.passwordHash, SHARED)).toBe(false);
			// Nobody's password opens a colleague's account.
			const other = result.credentials.find((o) => o.username !== c.username)!;
			expect(await verifyPassword(user.passwordHash, other.password)).toBe(false);
		}
	});

	it('stores only hashes and logs nothing that contains a password', async () => {
		const db = await setup();
		const logged: unknown[] = [];
		for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args));
		}
		const result = await importPeople(db, { bytes: MIXED_ROLES, filename: 'p.csv', password: SHARED, mode: 'random' });
		expect(result.ok && result.credentials.length).toBe(5);
		if (!result.ok) return;
		const text = (await everyStoredText(db));
		expect(text).toContain('丙管理员'); // the dump really holds the imported rows
		const logText = JSON.stringify(logged);
		for (const c of result.credentials) {
			expect(text).not.toContain(c.password);
			expect(logText).not.toContain(c.password);
		}
	});

	it('never puts the username inside a generated password', async () => {
		const db = await setup();
		// One-letter usernames: without the check, about one password in six would contain its own.
		const letters = 'abcdefghjkmnpqrstuvw'.split('');
		const bytes = utf8(['工号,姓名,所属单位', ...letters.map((u) => `${u},某人,市纪委`)].join('\n'));
		const result = await importPeople(db, { bytes, filename: 'p.csv', password: '', mode: 'random' });
		expect(result.ok && result.credentials.length).toBe(20);
		if (!result.ok) return;
		for (const c of result.credentials) expect(c.password.toLowerCase()).not.toContain(c.username);
	});

	it('stores nothing and returns no passwords when the file has an error, in either mode', async () => {
		const db = await setup();
		const bytes = utf8('工号,姓名,所属单位,角色\ne1,甲,市纪委/新单位,组织员\ne2,,市纪委/新单位,学员\n');
		for (const mode of ['shared', 'random'] as const) {
			const result = await importPeople(db, { bytes, filename: 'p.csv', password: SHARED, mode });
			expect(result).toEqual({ ok: false, field: 'file', issues: [{ row: 3, column: '姓名', message: '缺少姓名' }], totalIssues: 1 });
		}
		expect(await counts(db)).toEqual({ people: 1, units: 1 });
	});

	it('limits how many individual passwords one import may create, before hashing any', async () => {
		const db = await setup();
		const n = IMPORT_MAX_INDIVIDUAL_PASSWORDS + 1;
		const learners = utf8(['工号,姓名,所属单位', ...Array.from({ length: n }, (_, i) => `c${i},某人,市纪委`)].join('\n'));
		expect(await importPeople(db, { bytes: learners, filename: 'p.csv', password: SHARED, mode: 'random' })).toEqual({
			ok: false,
			field: 'file',
			issues: [
				{
					row: null,
					column: null,
					message: `本次需要生成 ${n} 个个人随机初始密码，一次最多 ${IMPORT_MAX_INDIVIDUAL_PASSWORDS} 个：请拆分后分批导入，或改用统一密码（组织员和管理员仍各自获得随机密码）`
				}
			],
			totalIssues: 1
		});
		// The same learners with a shared password are fine (checked only: hashing is not the point here).
		expect(await importPeople(db, { bytes: learners, filename: 'p.csv', password: SHARED, mode: 'shared', dryRun: true })).toMatchObject({
			ok: true,
			people: n,
			individualPasswords: 0
		});
		expect(await counts(db)).toEqual({ people: 1, units: 1 });
	});

	it('offers the passwords as a CSV that Excel opens as Chinese and does not run as formulas', () => {
		const csv = credentialsCsv([
			{ username: '20260001', name: '王某', unitPath: '市纪委/第一党支部', password: 'Ab3dEf7hJk' },
			{ username: 'x2', name: '=HYPERLINK("http://evil")', unitPath: '市纪委', password: 'Zx9wVu8tSr' }
		]);
		expect(csv.startsWith('\uFEFF工号/用户名,姓名,所属单位,初始密码\r\n')).toBe(true);
		expect(csv).toContain('20260001,王某,市纪委/第一党支部,Ab3dEf7hJk\r\n');
		expect(csv).toContain(`x2,"'=HYPERLINK(""http://evil"")",市纪委,Zx9wVu8tSr\r\n`);
	});
});
