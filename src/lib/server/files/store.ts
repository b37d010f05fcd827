import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inArray, eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { files, type StoredFile } from '../db/schema/index.ts';
import type { InspectedFile } from './inspect.ts';

// Uploaded bytes on disk, outside the web root: FILES_DIR (default data/files), one file per
// row of `files`, named by a random key. With several app processes (PostgreSQL) FILES_DIR must
// be one directory they all share (a mounted volume), like the database.
//
// Order of work, so that nothing is ever half-written: files are written (and fsynced) before the
// transaction that inserts their rows; if the transaction fails they are removed again. Files
// whose rows are deleted are removed after the deleting transaction commits. A crash between the
// two steps can leave a file without a row, never a row without a file; sweepOrphanFiles clears
// such leftovers.

export function filesDir(env: Record<string, string | undefined> = process.env): string {
	return resolve(env.FILES_DIR?.trim() || 'data/files');
}

const KEY = /^[0-9a-f]{32}$/;

export function storedPath(key: string, dir = filesDir()): string {
	if (!KEY.test(key)) throw new Error('invalid storage key');
	return join(dir, key.slice(0, 2), key);
}

async function writeOne(file: InspectedFile, dir: string): Promise<string> {
	const key = randomBytes(16).toString('hex');
	const target = storedPath(key, dir);
	await mkdir(join(dir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
	const temp = `${target}.part`;
	const handle = await open(temp, 'wx', 0o600);
	try {
		await handle.writeFile(file.bytes);
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(temp, target);
	return key;
}

export async function removeStored(keys: string[], dir = filesDir()): Promise<void> {
	await Promise.all(keys.map((k) => rm(storedPath(k, dir), { force: true })));
}

/**
 * Writes the files, then runs `fn` in one transaction with their rows inserted (ids in the same
 * order). If anything fails, the rows roll back and the written files are removed.
 */
export async function storeFiles<T>(
	db: DB,
	input: { files: InspectedFile[]; uploadedBy: number; now?: Date },
	fn: (tx: DB, fileIds: number[]) => Promise<T>
): Promise<T> {
	const dir = filesDir();
	const keys: string[] = [];
	try {
		for (const f of input.files) keys.push(await writeOne(f, dir));
		return await db.transaction(async (tx) => {
			const ids: number[] = [];
			for (const [i, f] of input.files.entries()) {
				const row = await tx
					.insert(files)
					.values({ storageKey: keys[i], name: f.name, kind: f.kind, mimeType: f.mimeType, size: f.size, sha256: f.sha256, width: f.width, height: f.height, uploadedBy: input.uploadedBy, uploadedAt: input.now ?? new Date() })
					.returning({ id: files.id })
					.get();
				ids.push(row.id);
			}
			return await fn(tx as unknown as DB, ids);
		});
	} catch (e) {
		await removeStored(keys, dir);
		throw e;
	}
}

/** Storage keys of file rows, for removing their bytes once the rows are deleted and committed. */
export async function storageKeysOf(db: DB, fileIds: number[]): Promise<string[]> {
	if (!fileIds.length) return [];
	return (await db.select({ key: files.storageKey }).from(files).where(inArray(files.id, fileIds)).all()).map((r) => r.key);
}

export async function fileRow(db: DB, id: number): Promise<StoredFile | undefined> {
	return await db.select().from(files).where(eq(files.id, id)).get();
}

/**
 * Removes files on disk that no row names and that are older than `graceMs` (a file being stored
 * by another process right now has no row yet). Returns how many were removed.
 */
export async function sweepOrphanFiles(db: DB, options: { graceMs?: number; now?: number } = {}): Promise<number> {
	const dir = filesDir();
	const grace = options.graceMs ?? 24 * 3600_000;
	const now = options.now ?? Date.now();
	let buckets: string[];
	try {
		buckets = await readdir(dir);
	} catch {
		return 0;
	}
	let removed = 0;
	for (const bucket of buckets.filter((b) => /^[0-9a-f]{2}$/.test(b))) {
		const names = await readdir(join(dir, bucket));
		const keys = names.filter((n) => KEY.test(n.replace(/\.part$/, '')));
		if (!keys.length) continue;
		const known = new Set((await db.select({ key: files.storageKey }).from(files).where(inArray(files.storageKey, keys.map((k) => k.replace(/\.part$/, '')))).all()).map((r) => r.key));
		for (const name of keys) {
			if (known.has(name)) continue;
			const path = join(dir, bucket, name);
			const info = await stat(path).catch(() => null);
			if (info && now - info.mtimeMs > grace) {
				await rm(path, { force: true });
				removed++;
			}
		}
	}
	return removed;
}
