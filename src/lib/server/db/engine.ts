import type { SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema/index.ts';

// One domain code base, two engines (docs/engines.md). Queries are built once, by drizzle's
// SQLite dialect over one schema, and run by a small driver per engine: better-sqlite3 for the
// embedded default, node-postgres for PostgreSQL. Everything a domain module needs is the DB type
// below; where SQL must differ it asks dialect.ts, which looks at db.$engine.dialect.

export type Dialect = 'sqlite' | 'postgres';

/** What `await db.insert(...)` / `.run()` gives without RETURNING: how many rows changed. */
export type RunResult = { changes: number };

export type Schema = typeof schema;

export interface Engine {
	readonly dialect: Dialect;
	/** Where the data lives, for logs and errors: a file path, or a URL without its password. */
	readonly location: string;
	/**
	 * Runs fn in one transaction. SQLite: BEGIN IMMEDIATE under the engine's write lock.
	 * PostgreSQL: SERIALIZABLE, retried on a serialization failure — so fn may run more than once
	 * and must do nothing but database work (publish events after it returns). Nested calls become
	 * savepoints.
	 */
	transaction<T>(fn: () => Promise<T>): Promise<T>;
	/** Whether the calling code runs inside a transaction (what it reads may not be committed). */
	inTransaction(): boolean;
	/** Runs fn after the current transaction commits (never on rollback), or at once outside one. */
	afterCommit(fn: () => void): void;
	/** Rows as plain objects, for the few statements drizzle's builder does not express. */
	rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
	/** Applies drizzle/<dialect> migrations; several processes starting at once take turns. */
	migrate(): Promise<void>;
	/**
	 * Runs fn while holding an engine-wide lock that other processes on the same database also
	 * respect (start-up work such as loading content). In-process only on SQLite, which has one.
	 */
	exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
	/** Tells every process (this one included) that something happened; inside a transaction it is sent at commit. */
	notify(channel: string, payload: string): Promise<void>;
	/** Subscribes to a channel; returns the unsubscribe function. */
	listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

type SqliteAsyncDatabase = BaseSQLiteDatabase<'async', RunResult, Schema>;

/**
 * The database as every domain function receives it, inside a transaction or not: one type, so
 * nothing needs a cast. db.transaction hands the same type to its callback.
 */
export type DB = Omit<SqliteAsyncDatabase, 'transaction'> & {
	transaction<T>(fn: (tx: DB) => Promise<T>): Promise<T>;
	readonly $engine: Engine;
};
