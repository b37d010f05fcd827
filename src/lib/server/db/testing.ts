import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { selectRows } from './client.ts';
import { tableNames } from './dialect.ts';
import { DERIVED_TABLES } from './schema/reports.ts';
import type { DB } from './engine.ts';
import { openSqlite } from './sqlite.ts';
import { openPostgres } from './postgres.ts';

// Fresh databases for the unit and integration tests, with every migration applied, on the engine
// under test: SQLite by default, PostgreSQL when QF_TEST_PG_URL names a server (the URL of a
// database the test user may create databases from, usually …/postgres). `npm test` runs the
// suite once on each (see .ci/run and scripts in package.json).

const PG_URL = process.env.QF_TEST_PG_URL?.trim() || '';
export const TEST_ENGINE: 'sqlite' | 'postgres' = PG_URL ? 'postgres' : 'sqlite';

const open: DB[] = [];
let folder: string | null = null;
let sqliteTemplate: Promise<string> | null = null;
let pgTemplate: Promise<string> | null = null;
let counter = 0;

function tempFolder(): string {
	folder ??= mkdtempSync(join(tmpdir(), 'qf-test-'));
	return folder;
}

/** Migrating once and copying the file is ten times faster than migrating every database. */
async function migratedSqliteFile(): Promise<string> {
	sqliteTemplate ??= (async () => {
		const path = join(tempFolder(), 'template.db');
		const engine = openSqlite(path);
		await engine.migrate();
		engine.handle.pragma('wal_checkpoint(TRUNCATE)');
		await engine.close();
		return path;
	})();
	return sqliteTemplate;
}

function pgUrlFor(database: string): string {
	const u = new URL(PG_URL);
	u.pathname = `/${database}`;
	return u.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: PG_URL });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

/** One migrated template database per test process; each test database is a copy of it. */
async function migratedPgTemplate(): Promise<string> {
	pgTemplate ??= (async () => {
		const name = `qf_tpl_${process.pid}_${Date.now().toString(36)}`;
		await withAdmin((c) => c.query(`create database ${name}`));
		const engine = openPostgres(pgUrlFor(name), { max: 1 });
		await engine.migrate();
		await engine.close();
		return name;
	})();
	return pgTemplate;
}

/** A fresh, migrated database on the engine under test; closed (and dropped) after the test file. */
export async function createTestDatabase(): Promise<DB> {
	if (TEST_ENGINE === 'postgres') {
		const template = await migratedPgTemplate();
		const name = `qf_t_${process.pid}_${++counter}_${Date.now().toString(36)}`;
		await withAdmin((c) => c.query(`create database ${name} template ${template}`));
		const db = openPostgres(pgUrlFor(name), { max: 4, idleTimeoutMillis: 2000 }).db;
		open.push(db);
		return db;
	}
	const path = join(tempFolder(), `t${++counter}.db`);
	copyFileSync(await migratedSqliteFile(), path);
	const db = openSqlite(path).db;
	open.push(db);
	return db;
}

/** Closes every test database of this process (tests/setup.ts runs it after each file). */
export async function closeTestDatabases(): Promise<void> {
	const dbs = open.splice(0);
	await Promise.all(dbs.map((db) => db.$engine.close().catch(() => {})));
	if (TEST_ENGINE === 'postgres') {
		await withAdmin(async (c) => {
			for (const db of dbs) {
				const name = new URL((db.$engine as { url?: string }).url ?? PG_URL).pathname.slice(1);
				await c.query(`drop database if exists ${name}`).catch(() => {});
			}
		});
	} else if (folder) {
		for (const db of dbs) rmSync(db.$engine.location, { force: true });
	}
}

process.on('exit', () => {
	if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * Every row of every table, as text: two equal snapshots mean nothing was written in between
 * (on either engine; SQLite's total_changes() has no PostgreSQL twin that is exact per request).
 * The report roll-ups are left out: a report brings them up to date from the rows, records nothing.
 */
export async function snapshotAllRows(db: DB): Promise<string> {
	const out: string[] = [];
	for (const table of await tableNames(db)) {
		if (DERIVED_TABLES.has(table)) continue;
		const rows = await selectRows<Record<string, unknown>>(db, sql`select * from ${sql.identifier(table)}`);
		const lines = rows.map((r) => JSON.stringify(r)).sort();
		out.push(`${table}\n${lines.join('\n')}`);
	}
	return out.join('\n\n');
}
