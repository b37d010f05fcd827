import { crc32, inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';

// The one place an uploaded archive is opened. .xlsx, .docx and content packages are zip archives. A few megabytes of zip can inflate to
// gigabytes (a "zip bomb"), and the parsers (exceljs, and whatever reads .docx) inflate
// everything into memory. So an upload is checked here before any parser sees it:
//
//   1. The central directory is read (no inflating): the number of entries, each entry's
//      declared size and their total must stay within limits; encrypted, multi-disk and ZIP64
//      archives and unknown compression methods are refused (nothing we accept needs them).
//   2. Every entry is then inflated once, off the main thread (zlib's thread pool) and with an
//      output cap of its declared size, so an archive that lies about its sizes is caught too.
//
// Only then is the archive handed to a parser, which finds exactly these entries (parsers read
// the same central directory). readZip does the same and keeps the inflated entries, for code
// that reads the files itself (a course folder, a .docx's parts); it also checks every CRC.

const inflateRawAsync = promisify(inflateRaw);

export type ZipLimits = {
	/** Most entries (files and folders) the archive may hold. */
	maxEntries: number;
	/** Largest uncompressed size of any one entry, in bytes. */
	maxEntryBytes: number;
	/** Largest uncompressed size of all entries together, in bytes. */
	maxTotalBytes: number;
};

export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; crc: number; localHeaderOffset: number };

export type ZipProblem = 'damaged' | 'too-large' | 'unsupported';
export type ZipRefusal = { ok: false; problem: ZipProblem; message: string };
export type ZipCheck = { ok: true; entries: ZipEntry[]; totalBytes: number } | ZipRefusal;
/** The archive's files (folders left out), inflated, by name. */
export type ZipRead = { ok: true; entries: Map<string, Uint8Array> } | ZipRefusal;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;
const STORED = 0;
const DEFLATED = 8;

const mb = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} MB`;
const damaged = (): ZipRefusal => ({ ok: false, problem: 'damaged', message: '文件已损坏或不是有效的压缩文件' });
const unsupported = (message: string): ZipRefusal => ({ ok: false, problem: 'unsupported', message });
const tooLarge = (message: string): ZipRefusal => ({ ok: false, problem: 'too-large', message });

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Step 1: the central directory, checked against the limits. Cheap: nothing is inflated. */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits): ZipCheck {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (at: number) => view.getUint16(at, true);
	const u32 = (at: number) => view.getUint32(at, true);

	// The end record sits in the last 22 bytes plus at most a 64 KB comment.
	let eocd = -1;
	for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
		if (u32(at) === EOCD) {
			eocd = at;
			break;
		}
	}
	if (eocd < 0) return damaged();
	if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) return unsupported('不支持 ZIP64 格式的大型压缩文件');
	const disk = u16(eocd + 4);
	const directoryDisk = u16(eocd + 6);
	const entriesHere = u16(eocd + 8);
	const entryCount = u16(eocd + 10);
	const directorySize = u32(eocd + 12);
	const directoryOffset = u32(eocd + 16);
	if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entryCount) return unsupported('不支持分卷压缩文件');
	if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return unsupported('不支持 ZIP64 格式的大型压缩文件');
	if (entryCount > limits.maxEntries) return tooLarge(`压缩文件内的文件过多（${entryCount} 个，上限 ${limits.maxEntries} 个）`);
	if (directoryOffset + directorySize > eocd) return damaged();

	const entries: ZipEntry[] = [];
	const names = new Set<string>();
	let totalBytes = 0;
	let at = directoryOffset;
	const utf8 = new TextDecoder('utf-8');
	const gbk = new TextDecoder('gb18030');
	for (let i = 0; i < entryCount; i++) {
		if (at + 46 > eocd || u32(at) !== CENTRAL) return damaged();
		const flags = u16(at + 8);
		const method = u16(at + 10);
		const crc = u32(at + 16);
		const compressedSize = u32(at + 20);
		const size = u32(at + 24);
		const nameLength = u16(at + 28);
		const extraLength = u16(at + 30);
		const commentLength = u16(at + 32);
		const localHeaderOffset = u32(at + 42);
		// Flag bit 11 marks UTF-8 names; archives made on Chinese Windows name their files in GBK.
		const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
		const name = flags & 0x800 ? utf8.decode(rawName) : gbk.decode(rawName);
		at += 46 + nameLength + extraLength + commentLength;
		if (flags & 0x1) return unsupported('文件已加密：请先取消密码保护后再上传');
		if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff) return unsupported('不支持 ZIP64 格式的大型压缩文件');
		if (method !== STORED && method !== DEFLATED) return unsupported('文件使用了不支持的压缩方式');
		if (method === STORED && compressedSize !== size) return damaged();
		if (size > limits.maxEntryBytes) {
			return tooLarge(`文件解压后过大（其中“${name.slice(0, 60)}”约 ${mb(size)}，单个上限 ${mb(limits.maxEntryBytes)}），请删减内容后再上传`);
		}
		totalBytes += size;
		if (totalBytes > limits.maxTotalBytes) {
			return tooLarge(`文件解压后过大（超过 ${mb(limits.maxTotalBytes)}），请删减内容或拆分后再上传`);
		}
		// Two entries of one name: parsers would disagree about which one is the file.
		if (names.has(name)) return damaged();
		names.add(name);
		entries.push({ name, method, compressedSize, size, crc, localHeaderOffset });
	}
	return { ok: true, entries, totalBytes };
}

/** Where an entry's compressed data lies, from its local header. */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
	const at = entry.localHeaderOffset;
	if (at + 30 > bytes.length) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(at, true) !== LOCAL) return null;
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	const end = start + entry.compressedSize;
	return end <= bytes.length ? bytes.subarray(start, end) : null;
}

/** Step 2 for one entry: its bytes, inflated with the output capped at the declared size, CRC checked. */
async function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Promise<{ ok: true; data: Uint8Array } | ZipRefusal> {
	const raw = entryData(bytes, entry);
	if (!raw) return damaged();
	let data: Uint8Array = raw;
	if (entry.method !== STORED) {
		try {
			data = await inflateRawAsync(raw, { maxOutputLength: Math.max(1, entry.size) });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
				return tooLarge('文件解压后的实际大小超过其声明的大小，可能是恶意构造的文件，已拒绝');
			}
			return damaged();
		}
	}
	if (data.length !== entry.size || crc32(data) !== entry.crc) return damaged();
	return { ok: true, data };
}

/**
 * Checks an uploaded archive before any parser reads it (steps 1 and 2 above). Returns its
 * entries, or a Chinese message saying why it is refused.
 */
export async function checkZipUpload(bytes: Uint8Array, limits: ZipLimits): Promise<ZipCheck> {
	if (!isZip(bytes)) return damaged();
	const directory = readZipDirectory(bytes, limits);
	if (!directory.ok) return directory;
	for (const entry of directory.entries) {
		const inflated = await inflateEntry(bytes, entry);
		if (!inflated.ok) return inflated;
	}
	return directory;
}

/** Checks an archive as checkZipUpload does and returns its files' contents by name. */
export async function readZip(bytes: Uint8Array, limits: ZipLimits): Promise<ZipRead> {
	if (!isZip(bytes)) return damaged();
	const directory = readZipDirectory(bytes, limits);
	if (!directory.ok) return directory;
	const entries = new Map<string, Uint8Array>();
	for (const entry of directory.entries) {
		const inflated = await inflateEntry(bytes, entry);
		if (!inflated.ok) return inflated;
		if (!entry.name.endsWith('/')) entries.set(entry.name, inflated.data);
	}
	return { ok: true, entries };
}
