import type { SQL } from 'drizzle-orm';
import type { DB } from './engine.ts';
import { openSqlite } from './sqlite.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';

export type { DB, Dialect, Engine } from './engine.ts';

/** `postgres://…` (or `postgresql://…`) opens PostgreSQL; anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
	return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens a database. Nothing is created or migrated until db.$engine.migrate() runs. */
export function openDatabase(location: string, options?: PostgresOptions): DB {
	return isPostgresUrl(location) ? openPostgres(location, options).db : openSqlite(location).db;
}

/** Where the app's data lives: DATABASE_URL (PostgreSQL) if set, else DATABASE_PATH (SQLite). */
export function configuredLocation(env: Record<string, string | undefined> = process.env): string {
	return env.DATABASE_URL?.trim() || env.DATABASE_PATH || 'data/qingfeng.db';
}

export async function applyMigrations(db: DB): Promise<void> {
	await db.$engine.migrate();
}

/**
 * Rows of a hand-written query as plain objects (column names as written in the SQL). For the
 * report's aggregates; everything else goes through the builder.
 */
export function selectRows<T extends Record<string, unknown>>(db: DB, query: SQL): Promise<T[]> {
	return db.$engine.rows<T>(query);
}

export async function selectRow<T extends Record<string, unknown>>(db: DB, query: SQL): Promise<T | undefined> {
	return (await db.$engine.rows<T>(query))[0];
}
