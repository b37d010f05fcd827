import { crc32, inflateRawSync } from 'node:zlib';

// Reads a ZIP archive (a .docx is one) without trusting it: the central directory is parsed
// by hand, every entry is inflated with a hard cap on its output, and the inflated size and
// CRC must match what the archive declares. A zip bomb, a lying header, an encrypted or ZIP64
// archive, or too many entries is refused before any library (mammoth) opens the bytes.
// Kept small and separate so a shared upload-safety module can replace it.

export type ZipLimits = { maxEntries: number; maxUncompressedBytes: number };
export type ZipEntry = { name: string; size: number; data: Buffer };
export type ZipResult = { ok: true; entries: Map<string, ZipEntry> } | { ok: false; reason: ZipProblem };
export type ZipProblem = 'not-zip' | 'too-many-entries' | 'too-large' | 'encrypted' | 'unsupported' | 'corrupt';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
	// The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
	const stop = Math.max(0, buf.length - 22 - 0xffff);
	for (let i = buf.length - 22; i >= stop; i--) {
		if (buf.readUInt32LE(i) === EOCD) return i;
	}
	return -1;
}

export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipResult {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) return { ok: false, reason: 'not-zip' };
	const end = findEndOfCentralDirectory(buf);
	if (end < 0) return { ok: false, reason: 'not-zip' };
	const count = buf.readUInt16LE(end + 10);
	const cdSize = buf.readUInt32LE(end + 12);
	const cdOffset = buf.readUInt32LE(end + 16);
	if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return { ok: false, reason: 'unsupported' };
	if (buf.readUInt16LE(end + 4) !== 0 || buf.readUInt16LE(end + 6) !== 0 || buf.readUInt16LE(end + 8) !== count) return { ok: false, reason: 'unsupported' };
	if (count > limits.maxEntries) return { ok: false, reason: 'too-many-entries' };
	if (cdOffset + cdSize > end) return { ok: false, reason: 'corrupt' };

	const entries = new Map<string, ZipEntry>();
	let budget = limits.maxUncompressedBytes;
	let p = cdOffset;
	for (let i = 0; i < count; i++) {
		if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: 'corrupt' };
		const flags = buf.readUInt16LE(p + 8);
		const method = buf.readUInt16LE(p + 10);
		const crc = buf.readUInt32LE(p + 16);
		const compressedSize = buf.readUInt32LE(p + 20);
		const size = buf.readUInt32LE(p + 24);
		const nameLength = buf.readUInt16LE(p + 28);
		const extraLength = buf.readUInt16LE(p + 30);
		const commentLength = buf.readUInt16LE(p + 32);
		const localOffset = buf.readUInt32LE(p + 42);
		const name = buf.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
		p += 46 + nameLength + extraLength + commentLength;

		if (flags & 0x1) return { ok: false, reason: 'encrypted' };
		if (method !== 0 && method !== 8) return { ok: false, reason: 'unsupported' };
		if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) return { ok: false, reason: 'unsupported' };
		if (size > budget) return { ok: false, reason: 'too-large' };
		if (entries.has(name)) return { ok: false, reason: 'corrupt' };

		if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) return { ok: false, reason: 'corrupt' };
		const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
		if (dataStart + compressedSize > buf.length) return { ok: false, reason: 'corrupt' };
		const raw = buf.subarray(dataStart, dataStart + compressedSize);

		let data: Buffer;
		if (method === 0) data = raw;
		else {
			try {
				// One byte more than declared: a header that understates the size is caught, never followed.
				data = inflateRawSync(raw, { maxOutputLength: Math.min(budget, size) + 1 });
			} catch (e) {
				return { ok: false, reason: (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt' };
			}
		}
		if (data.length !== size || crc32(data) !== crc) return { ok: false, reason: 'corrupt' };
		budget -= size;
		entries.set(name, { name, size, data });
	}
	return { ok: true, entries };
}
