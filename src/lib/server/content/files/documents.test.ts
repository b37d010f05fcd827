import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { docx, gb18030, utf16le, zip } from '../../../../../tests/support/documents.ts';
import { readDocument } from './documents.ts';
import { decodeText } from './text.ts';

const TEXT = '清风市会议纪律规定\r\n第一条　为了严肃会议纪律，制定本规定。\r\n第二条　本规定自发布之日起施行。\r\n';

describe('decodeText', () => {
	it('reads UTF-8 with and without BOM, GB18030, and UTF-16 with and without BOM', () => {
		const utf8 = new TextEncoder().encode(TEXT);
		expect(decodeText(utf8)).toMatchObject({ ok: true, text: TEXT, encoding: 'UTF-8' });
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toMatchObject({ ok: true, text: TEXT, encoding: 'UTF-8' });
		expect(decodeText(gb18030(TEXT))).toMatchObject({ ok: true, text: TEXT, encoding: 'GB18030' });
		expect(decodeText(utf16le(TEXT))).toMatchObject({ ok: true, text: TEXT, encoding: 'UTF-16LE' });
		expect(decodeText(utf16le(TEXT, false))).toMatchObject({ ok: true, text: TEXT, encoding: 'UTF-16LE' });
		const be = Buffer.from(utf16le(TEXT, false)).swap16();
		expect(decodeText(new Uint8Array(be))).toMatchObject({ ok: true, text: TEXT, encoding: 'UTF-16BE' });
	});

	it('says so when the encoding cannot be told (Big5 bytes, random bytes)', () => {
		// 會議紀律 in Big5: valid GB18030 bytes too, but they read as rare characters.
		const big5 = new Uint8Array([0xb7, 0x7c, 0xc4, 0xb3, 0xac, 0xf6, 0xab, 0xdf, 0xb7, 0x7c, 0xc4, 0xb3, 0xac, 0xf6, 0xab, 0xdf]);
		expect(decodeText(big5)).toMatchObject({ ok: false, message: expect.stringContaining('无法确定文件的文字编码') });
		const noise = new Uint8Array(Array.from({ length: 301 }, (_, i) => (i * 197 + 131) % 256));
		expect(decodeText(noise).ok).toBe(false);
	});
});

/** Replaces the one stored entry's data with `deflated`, keeping the declared sizes small. */
function forgeEntry(single: Buffer, deflated: Buffer): Uint8Array {
	const nameLength = single.readUInt16LE(26);
	const header = Buffer.from(single.subarray(0, 30 + nameLength));
	header.writeUInt16LE(8, 8);
	header.writeUInt32LE(deflated.length, 18);
	const rest = single.subarray(30 + nameLength + 10);
	const central = Buffer.from(rest.subarray(0, rest.length - 22));
	central.writeUInt16LE(8, 10);
	central.writeUInt32LE(deflated.length, 20);
	const end = Buffer.from(rest.subarray(rest.length - 22));
	end.writeUInt32LE(30 + nameLength + deflated.length, 16);
	return new Uint8Array(Buffer.concat([header, deflated, central, end]));
}

describe('readDocument', () => {
	it('refuses a zip bomb named .docx before any parser opens it', async () => {
		// Declares 10 bytes, inflates to 2 MB: the inflater stops at the declared size.
		const forged = forgeEntry(Buffer.from(zip({ 'word/document.xml': new Uint8Array(10) }, { store: true })), deflateRawSync(Buffer.alloc(2_000_000)));
		expect(await readDocument(forged, '规定.docx')).toMatchObject({ ok: false, message: expect.stringContaining('超过其声明的大小') });
	});

	it('reads a .docx as one line per paragraph', async () => {
		const r = await readDocument(docx(['清风市会议纪律规定', '第一条　为了严肃会议纪律，制定本规定。']), '规定.docx');
		expect(r).toMatchObject({ ok: true, format: 'docx', text: '清风市会议纪律规定\n第一条　为了严肃会议纪律，制定本规定。\n' });
	});

	it('reads a GB18030 .txt', async () => {
		expect(await readDocument(gb18030(TEXT), '规定.txt')).toMatchObject({ ok: true, format: 'txt', encoding: 'GB18030', text: TEXT });
	});

	it('refuses what it cannot read, with a message in Chinese', async () => {
		expect(await readDocument(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'old.doc')).toMatchObject({ ok: false, message: expect.stringContaining('.doc') });
		expect(await readDocument(new TextEncoder().encode('%PDF-1.7'), 'x.pdf')).toMatchObject({ ok: false, message: expect.stringContaining('PDF') });
		expect(await readDocument(zip({ 'a.txt': 'x' }), 'x.docx')).toMatchObject({ ok: false, message: expect.stringContaining('不是 Word') });
		expect(await readDocument(new Uint8Array(), 'x.txt')).toMatchObject({ ok: false, message: '上传的文件是空的' });
		expect(await readDocument(new TextEncoder().encode('abc'), 'x.exe')).toMatchObject({ ok: false, message: expect.stringContaining('无法识别') });
	});
});
