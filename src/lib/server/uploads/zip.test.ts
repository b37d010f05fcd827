import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { checkZipUpload, readZip, readZipDirectory, type ZipLimits } from './zip.ts';
import { readXlsxRows, XLSX_LIMITS } from './spreadsheet.ts';
import { deflatedZeros, writeZip as zip, type TestZipEntry as Entry } from './test-zip.ts';

const MB = 1024 * 1024;
const limits: ZipLimits = { maxEntries: 10, maxEntryBytes: 4 * MB, maxTotalBytes: 6 * MB };
const zeros = (n: number) => new Uint8Array(n);

describe('checking a zip upload before parsing', () => {
	it('accepts an archive within the limits and lists its entries', async () => {
		const archive = zip([{ name: 'a.xml', data: new TextEncoder().encode('<a>清风</a>') }, { name: 'b.bin', data: zeros(1000), method: 0 }]);
		const checked = await checkZipUpload(archive, limits);
		expect(checked).toMatchObject({ ok: true, totalBytes: 1000 + 13, entries: [{ name: 'a.xml', size: 13 }, { name: 'b.bin', size: 1000 }] });
	});

	it('refuses by declared uncompressed size, per entry and in total, without inflating anything', () => {
		const oneHuge = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(5 * MB) }]);
		expect(oneHuge.length).toBeLessThan(10_000);
		expect(readZipDirectory(oneHuge, limits)).toMatchObject({ ok: false, problem: 'too-large', message: expect.stringContaining('sheet1.xml') });
		const manyLarge = zip([1, 2, 3].map((i) => ({ name: `part${i}.xml`, data: zeros(3 * MB) })));
		expect(readZipDirectory(manyLarge, limits)).toMatchObject({ ok: false, problem: 'too-large', message: expect.stringContaining('超过 6 MB') });
	});

	it('refuses too many entries', () => {
		const many = zip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: zeros(1) })));
		expect(readZipDirectory(many, limits)).toMatchObject({ ok: false, problem: 'too-large', message: expect.stringContaining('11 个') });
	});

	it('catches an archive that lies about its sizes by inflating it with a cap', async () => {
		const liar = zip([{ name: 'xl/sharedStrings.xml', data: zeros(5 * MB), declaredSize: 1000 }]);
		expect(readZipDirectory(liar, limits).ok).toBe(true);
		expect(await checkZipUpload(liar, limits)).toMatchObject({ ok: false, problem: 'too-large', message: expect.stringContaining('超过其声明的大小') });
	});

	it('refuses encrypted archives and unknown compression, and calls garbage damaged', async () => {
		expect(await checkZipUpload(zip([{ name: 'a', data: zeros(10), flags: 1 }]), limits)).toMatchObject({ ok: false, problem: 'unsupported', message: expect.stringContaining('加密') });
		expect(await checkZipUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), limits)).toMatchObject({ ok: false, problem: 'damaged' });
		const truncated = zip([{ name: 'a', data: zeros(100) }]).slice(0, 40);
		expect(await checkZipUpload(truncated, limits)).toMatchObject({ ok: false, problem: 'damaged' });
	});
});

describe('reading an .xlsx', () => {
	it('reads a real workbook in a worker thread', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('人员');
		sheet.addRow(['工号', '姓名']);
		sheet.addRow([20260001, '王某']);
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(await readXlsxRows(bytes, { maxRows: 10 })).toEqual({ ok: true, rows: [{ row: 1, cells: ['工号', '姓名'] }, { row: 2, cells: ['20260001', '王某'] }] });
	});

	it('refuses a 1 GB zip bomb by its uncompressed size, at once and without inflating it', async () => {
		// Four sheets of 256 MB of zeros each: 1 GB in a file of about 1 MB.
		const sheet = deflatedZeros(256);
		const entries: Entry[] = [{ name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') }];
		for (let s = 1; s <= 4; s++) entries.push({ name: `xl/worksheets/sheet${s}.xml`, data: new Uint8Array(), compressed: sheet, declaredSize: 256 * MB });
		const bomb = zip(entries);
		expect(bomb.length).toBeLessThan(4 * MB);
		const rssBefore = process.memoryUsage().rss;
		const started = performance.now();
		const result = await readXlsxRows(bomb, { maxRows: 20_001 });
		expect(result).toMatchObject({ ok: false, problem: 'refused', message: expect.stringMatching(/解压后过大/) });
		expect(performance.now() - started).toBeLessThan(1000);
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MB);
		// The same bomb claiming to be small is caught while inflating, with the output capped.
		const liar = zip(entries.map((e) => (e.compressed ? { ...e, declaredSize: 1000 } : e)));
		expect(await readXlsxRows(liar, { maxRows: 20_001 })).toMatchObject({ ok: false, problem: 'refused', message: expect.stringContaining('超过其声明的大小') });
		expect(XLSX_LIMITS.maxTotalBytes).toBeLessThan(256 * MB);
	});

	it('parses off the main thread, so other requests are answered meanwhile', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('人员');
		for (let i = 0; i < 10_000; i++) sheet.addRow([20260000 + i, `人员${i}`, '市纪委/机关党委/第一党支部', '科员', '否', '学员']);
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		// Event-loop utilization: the share of the time the main thread was busy. Parsing the same
		// file on the main thread keeps it at 1.0; here the main thread mostly waits for the worker.
		const before = performance.eventLoopUtilization();
		const read = await readXlsxRows(bytes, { maxRows: 20_001 });
		const busy = performance.eventLoopUtilization(before).utilization;
		expect(read.ok && read.rows.length).toBe(10_000);
		expect(busy).toBeLessThan(0.3);
	});
});

describe('reading a zip upload', () => {
	it('returns the files by name, folders left out, with GBK names from Chinese Windows read right', async () => {
		const gbkName = new Uint8Array([0xd5, 0xfd, 0xce, 0xc4, 0x2e, 0x6d, 0x64]); // 正文.md in GBK, no UTF-8 flag
		const archive = zip([
			{ name: 'dir/', data: zeros(0), method: 0 },
			{ name: 'dir/说明.md', data: new TextEncoder().encode('甲'), flags: 0x800 },
			{ name: gbkName, data: new TextEncoder().encode('乙') }
		]);
		const read = await readZip(archive, limits);
		expect(read.ok && [...read.entries.keys()]).toEqual(['dir/说明.md', '正文.md']);
		expect(read.ok && new TextDecoder().decode(read.entries.get('正文.md'))).toBe('乙');
	});

	it('refuses a damaged entry (wrong checksum) and two entries of one name', async () => {
		const good = zip([{ name: 'a.xml', data: new TextEncoder().encode('<a>清风</a>') }]);
		const bad = Buffer.from(good);
		const cd = bad.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
		bad.writeUInt32LE((bad.readUInt32LE(cd + 16) ^ 1) >>> 0, cd + 16);
		expect(await readZip(bad, limits)).toMatchObject({ ok: false, problem: 'damaged' });
		const twice = zip([{ name: 'a.xml', data: zeros(1) }, { name: 'a.xml', data: zeros(2) }]);
		expect(await readZip(twice, limits)).toMatchObject({ ok: false, problem: 'damaged' });
	});

	it('refuses a bomb as checkZipUpload does', async () => {
		const liar = zip([{ name: 'word/document.xml', data: zeros(5 * MB), declaredSize: 1000 }]);
		expect(await readZip(liar, limits)).toMatchObject({ ok: false, problem: 'too-large' });
	});
});
