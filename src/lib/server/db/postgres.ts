import pg from 'pg';
import { drizzle as nativeDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as nativeMigrate } from 'drizzle-orm/node-postgres/migrator';
import type { SQL } from 'drizzle-orm';
import { join } from 'node:path';
import type { DB, Engine } from './engine.ts';
import { Channels, PostgresFlavouredDialect, bindDrizzle, normalizeParam, transactionStore, type DriverResult, type Method } from './driver.ts';
import { MIGRATIONS_ROOT } from './sqlite.ts';

// PostgreSQL (14+, and the PG-compatible databases procurement asks for). The SQL comes from the
// same builder as on SQLite; it is standard SQL that PostgreSQL accepts once `?` placeholders are
// numbered. Transactions are SERIALIZABLE and retried on a serialization failure, which gives
// every transaction the all-or-nothing, one-at-a-time meaning it has on SQLite, across processes.

const dialect = new PostgresFlavouredDialect();

const INT8 = 20;
const NUMERIC = 1700;
const JSONB = 3802;
const JSON_OID = 114;
/** Counts, sums and epoch-millisecond times arrive as int8 / numeric: all well inside 2^53. */
const typeParsers: pg.CustomTypesConfig = {
	getTypeParser: ((oid: number, format?: string) => {
		if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
		// JSON columns are mapped by the schema (text mode json), which wants the text.
		if (oid === JSONB || oid === JSON_OID) return (v: string) => v;
		return pg.types.getTypeParser(oid, format as 'text');
	}) as pg.CustomTypesConfig['getTypeParser']
};

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
const MAX_TX_ATTEMPTS = 30;
/** A cached statement that no longer fits the table (a migration by another process changed a selected column). */
const CACHED_PLAN_CHANGED = '0A000';
const STATEMENT_UNKNOWN = '26000';

/**
 * Names for the SQL texts of prepared queries (db/prepared.ts: the per-person queries of every page
 * view), so each connection parses and plans them once as named prepared statements instead of on
 * every call; the server does that work on the same machine. Only those texts are named: they look
 * rows up by ids and keys, where the plan PostgreSQL settles on after five calls is as good as a
 * fresh one, while other queries (reports, subtree `path like $1`) are planned for each call's
 * values. At most MAX names, so what each connection keeps stays bounded. A name the server
 * refuses (another process's migration changed a selected column; a pooler without prepared
 * statements) is retired and its text runs unnamed. QF_PG_NAMED_STATEMENTS=0 turns naming off.
 */
class StatementNames {
	static readonly MAX = 500;
	readonly #names = new Map<string, string>();
	readonly #retired = new Set<string>();
	#next = 1;
	/** How many names were retired so far (a transaction that saw one retired is tried again). */
	retiredCount = 0;
	readonly enabled: boolean;
	constructor(enabled: boolean) {
		this.enabled = enabled;
	}

	/** A prepared query's text: named from now on. */
	allow(sql: string): void {
		if (this.enabled && !this.#names.has(sql) && !this.#retired.has(sql) && this.#names.size < StatementNames.MAX) this.#names.set(sql, `qf${this.#next++}`);
	}

	nameFor(sql: string): string | undefined {
		return this.#names.get(sql);
	}

	/** True when the error came from a named statement that is now retired (run the text again unnamed). */
	retireOn(sql: string, err: unknown): boolean {
		const code = (err as { code?: string }).code;
		if ((code !== CACHED_PLAN_CHANGED && code !== STATEMENT_UNKNOWN) || !this.#names.has(sql)) return false;
		this.#names.delete(sql);
		this.#retired.add(sql);
		this.retiredCount++;
		return true;
	}
}

function pgParam(value: unknown): unknown {
	return normalizeParam(value);
}

function redact(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'postgres://…';
	}
}

export type PostgresOptions = { max?: number; idleTimeoutMillis?: number; applicationName?: string };

export class PostgresEngine implements Engine {
	readonly dialect = 'postgres' as const;
	readonly location: string;
	readonly db: DB;
	readonly url: string;
	readonly pool: pg.Pool;
	readonly #tx = transactionStore<pg.PoolClient>();
	readonly #channels = new Channels();
	#listener: Promise<pg.Client> | null = null;
	readonly #statements = new StatementNames(process.env.QF_PG_NAMED_STATEMENTS !== '0');
	#closed = false;

	constructor(url: string, options: PostgresOptions = {}) {
		this.url = url;
		this.location = redact(url);
		this.pool = new pg.Pool({
			connectionString: url,
			max: options.max ?? Number(process.env.QF_PG_POOL ?? 10),
			idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
			application_name: options.applicationName ?? 'qingfeng',
			types: typeParsers
		});
		// An idle client losing its connection (server restart) must not crash the process.
		this.pool.on('error', (err) => console.error('[清风学堂] PostgreSQL 连接错误', err.message));
		this.db = bindDrizzle((sql, params, method) => this.#exec(sql, params, method), this, dialect, (sql) => this.#statements.allow(sql));
	}

	async #exec(sql: string, params: unknown[], method: Method): Promise<DriverResult> {
		const res = await this.#query(sql, params.map(pgParam), 'array');
		if (method === 'run') return { rows: [], changes: res.rowCount ?? 0 };
		if (method === 'get') return { rows: res.rows[0] };
		return { rows: res.rows };
	}

	async #query(sql: string, values: unknown[], rowMode?: 'array'): Promise<pg.QueryResult> {
		const ctx = this.#tx.getStore();
		const client: pg.Pool | pg.PoolClient = ctx?.open ? ctx.conn : this.pool;
		// rowMode 'array': raw rows for drizzle (it maps them to objects as on SQLite).
		const config = (name: string | undefined) => ({ name, text: sql, values, ...(rowMode ? { rowMode } : {}) }) as pg.QueryConfig;
		try {
			return await client.query(config(this.#statements.nameFor(sql)));
		} catch (err) {
			// Outside a transaction the text runs again unnamed; inside, the transaction is retried.
			if (this.#statements.retireOn(sql, err) && !ctx?.open) return await client.query(config(undefined));
			throw err;
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
		for (let attempt = 1; ; attempt++) {
			const retiredBefore = this.#statements.retiredCount;
			const client = await this.pool.connect();
			const ctx = { open: true, depth: 0, conn: client, afterCommit: [] as (() => void)[] };
			let broken = false;
			try {
				await client.query('begin isolation level serializable');
				const result = await this.#tx.run(ctx, fn);
				await client.query('commit');
				ctx.open = false;
				for (const after of ctx.afterCommit) after();
				return result;
			} catch (err) {
				ctx.open = false;
				try {
					await client.query('rollback');
				} catch {
					broken = true;
				}
				// drizzle wraps the driver's error; PostgreSQL's code is on the cause.
				const code = (err as { code?: string }).code ?? ((err as { cause?: { code?: string } }).cause?.code);
				// A statement retired during the attempt (StatementNames) runs unnamed the next time.
				const retired = this.#statements.retiredCount > retiredBefore;
				const retryable = code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED || retired;
				if (retryable && attempt < MAX_TX_ATTEMPTS) {
					await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
					continue;
				}
				throw err;
			} finally {
				ctx.open = false;
				client.release(broken);
			}
		}
	}

	async #savepoint<T>(ctx: { depth: number; conn: pg.PoolClient }, fn: () => Promise<T>): Promise<T> {
		const name = `sp${++ctx.depth}`;
		await ctx.conn.query(`savepoint ${name}`);
		try {
			const result = await fn();
			await ctx.conn.query(`release savepoint ${name}`);
			return result;
		} catch (err) {
			await ctx.conn.query(`rollback to savepoint ${name}`);
			throw err;
		} finally {
			ctx.depth--;
		}
	}

	async rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
		const { sql, params } = dialect.sqlToQuery(query);
		return (await this.#query(sql, params.map(pgParam))).rows as T[];
	}

	async migrate(): Promise<void> {
		// On the connection that holds the lock, so a pool of one connection suffices.
		await this.#locked('migrate', (client) => nativeMigrate(nativeDrizzle(client), { migrationsFolder: join(MIGRATIONS_ROOT, 'postgres') }));
	}

	/** A session-level advisory lock held while fn runs; fn uses the pool as usual. */
	exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
		return this.#locked(name, () => fn());
	}

	async #locked<T>(name: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('select pg_advisory_lock(hashtext($1))', [`qingfeng:${name}`]);
			try {
				return await fn(client);
			} finally {
				await client.query('select pg_advisory_unlock(hashtext($1))', [`qingfeng:${name}`]);
			}
		} finally {
			client.release();
		}
	}

	async notify(channel: string, payload: string): Promise<void> {
		const ctx = this.#tx.getStore();
		const client: pg.Pool | pg.PoolClient = ctx?.open ? ctx.conn : this.pool;
		// Inside a transaction PostgreSQL delivers it at commit, and not at all on rollback.
		await client.query('select pg_notify($1, $2)', [channel, payload]);
	}

	async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
		const { first, remove } = this.#channels.add(channel, onMessage);
		if (first) await (await this.#listenConnection()).query(`listen ${quoteIdent(channel)}`);
		return async () => {
			if (remove() && this.#listener && !this.#closed) await (await this.#listener).query(`unlisten ${quoteIdent(channel)}`).catch(() => {});
		};
	}

	/** One dedicated connection carries every LISTEN of this process; it reconnects if lost. */
	#listenConnection(): Promise<pg.Client> {
		this.#listener ??= (async () => {
			const client = new pg.Client({ connectionString: this.url, application_name: 'qingfeng-listen' });
			client.on('notification', (msg) => this.#channels.emit(msg.channel, msg.payload ?? ''));
			client.on('error', (err) => {
				console.error('[清风学堂] PostgreSQL 通知连接断开，正在重连', err.message);
				this.#listener = null;
				if (!this.#closed) void this.#relisten();
			});
			await client.connect();
			return client;
		})();
		return this.#listener;
	}

	async #relisten(): Promise<void> {
		for (let delay = 200; !this.#closed; delay = Math.min(delay * 2, 5000)) {
			try {
				const client = await this.#listenConnection();
				for (const channel of this.#channels.names()) await client.query(`listen ${quoteIdent(channel)}`);
				// Whatever was sent while the connection was down is read from the tables by the listeners.
				for (const channel of this.#channels.names()) this.#channels.emit(channel, '');
				return;
			} catch {
				this.#listener = null;
				await new Promise((r) => setTimeout(r, delay));
			}
		}
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#listener) await (await this.#listener.catch(() => null))?.end().catch(() => {});
		await this.pool.end();
	}
}

function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

export function openPostgres(url: string, options?: PostgresOptions): PostgresEngine {
	return new PostgresEngine(url, options);
}
