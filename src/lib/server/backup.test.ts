import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, openDatabase } from './db/client.ts';
import { users } from './db/schema/index.ts';
import { ensureUnitByNamePath } from './org/units.ts';
import { backupDatabase } from './backup.ts';

describe('backup', () => {
	it('copies a database that is open and being written, and refuses to overwrite a file', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'qf-backup-'));
		const db = openDatabase(join(dir, 'live.db'));
		await applyMigrations(db);
		const unit = await ensureUnitByNamePath(db, '市纪委/第一党支部');
		await db.insert(users).values({ username: 'u1', name: '甲', orgUnitId: unit.id, passwordHash: 'x' }).run();

		const result = await backupDatabase(join(dir, 'live.db'), join(dir, 'copy.db'));
		expect(result).toMatchObject({ ok: true, summary: { counts: { units: 2, people: 1 } } });
		// The app keeps writing after the backup; the copy is the snapshot taken.
		await db.insert(users).values({ username: 'u2', name: '乙', orgUnitId: unit.id, passwordHash: 'x' }).run();
		const copy = new Database(join(dir, 'copy.db'), { readonly: true });
		expect(copy.prepare('select username from users').all()).toEqual([{ username: 'u1' }]);
		expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
		copy.close();
		// Password hashes and personal records: only the owner may read the copy.
		expect(statSync(join(dir, 'copy.db')).mode & 0o777).toBe(0o600);

		writeFileSync(join(dir, 'old.db'), 'earlier backup');
		expect(await backupDatabase(join(dir, 'live.db'), join(dir, 'old.db'))).toEqual({ ok: false, message: `目标文件已存在，不会覆盖：${join(dir, 'old.db')}` });
		expect(readFileSync(join(dir, 'old.db'), 'utf8')).toBe('earlier backup');
		expect((await backupDatabase(join(dir, 'missing.db'), join(dir, 'x.db'))).ok).toBe(false);
		await db.$engine.close();
	});
});
