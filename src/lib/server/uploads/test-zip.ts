import { constants, crc32, deflateRawSync } from 'node:zlib';

// Zip archives written by hand for tests, so that one can lie about its sizes or be a bomb.

export type TestZipEntry = { name: string | Uint8Array; data: Uint8Array; declaredSize?: number; method?: 0 | 8; flags?: number; compressed?: Uint8Array };

export function writeZip(entries: TestZipEntry[]): Uint8Array {
	const locals: Uint8Array[] = [];
	const centrals: Uint8Array[] = [];
	let offset = 0;
	for (const e of entries) {
		const method = e.method ?? 8;
		const compressed = e.compressed ?? (method === 8 ? deflateRawSync(e.data) : Buffer.from(e.data));
		const name = Buffer.from(e.name);
		const size = e.declaredSize ?? e.data.length;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(e.flags ?? 0, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt32LE(crc32(e.data), 14);
		local.writeUInt32LE(compressed.length, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(e.flags ?? 0, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt32LE(crc32(e.data), 16);
		central.writeUInt32LE(compressed.length, 20);
		central.writeUInt32LE(size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, compressed);
		centrals.push(central, name);
		offset += local.length + name.length + compressed.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}


/**
 * `megabytes` MB of zeros as raw deflate in about 1 KB per MB: one deflated 1 MB block, repeated
 * (each ends on a byte boundary and refers only to its own zeros), then an empty final block.
 */
export function deflatedZeros(megabytes: number): Uint8Array {
	const block = deflateRawSync(new Uint8Array(1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
	return new Uint8Array(Buffer.concat([...Array.from({ length: megabytes }, () => block), Buffer.from([0x03, 0x00])]));
}
