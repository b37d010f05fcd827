import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { strToU8, zipSync } from 'fflate';
import { inspectUpload, sniff } from './inspect.ts';
import { safeFileName, cleanLine } from './names.ts';
import { fakeExecutable, makeDocx } from './testing.ts';

const ALL = { docx: 10, image: 1, pdf: 10 };

async function png(width: number, height: number, noisy = false): Promise<Buffer> {
	if (!noisy) return await sharp({ create: { width, height, channels: 3, background: '#c00' } }).png().toBuffer();
	const raw = Buffer.alloc(width * height * 3);
	for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
	return await sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

describe('inspectUpload: the content decides, not the name', () => {
	it('accepts a real .docx and keeps its parts for reading', async () => {
		const result = await inspectUpload(makeDocx(['我的心得', '学习纪律处分条例的体会。']), '心得.docx', ALL);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.file).toMatchObject({ kind: 'docx', name: '心得.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
		expect(result.file.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(result.file.docx?.has('word/document.xml')).toBe(true);
	});

	it('refuses an executable renamed .docx, naming the file', async () => {
		const result = await inspectUpload(fakeExecutable(), 'setup.docx', ALL);
		expect(result).toEqual({ ok: false, message: expect.stringContaining('“setup.docx”是可执行程序') });
	});

	it('refuses a ZIP that is not a Word document, a macro document and an old .doc', async () => {
		const plainZip = zipSync({ 'a.txt': strToU8('hello') });
		expect((await inspectUpload(plainZip, 'a.docx', ALL)).ok).toBe(false);
		const docm = makeDocx(['宏'], { 'word/vbaProject.bin': new Uint8Array(10) });
		expect(await inspectUpload(docm, 'a.docx', ALL)).toEqual({ ok: false, message: expect.stringContaining('含有宏') });
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
		expect(await inspectUpload(ole, '旧文档.doc', ALL)).toEqual({ ok: false, message: expect.stringContaining('另存为 .docx') });
	});

	it('refuses a kind the feature does not accept, and a file above its limit', async () => {
		expect(await inspectUpload(makeDocx(['x']), 'a.docx', { image: 5 })).toEqual({ ok: false, message: expect.stringContaining('本次不接受') });
		const big = await png(1200, 1200, true);
		expect(big.length).toBeGreaterThan(1024 * 1024);
		expect(await inspectUpload(big, '大图.png', ALL)).toEqual({ ok: false, message: expect.stringMatching(/“大图\.png”大小为 \d+\.\d MB，超过了图片（JPG、PNG、WebP）的上限 1 MB/) });
	});

	it('re-encodes images to JPEG within the edge limit, whatever they were called', async () => {
		const result = await inspectUpload(await png(3000, 1000), 'scan.docx', ALL);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.file).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', name: 'scan.jpg', width: 2400, height: 800 });
		expect((await sharp(result.file.bytes).metadata()).format).toBe('jpeg');
	});

	it('refuses a corrupt image, an image with too many pixels, SVG and HEIC', async () => {
		const header = (await png(10, 10)).subarray(0, 40);
		expect(await inspectUpload(header, 'broken.png', ALL)).toEqual({ ok: false, message: expect.stringContaining('无法识别或已损坏') });
		// 8000 × 8000 = 64 million pixels, a small file of one colour.
		const huge = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#fff' } }).png().toBuffer();
		expect(await inspectUpload(huge, 'huge.png', ALL)).toEqual({ ok: false, message: expect.stringContaining('像素过多') });
		expect((await inspectUpload(strToU8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.jpg', ALL)).ok).toBe(false);
		const heic = new Uint8Array(32);
		heic.set(strToU8('ftypheic'), 4);
		expect(await inspectUpload(heic, 'IMG_0001.HEIC', ALL)).toEqual({ ok: false, message: expect.stringContaining('HEIC') });
	});

	it('accepts a PDF by its signature and refuses a truncated one', async () => {
		const pdf = strToU8('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
		expect(await inspectUpload(pdf, 'a', ALL)).toMatchObject({ ok: true, file: { kind: 'pdf', name: 'a.pdf', mimeType: 'application/pdf' } });
		expect((await inspectUpload(strToU8('%PDF-1.4\n1 0 obj'), 'a.pdf', ALL)).ok).toBe(false);
	});

	it('sniffs by magic bytes', () => {
		expect(sniff(strToU8('#!/bin/sh\nrm -rf /'))).toBe('executable');
		expect(sniff(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2]))).toBe('executable');
		expect(sniff(strToU8('hello'))).toBe('unknown');
	});
});

describe('file names', () => {
	it('drops paths, control and direction-override characters, and takes the detected extension', () => {
		expect(safeFileName('C:\\Users\\张三\\心得体会.docx', 'docx')).toBe('心得体会.docx');
		expect(safeFileName('photo\u202egpj.exe', 'jpg')).toBe('photogpj.jpg');
		expect(safeFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
		expect(safeFileName('   ', 'pdf')).toBe('附件.pdf');
		expect(cleanLine(' 廉洁\u200b自律\n承诺书 ')).toBe('廉洁自律 承诺书');
	});
});
