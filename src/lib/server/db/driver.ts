import { AsyncLocalStorage } from 'node:async_hooks';
import { Column, is, Param, SQL, sql } from 'drizzle-orm';
import { SQLiteAsyncDialect, SQLiteTable, getTableConfig, type SQLiteInsertConfig } from 'drizzle-orm/sqlite-core';
import { SQLiteRemoteSession, SqliteRemoteDatabase, type AsyncRemoteCallback } from 'drizzle-orm/sqlite-proxy';
import type { DB, Engine, RunResult } from './engine.ts';

export type Method = 'run' | 'all' | 'values' | 'get';
/** What a driver answers drizzle: raw rows (arrays in select order), or for run how many changed. */
export type DriverResult = { rows: unknown } & Partial<RunResult>;
export type Exec = (sql: string, params: unknown[], method: Method) => Promise<DriverResult>;

/**
 * The transaction a piece of async code runs in, found through AsyncLocalStorage so that domain
 * code never passes a connection around. `open` turns false at commit: a timer started inside a
 * transaction inherits the context but must not think it is still inside.
 */
export type TxContext<C> = { open: boolean; depth: number; conn: C; afterCommit: (() => void)[] };

export function transactionStore<C>() {
	return new AsyncLocalStorage<TxContext<C>>();
}

/** Values drizzle leaves unmapped (raw sql params): times are epoch milliseconds in both engines. */
export function normalizeParam(value: unknown): unknown {
	if (value instanceof Date) return value.getTime();
	return value;
}

/**
 * drizzle's SQLite dialect, speaking to PostgreSQL: numbered placeholders, and DEFAULT (not NULL)
 * for an auto-increment key the insert leaves out. Everything else the builder writes — quoted
 * identifiers, joins, ON CONFLICT, RETURNING, LIMIT/OFFSET — PostgreSQL reads as it is.
 */
export class PostgresFlavouredDialect extends SQLiteAsyncDialect {
	override escapeParam(num: number): string {
		return `$${num + 1}`;
	}

	override buildInsertQuery(config: SQLiteInsertConfig): SQL {
		// ON CONFLICT names its columns bare in PostgreSQL; SQLite's builder qualifies them.
		if (config.onConflict) config = { ...config, onConflict: config.onConflict.map(unqualifyColumns) };
		if (config.select || !is(config.table, SQLiteTable)) return super.buildInsertQuery(config);
		const keys = autoIncrementKeys(config.table);
		if (!keys.length) return super.buildInsertQuery(config);
		const values = (config.values as Record<string, Param | SQL>[]).map((row) => {
			const copy = { ...row };
			for (const key of keys) {
				const v = copy[key];
				if (v === undefined || (is(v, Param) && v.value === undefined)) copy[key] = sql`default`;
			}
			return copy;
		});
		return super.buildInsertQuery({ ...config, values });
	}
}

function unqualifyColumns(chunk: SQL): SQL {
	const map = (c: unknown): unknown => {
		if (is(c, Column)) return sql.identifier(c.name);
		if (is(c, SQL)) return new SQL(c.queryChunks.map(map) as SQL['queryChunks']);
		if (Array.isArray(c)) return c.map(map);
		return c;
	};
	return map(chunk) as SQL;
}

const autoKeys = new WeakMap<SQLiteTable, string[]>();
function autoIncrementKeys(table: SQLiteTable): string[] {
	let keys = autoKeys.get(table);
	if (!keys) {
		const columns = getTableConfig(table).columns;
		const fields = Object.entries(table as unknown as Record<string, unknown>);
		keys = columns
			.filter((c) => c.primary && (c as { autoIncrement?: boolean }).autoIncrement)
			.map((c) => fields.find(([, v]) => v === c)![0]);
		autoKeys.set(table, keys);
	}
	return keys;
}

/**
 * The drizzle instance domain code receives: SQLite-dialect builders over the engine's driver.
 * `onPrepared` hears the SQL text of every query built with `.prepare()` (preparedQuery: the hot
 * queries of every page view), not of queries built for one call.
 */
export function bindDrizzle(exec: Exec, engine: Engine, dialect: SQLiteAsyncDialect = new SQLiteAsyncDialect(), onPrepared?: (sql: string) => void): DB {
	const session = new SQLiteRemoteSession(exec as AsyncRemoteCallback, dialect, undefined, undefined);
	if (onPrepared) {
		// drizzle's one-time queries reach prepareQuery through prepareOneTimeQuery; `.prepare()` calls it directly.
		const prepareQuery = session.prepareQuery.bind(session);
		session.prepareOneTimeQuery = prepareQuery;
		session.prepareQuery = (query, ...rest) => {
			onPrepared(query.sql);
			return prepareQuery(query, ...rest);
		};
	}
	const db = new SqliteRemoteDatabase('async', dialect, session, undefined);
	Object.defineProperty(db, '$engine', { value: engine, enumerable: false });
	Object.defineProperty(db, 'transaction', {
		value: <T>(fn: (tx: DB) => Promise<T>) => engine.transaction(() => fn(db as unknown as DB)),
		enumerable: false
	});
	return db as unknown as DB;
}

/** A FIFO lock for async code; uncontended it costs one resolved promise. */
export class Mutex {
	#locked = false;
	#waiters: (() => void)[] = [];

	/** Whether someone holds the lock now (or is queued for it). */
	get locked(): boolean {
		return this.#locked;
	}

	lock(): Promise<void> {
		if (!this.#locked) {
			this.#locked = true;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	unlock(): void {
		const next = this.#waiters.shift();
		if (next) next();
		else this.#locked = false;
	}

	async run<T>(fn: () => Promise<T> | T): Promise<T> {
		await this.lock();
		try {
			return await fn();
		} finally {
			this.unlock();
		}
	}
}

/** A bounded cache of prepared statements by SQL text (the builder produces a fixed set of texts). */
export class StatementCache<S> {
	#map = new Map<string, S>();
	readonly #max: number;
	readonly #prepare: (sql: string) => S;

	constructor(prepare: (sql: string) => S, max = 1000) {
		this.#prepare = prepare;
		this.#max = max;
	}

	get(sql: string): S {
		let stmt = this.#map.get(sql);
		if (stmt === undefined) {
			stmt = this.#prepare(sql);
			if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value!);
			this.#map.set(sql, stmt);
		}
		return stmt;
	}

	clear(): void {
		this.#map.clear();
	}
}

/** In-process channels: SQLite's notify, and PostgreSQL's fan-out of one LISTEN connection. */
export class Channels {
	#listeners = new Map<string, Set<(payload: string) => void>>();

	emit(channel: string, payload: string): void {
		for (const fn of this.#listeners.get(channel) ?? []) {
			try {
				fn(payload);
			} catch (err) {
				console.error(`[清风学堂] channel ${channel} listener failed`, err);
			}
		}
	}

	add(channel: string, fn: (payload: string) => void): { first: boolean; remove: () => boolean } {
		let set = this.#listeners.get(channel);
		const first = !set;
		if (!set) this.#listeners.set(channel, (set = new Set()));
		set.add(fn);
		return {
			first,
			remove: () => {
				set.delete(fn);
				if (set.size) return false;
				this.#listeners.delete(channel);
				return true;
			}
		};
	}

	names(): string[] {
		return [...this.#listeners.keys()];
	}
}
