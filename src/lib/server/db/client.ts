import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema/index.ts';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');

/** Opens (creating if needed) a SQLite database in WAL mode with foreign keys enforced. */
export function openDatabase(path: string): DB {
	if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// NORMAL is durable in WAL mode except for the last transactions before a power cut.
	sqlite.pragma('synchronous = NORMAL');
	return drizzle(sqlite, { schema }) as DB;
}

export function applyMigrations(db: DB): void {
	migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}

/** A fresh in-memory database with every migration applied: what the tests run against. */
export function createTestDatabase(): DB {
	const db = openDatabase(':memory:');
	applyMigrations(db);
	return db;
}
