import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_ROOT } from './sqlite.ts';

// An existing SQLite deployment upgrades in place: data written under the first schema is still
// there, under the new names, after the later migrations ran.
describe('SQLite upgrade from the first release', () => {
	it('keeps reading lists, competitions and attendances through the vocabulary migration', () => {
		const dir = mkdtempSync(join(tmpdir(), 'qf-migrate-'));
		const first = join(dir, 'first');
		cpSync(join(MIGRATIONS_ROOT, 'sqlite'), first, { recursive: true });
		const journal = JSON.parse(readFileSync(join(first, 'meta/_journal.json'), 'utf8'));
		journal.entries = journal.entries.slice(0, 1);
		writeFileSync(join(first, 'meta/_journal.json'), JSON.stringify(journal));

		const sqlite = new Database(join(dir, 'old.db'));
		sqlite.pragma('foreign_keys = ON');
		migrate(drizzle(sqlite), { migrationsFolder: first });
		sqlite.exec(`
			insert into org_units (id, name, path, created_at) values (1, '单位', '/1/', 0);
			insert into users (id, username, name, org_unit_id, password_hash, created_at) values (1, 'u1', '甲', 1, 'x', 0), (2, 'u2', '乙', 1, 'x', 0);
			insert into activities (id, kind, source, source_ref, title, unit_id, starts_at, ends_at, created_at, updated_at) values
				(1, '集中学习', 'session', null, '学习', 1, 0, 1, 0, 0),
				(2, '读书思廉', 'assignment', null, '书单', 1, 0, 1, 0, 0),
				(3, '知识竞赛', 'live', 'live:7', '竞赛', 1, 0, 1, 0, 0);
			insert into assignments (activity_id, audience, start_date, due_date) values (2, 'all', '2026-01-01', '2026-02-01');
			insert into attendances (activity_id, user_id, method, at) values (1, 1, 'qr', 0), (2, 1, 'assignment', 0), (3, 2, 'live', 0);
		`);
		sqlite.exec(`
			insert into live_games (id, title, owner_id, org_unit_id, code, join_code, guest_secret, status, created_at, activity_id) values (7, '竞赛', 1, 1, '123456', null, 's', 'ended', 0, 3);
			insert into live_players (id, game_id, user_id, name, joined_at) values (1, 7, 2, '乙', 0);
		`);

		migrate(drizzle(sqlite), { migrationsFolder: join(MIGRATIONS_ROOT, 'sqlite') });
		const rows = (q: string) => sqlite.prepare(q).all();
		expect(rows('select id, source, source_ref from activities order by id')).toEqual([
			{ id: 1, source: 'offline', source_ref: null },
			{ id: 2, source: 'reading-list', source_ref: null },
			{ id: 3, source: 'competition', source_ref: 'competition:7' }
		]);
		expect(rows('select activity_id, method from attendances order by activity_id')).toEqual([
			{ activity_id: 1, method: 'qr' },
			{ activity_id: 2, method: 'reading-list' },
			{ activity_id: 3, method: 'competition' }
		]);
		expect(rows('select activity_id, due_date from reading_lists')).toEqual([{ activity_id: 2, due_date: '2026-02-01' }]);
		expect(rows('select id, activity_id from competitions')).toEqual([{ id: 7, activity_id: 3 }]);
		expect(rows('select competition_id, user_id from competition_players')).toEqual([{ competition_id: 7, user_id: 2 }]);
		// Foreign keys follow the renamed tables: a player of a competition that does not exist is refused.
		expect(() => sqlite.exec(`insert into competition_players (competition_id, user_id, name, joined_at) values (99, 1, '甲', 0)`)).toThrow(/FOREIGN KEY/);
		expect(rows('pragma foreign_key_check')).toEqual([]);
		sqlite.close();
	});
});
