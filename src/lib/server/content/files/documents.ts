import mammoth from 'mammoth';
import { decodeText } from './text.ts';
import { isZip, readZip } from '../../uploads/zip.ts';
import { DOCX_ZIP_LIMITS } from '../../files/limits.ts';

// Turns an uploaded document (.docx, .txt in any common Chinese encoding, .md) into text, checked
// by content and size, never by its name alone. Nothing in a file is ever executed: a .docx is
// only unzipped (within limits) and its paragraphs read as plain text.

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export type DocumentFormat = 'docx' | 'txt' | 'md';
export type DocumentResult = { ok: true; text: string; format: DocumentFormat; encoding: string } | { ok: false; message: string };

export function extensionOf(filename: string): string {
	return /\.([^.]+)$/.exec(filename.trim().toLowerCase())?.[1] ?? '';
}

/** Paragraphs of a .docx as lines of text (tables' cells one per line), after the zip-bomb check. */
export async function docxText(bytes: Uint8Array): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
	const zip = await readZip(bytes, DOCX_ZIP_LIMITS);
	if (!zip.ok) return { ok: false, message: zip.message };
	if (!zip.entries.has('word/document.xml')) return { ok: false, message: '这不是 Word（.docx）文档：文件中没有正文部分' };
	try {
		const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
		// mammoth separates paragraphs by a blank line; one line per paragraph is what the parsers read.
		return { ok: true, text: result.value.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n') };
	} catch {
		return { ok: false, message: '无法读取该 Word 文档，文件可能已损坏' };
	}
}

export async function readDocument(bytes: Uint8Array, filename: string): Promise<DocumentResult> {
	const ext = extensionOf(filename);
	if (bytes.byteLength === 0) return { ok: false, message: '上传的文件是空的' };
	if (bytes.byteLength > DOCUMENT_MAX_BYTES) {
		return { ok: false, message: `文件过大（${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB），上限为 ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB` };
	}
	if (ext === 'doc' || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)) {
		return { ok: false, message: '不支持旧版 Word（.doc）文件：请在 Word 或 WPS 中“另存为” .docx 后再上传' };
	}
	if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
		return { ok: false, message: '不支持 PDF 文件：请把文字复制到文本文件（.txt）中，或另存为 .docx 后再上传' };
	}
	if (isZip(bytes)) {
		if (ext !== 'docx' && ext !== '') return { ok: false, message: `文件“${filename}”的内容是压缩包，不是文本：法规请上传 .docx、.txt 或 .md 文件` };
		const doc = await docxText(bytes);
		return doc.ok ? { ok: true, text: doc.text, format: 'docx', encoding: 'UTF-8' } : doc;
	}
	if (ext === 'docx') return { ok: false, message: '该文件不是有效的 Word（.docx）文档' };
	if (ext !== 'txt' && ext !== 'md' && ext !== 'markdown' && ext !== '') {
		return { ok: false, message: `无法识别的文件“${filename}”：请上传 .docx、.txt 或 .md 文件` };
	}
	const decoded = decodeText(bytes);
	if (!decoded.ok) return decoded;
	// Control characters other than line breaks and tabs do not occur in text files.
	// eslint-disable-next-line no-control-regex -- looking for control characters is the point
	if (/[\u0000-\u0008\u000e-\u001f]/.test(decoded.text.slice(0, 65536))) return { ok: false, message: '无法识别的文件内容：请上传 .docx、.txt 或 .md 文件' };
	return { ok: true, text: decoded.text.replace(/^\uFEFF/, ''), format: ext === 'txt' ? 'txt' : ext === '' ? 'txt' : 'md', encoding: decoded.encoding };
}
