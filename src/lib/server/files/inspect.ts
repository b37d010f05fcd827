import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { FileKind } from '../../vocabulary.ts';
import { FILE_KIND_LABELS } from '../../vocabulary.ts';
import { DOCX_ZIP_LIMITS, IMAGE_JPEG_QUALITY, IMAGE_MAX_EDGE, IMAGE_MAX_INPUT_PIXELS, MB } from './limits.ts';
import { safeFileName } from './names.ts';
import { readZip } from '../uploads/zip.ts';

// Decides what an uploaded file is from its bytes, never from its name or the browser's type,
// and refuses anything that is not exactly what the feature accepts:
//   .docx — a real OOXML word-processing package (ZIP with [Content_Types].xml declaring the main
//           document, word/document.xml present, no macros), within the ZIP limits;
//   image — JPEG, PNG or WebP that sharp can decode within the pixel limit; stored re-encoded
//           (JPEG, orientation applied, metadata dropped, fitting IMAGE_MAX_EDGE), never as sent;
//   PDF   — starts with %PDF- and ends with %%EOF; stored as is and only ever served as a download.
// Nothing here touches the disk or the database.

/** The kinds a feature accepts, each with its size limit in MB. */
export type Accept = Partial<Record<FileKind, number>>;

export type InspectedFile = {
	kind: FileKind;
	mimeType: string;
	name: string;
	bytes: Buffer;
	size: number;
	sha256: string;
	width: number | null;
	height: number | null;
	/** .docx only: the archive's entries (already inflated within limits), for reading the text. */
	docx?: Map<string, Uint8Array>;
};

export type InspectResult = { ok: true; file: InspectedFile } | { ok: false; message: string };

const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Sniffed = FileKind | 'zip' | 'ole' | 'executable' | 'heic' | 'gif' | 'unknown';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');

export function sniff(b: Uint8Array): Sniffed {
	if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image';
	if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image';
	if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image';
	if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
	if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
	if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
	if (ascii(b, 0, 2) === 'MZ' || startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) || ascii(b, 0, 2) === '#!' || startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xca, 0xfe, 0xba, 0xbe])) return 'executable';
	if (ascii(b, 4, 8) === 'ftyp' && /^(heic|heix|hevc|mif1|msf1|heim|heis|avif)$/.test(ascii(b, 8, 12))) return 'heic';
	if (ascii(b, 0, 4) === 'GIF8') return 'gif';
	return 'unknown';
}

function acceptedList(accept: Accept): string {
	return (Object.keys(accept) as FileKind[]).map((k) => FILE_KIND_LABELS[k]).join('、');
}

const sizeText = (mb: number) => `${mb} MB`;

/** Checks one uploaded file against what the feature accepts. */
export async function inspectUpload(bytes: Uint8Array, uploadedName: string, accept: Accept, options: { imageMaxEdge?: number } = {}): Promise<InspectResult> {
	const shown = `“${uploadedName.slice(0, 80)}”`;
	if (bytes.length === 0) return { ok: false, message: `${shown}是空文件` };
	const sniffed = sniff(bytes);
	const refuse = (why: string): InspectResult => ({ ok: false, message: `${shown}${why}，未保存。可以上传：${acceptedList(accept)}` });
	if (sniffed === 'executable') return refuse('是可执行程序或脚本，不能上传');
	if (sniffed === 'ole') return refuse('是旧版 Word（.doc）或其他 Office 旧格式文件，请另存为 .docx 后再上传');
	if (sniffed === 'heic') return refuse('是 HEIC/AVIF 格式的照片，请在手机上另存为 JPG（或截图）后再上传');
	if (sniffed === 'gif') return refuse('是 GIF 动图，请上传 JPG、PNG 或 WebP 图片');
	if (sniffed === 'unknown') return refuse('的内容无法识别（只看文件内容，不看扩展名）');
	const kind: FileKind | null = sniffed === 'zip' ? 'docx' : sniffed;
	const limitMb = accept[kind];
	if (limitMb === undefined) {
		if (sniffed === 'zip') return refuse('是压缩包或 Word 文档，本次不接受此类文件');
		return refuse(`是${FILE_KIND_LABELS[kind]}，本次不接受此类文件`);
	}
	if (bytes.length > limitMb * MB) return { ok: false, message: `${shown}大小为 ${(bytes.length / MB).toFixed(1)} MB，超过了${FILE_KIND_LABELS[kind]}的上限 ${sizeText(limitMb)}，未保存` };

	if (kind === 'docx') return await checkDocx(bytes, uploadedName, refuse);
	if (kind === 'pdf') return checkPdf(bytes, uploadedName, refuse);
	return await reencodeImage(bytes, uploadedName, refuse, options.imageMaxEdge ?? IMAGE_MAX_EDGE);
}

function finish(kind: FileKind, mimeType: string, name: string, bytes: Buffer, extra: Partial<InspectedFile> = {}): InspectResult {
	return {
		ok: true,
		file: { kind, mimeType, name, bytes, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), width: null, height: null, ...extra }
	};
}

async function checkDocx(bytes: Uint8Array, uploadedName: string, refuse: (why: string) => InspectResult): Promise<InspectResult> {
	const zip = await readZip(bytes, DOCX_ZIP_LIMITS);
	if (!zip.ok) return refuse(zip.problem === 'damaged' ? '已损坏或不是有效的 Word 文档（.docx）' : `不是正常的 Word 文档：${zip.message}`);
	const types = new TextDecoder().decode(zip.entries.get('[Content_Types].xml') ?? new Uint8Array());
	if (/macroEnabled/i.test(types) || zip.entries.has('word/vbaProject.bin')) return refuse('含有宏，不能上传，请另存为不含宏的 .docx');
	if (!types.includes(DOCX_MAIN) || !zip.entries.has('word/document.xml')) return refuse('不是 Word 文档（.docx）');
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return finish('docx', DOCX_MIME, safeFileName(uploadedName, 'docx', 'Word文档'), Buffer.from(buffer), { docx: zip.entries });
}

function checkPdf(bytes: Uint8Array, uploadedName: string, refuse: (why: string) => InspectResult): InspectResult {
	const tail = ascii(bytes, Math.max(0, bytes.length - 2048), bytes.length);
	if (!tail.includes('%%EOF')) return refuse('不是完整的 PDF 文件');
	return finish('pdf', 'application/pdf', safeFileName(uploadedName, 'pdf', 'PDF文件'), Buffer.from(bytes));
}

async function reencodeImage(bytes: Uint8Array, uploadedName: string, refuse: (why: string) => InspectResult, maxEdge: number): Promise<InspectResult> {
	try {
		const image = sharp(bytes, { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, failOn: 'error' });
		const meta = await image.metadata();
		if (!['jpeg', 'png', 'webp'].includes(meta.format ?? '')) return refuse('不是 JPG、PNG 或 WebP 图片');
		const { data, info } = await image
			.rotate()
			.resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: IMAGE_JPEG_QUALITY, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return finish('image', 'image/jpeg', safeFileName(uploadedName, 'jpg', '图片'), data, { width: info.width, height: info.height });
	} catch (e) {
		const message = e instanceof Error ? e.message : '';
		if (/pixel limit/i.test(message)) return refuse(`的像素过多（超过 ${IMAGE_MAX_INPUT_PIXELS / 1_000_000} 百万像素）`);
		return refuse('无法识别或已损坏');
	}
}
