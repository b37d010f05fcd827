import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type BackupSummary = {
	file: string;
	bytes: number;
	counts: { units: number; people: number; courses: number; regulations: number; checkins: number; attempts: number };
};

export type BackupResult = { ok: true; summary: BackupSummary } | { ok: false; message: string };

const COUNTED_TABLES = {
	units: 'org_units',
	people: 'users',
	courses: 'courses',
	regulations: 'regulations',
	checkins: 'reading_checkins',
	attempts: 'quiz_attempts'
} as const;

/**
 * Copies a live database with SQLite's online backup API: the copy is a consistent snapshot even
 * while the app keeps writing (WAL mode), unlike copying the file, which can catch half a write.
 * Never overwrites an existing file, so a typo cannot destroy an earlier backup.
 */
export async function backupDatabase(sourcePath: string, targetPath: string): Promise<BackupResult> {
	const target = resolve(targetPath);
	if (!existsSync(resolve(sourcePath))) return { ok: false, message: `数据库文件不存在：${resolve(sourcePath)}` };
	if (existsSync(target)) return { ok: false, message: `目标文件已存在，不会覆盖：${target}` };
	if (!existsSync(dirname(target))) return { ok: false, message: `目标目录不存在：${dirname(target)}` };

	const source = new Database(resolve(sourcePath), { fileMustExist: true });
	try {
		source.pragma('busy_timeout = 5000');
		await source.backup(target);
	} finally {
		source.close();
	}
	// The copy holds password hashes and personal records: readable by its owner only.
	chmodSync(target, 0o600);

	// Counted in the copy, so the figures describe exactly what was saved. The copy inherits WAL
	// mode from the source; switching it to a rollback journal keeps the backup a single file.
	const copy = new Database(target);
	try {
		copy.pragma('journal_mode = DELETE');
		const counts = {} as BackupSummary['counts'];
		for (const [key, table] of Object.entries(COUNTED_TABLES) as [keyof BackupSummary['counts'], string][]) {
			const exists = copy.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(table);
			counts[key] = exists ? (copy.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n : 0;
		}
		return { ok: true, summary: { file: target, bytes: statSync(target).size, counts } };
	} finally {
		copy.close();
	}
}
