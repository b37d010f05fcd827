import Database from 'better-sqlite3';
import { drizzle as nativeDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as nativeMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DB, Engine } from './engine.ts';
import { Channels, Mutex, StatementCache, bindDrizzle, normalizeParam, transactionStore, type DriverResult, type Method } from './driver.ts';

// The embedded engine: one SQLite file in WAL mode, two connections. Writes (and every
// transaction) go through the writer under one async lock, so a transaction's awaits cannot let
// another request's statements slip into it. Reads outside a transaction run on the writer when
// nobody holds it (better-sqlite3 is synchronous, so nothing can interleave), because its page
// cache stays valid across its own commits, while a second connection drops its whole cache at
// the first read after any commit and reads every page again (under a stream of live answers,
// each session lookup). While a transaction holds the writer they go to the reader, which in WAL
// mode sees only committed data and never waits for the writer.

type Statement = Database.Statement<unknown[], unknown>;
type Connection = { handle: Database.Database; statements: StatementCache<Statement> };

const dialect = new SQLiteSyncDialect();

function openConnection(path: string, role: 'writer' | 'reader'): Connection {
	const handle = new Database(path);
	if (role === 'writer') {
		handle.pragma('journal_mode = WAL');
		// NORMAL is durable in WAL mode except for the last transactions before a power cut.
		handle.pragma('synchronous = NORMAL');
	} else {
		handle.pragma('query_only = ON');
	}
	handle.pragma('foreign_keys = ON');
	handle.pragma('busy_timeout = 5000');
	const statements = new StatementCache<Statement>((sql) => {
		const stmt = handle.prepare(withStableParameters(sql)) as Statement;
		if (stmt.reader) stmt.raw(true);
		return stmt;
	});
	return { handle, statements };
}

/**
 * The SQL with every parameter `?` written `+?` (outside literals and comments). SQLite compiles a
 * statement whose plan may depend on a bound parameter (a join with `col = ?`, a `LIMIT ?` in a
 * join, `LIKE ?`) to be compiled again whenever that parameter is bound anew, which here is every
 * call: about 7 µs more per statement (a session lookup with its two joins: 22 µs instead of 4).
 * `+?` is the same value (unary plus is a no-op on every type and adds no affinity), but not a
 * bare parameter, so the plan is made once. Indexes are used as before; the LIKE prefix
 * optimisation it gives up needs case_sensitive_like, which this app does not set. (An unaliased
 * result column that contains a parameter is named with the `+?`: columns read by name are aliased.)
 */
export function withStableParameters(sql: string): string {
	let out = '';
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		let end = i + 1;
		if (c === "'" || c === '"' || c === '`') {
			// A quoted literal or name; a doubled quote inside it is an escaped quote.
			end = sql.indexOf(c, i + 1);
			while (end !== -1 && sql[end + 1] === c) end = sql.indexOf(c, end + 2);
			end = end === -1 ? sql.length : end + 1;
		} else if (c === '[') {
			end = sql.indexOf(']', i + 1);
			end = end === -1 ? sql.length : end + 1;
		} else if (c === '-' && sql[i + 1] === '-') {
			end = sql.indexOf('\n', i);
			end = end === -1 ? sql.length : end;
		} else if (c === '/' && sql[i + 1] === '*') {
			end = sql.indexOf('*/', i + 2);
			end = end === -1 ? sql.length : end + 2;
		} else if (c === '?') {
			out += '+?';
			i = end;
			continue;
		}
		out += sql.slice(i, end);
		i = end;
	}
	return out;
}

function execute(conn: Connection, sql: string, params: unknown[], method: Method): DriverResult {
	const stmt = conn.statements.get(sql);
	const values = params.map(sqliteParam);
	if (method === 'run' || !stmt.reader) return { rows: [], changes: stmt.run(...values).changes };
	if (method === 'get') return { rows: stmt.get(...values) };
	return { rows: stmt.all(...values) };
}

function sqliteParam(value: unknown): unknown {
	const v = normalizeParam(value);
	return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

export const MIGRATIONS_ROOT = resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');

export class SqliteEngine implements Engine {
	readonly dialect = 'sqlite' as const;
	readonly location: string;
	readonly db: DB;
	readonly #writer: Connection;
	/** The writer itself for ':memory:' (a second connection would see another database). */
	readonly #reader: Connection;
	readonly #writeLock = new Mutex();
	readonly #tx = transactionStore<null>();
	readonly #channels = new Channels();
	readonly #named = new Map<string, Mutex>();

	constructor(path: string) {
		this.location = path;
		if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
		this.#writer = openConnection(path, 'writer');
		this.#reader = path === ':memory:' ? this.#writer : openConnection(path, 'reader');
		this.db = bindDrizzle((sql, params, method) => this.#exec(sql, params, method), this);
	}

	/** The writer's better-sqlite3 handle, for the online backup and the benchmark's bulk fill. */
	get handle(): Database.Database {
		return this.#writer.handle;
	}

	async #exec(sql: string, params: unknown[], method: Method): Promise<DriverResult> {
		const ctx = this.#tx.getStore();
		if (ctx?.open) return execute(this.#writer, sql, params, method);
		if (this.#reader !== this.#writer) {
			const stmt = this.#reader.statements.get(sql);
			if (stmt.readonly) return execute(this.#writeLock.locked ? this.#reader : this.#writer, sql, params, method);
		}
		await this.#writeLock.lock();
		try {
			return execute(this.#writer, sql, params, method);
		} finally {
			this.#writeLock.unlock();
		}
	}

	inTransaction(): boolean {
		return this.#tx.getStore()?.open === true;
	}

	afterCommit(fn: () => void): void {
		const ctx = this.#tx.getStore();
		if (ctx?.open) ctx.afterCommit.push(fn);
		else fn();
	}

	async transaction<T>(fn: () => Promise<T>): Promise<T> {
		const outer = this.#tx.getStore();
		if (outer?.open) return this.#savepoint(outer, fn);
		await this.#writeLock.lock();
		const ctx = { open: true, depth: 0, conn: null, afterCommit: [] as (() => void)[] };
		const w = this.#writer.handle;
		try {
			w.exec('begin immediate');
			let result: T;
			try {
				result = await this.#tx.run(ctx, fn);
				w.exec('commit');
			} catch (err) {
				if (w.inTransaction) w.exec('rollback');
				throw err;
			}
			ctx.open = false;
			for (const after of ctx.afterCommit) after();
			return result;
		} finally {
			ctx.open = false;
			this.#writeLock.unlock();
		}
	}

	async #savepoint<T>(ctx: { depth: number }, fn: () => Promise<T>): Promise<T> {
		const name = `sp${++ctx.depth}`;
		const w = this.#writer.handle;
		w.exec(`savepoint ${name}`);
		try {
			const result = await fn();
			w.exec(`release ${name}`);
			return result;
		} catch (err) {
			w.exec(`rollback to ${name}`);
			w.exec(`release ${name}`);
			throw err;
		} finally {
			ctx.depth--;
		}
	}

	async rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
		const { sql, params } = dialect.sqlToQuery(query);
		const values = params.map(sqliteParam);
		// Through the statement caches (prepared once per SQL text), rows as objects.
		const run = (conn: Connection) => {
			const stmt = conn.statements.get(sql);
			// The cache keeps statements raw for drizzle; objects here, and raw again before anyone else runs it.
			try {
				return stmt.raw(false).all(...values) as T[];
			} finally {
				stmt.raw(true);
			}
		};
		const ctx = this.#tx.getStore();
		if (ctx?.open) return run(this.#writer);
		if (this.#reader.statements.get(sql).readonly) return run(this.#reader);
		return this.#writeLock.run(() => run(this.#writer));
	}

	async migrate(): Promise<void> {
		await this.#writeLock.run(() => nativeMigrate(nativeDrizzle(this.#writer.handle), { migrationsFolder: join(MIGRATIONS_ROOT, 'sqlite') }));
		// The schema may have changed under cached statements.
		this.#writer.statements.clear();
		this.#reader.statements.clear();
	}

	async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
		let lock = this.#named.get(name);
		if (!lock) this.#named.set(name, (lock = new Mutex()));
		return lock.run(fn);
	}

	async notify(channel: string, payload: string): Promise<void> {
		const ctx = this.#tx.getStore();
		const send = () => this.#channels.emit(channel, payload);
		if (ctx?.open) ctx.afterCommit.push(send);
		else queueMicrotask(send);
	}

	async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
		const { remove } = this.#channels.add(channel, onMessage);
		return async () => void remove();
	}

	async close(): Promise<void> {
		if (this.#reader !== this.#writer) this.#reader.handle.close();
		this.#writer.handle.close();
	}
}

/** Opens (creating if needed) a SQLite database; migrations are applied by engine.migrate(). */
export function openSqlite(path: string): SqliteEngine {
	return new SqliteEngine(path);
}
