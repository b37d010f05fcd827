import { inflateRawSync } from 'node:zlib';

// Reads a .zip (also .docx and .xlsx, which are zips) into memory, refusing zip bombs: the entry
// count and the declared sizes are checked from the central directory first, then every entry is
// inflated with a hard cap on its real output, so a file that lies about its sizes is caught too.
// Kept small and in one place so that a shared upload-safety module can replace it.

export type ZipLimits = { maxEntries: number; maxTotalBytes: number };
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 2000, maxTotalBytes: 64 * 1024 * 1024 };

export type ZipResult = { ok: true; entries: Map<string, Uint8Array> } | { ok: false; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipResult {
	const broken = { ok: false as const, message: '压缩文件已损坏或格式不正确，无法读取' };
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	}
	if (eocd === -1) return broken;
	const count = view.getUint16(eocd + 10, true);
	const dirOffset = view.getUint32(eocd + 16, true);
	if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, message: '不支持 ZIP64 格式的压缩文件' };
	if (count > limits.maxEntries) return { ok: false, message: `压缩文件中的文件过多（${count} 个，上限 ${limits.maxEntries} 个），已拒绝` };

	type Entry = { name: string; method: number; compressed: number; size: number; local: number };
	const list: Entry[] = [];
	let declared = 0;
	let p = dirOffset;
	const decoder = new TextDecoder('utf-8');
	const gbk = new TextDecoder('gb18030');
	for (let i = 0; i < count; i++) {
		if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) return broken;
		const flags = view.getUint16(p + 8, true);
		const method = view.getUint16(p + 10, true);
		const compressed = view.getUint32(p + 20, true);
		const size = view.getUint32(p + 24, true);
		const nameLength = view.getUint16(p + 28, true);
		const extra = view.getUint16(p + 30, true);
		const comment = view.getUint16(p + 32, true);
		const local = view.getUint32(p + 42, true);
		const rawName = bytes.subarray(p + 46, p + 46 + nameLength);
		// Flag bit 11: UTF-8 names; otherwise names from Chinese Windows are GBK.
		const name = flags & 0x800 ? decoder.decode(rawName) : gbk.decode(rawName);
		if (flags & 0x1) return { ok: false, message: '不支持加密的压缩文件' };
		declared += size;
		if (declared > limits.maxTotalBytes) return { ok: false, message: `压缩文件解压后过大（超过 ${limits.maxTotalBytes / 1024 / 1024} MB），已拒绝` };
		list.push({ name, method, compressed, size, local });
		p += 46 + nameLength + extra + comment;
	}

	const entries = new Map<string, Uint8Array>();
	let budget = limits.maxTotalBytes;
	for (const e of list) {
		if (e.name.endsWith('/')) continue;
		if (e.local + 30 > bytes.length || view.getUint32(e.local, true) !== LOCAL) return broken;
		const start = e.local + 30 + view.getUint16(e.local + 26, true) + view.getUint16(e.local + 28, true);
		const data = bytes.subarray(start, start + e.compressed);
		if (data.length !== e.compressed) return broken;
		let out: Uint8Array;
		if (e.method === 0) out = data;
		else if (e.method === 8) {
			try {
				// The cap is the real limit: a declared size can lie, the inflated bytes cannot.
				out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
					return { ok: false, message: `压缩文件解压后过大（超过 ${limits.maxTotalBytes / 1024 / 1024} MB），已拒绝` };
				}
				return broken;
			}
		} else return { ok: false, message: '压缩文件使用了不支持的压缩方式' };
		if (out.length !== e.size) return broken;
		budget -= out.length;
		if (budget < 0) return { ok: false, message: `压缩文件解压后过大（超过 ${limits.maxTotalBytes / 1024 / 1024} MB），已拒绝` };
		entries.set(e.name, out);
	}
	return { ok: true, entries };
}
