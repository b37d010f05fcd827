import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import type { SqliteEngine } from './sqlite.ts';
import type { PostgresEngine } from './postgres.ts';
import { selectRow } from './client.ts';
import { DERIVED_TABLES } from './schema/reports.ts';

// Moving an embedded deployment to PostgreSQL: every row of every table, ids kept, parents before
// children, checked afterwards by row counts. (The CLI also compares the yearly report on both.)

export type CopiedTable = { table: string; rows: number; copied: number };

type TableInfo = { name: string; columns: SQLiteColumn[]; parents: string[] };

/**
 * The app's tables, each after the tables it references (org units are ordered by depth within).
 * Not the report roll-ups: they are derived from the copied rows, on the target, by its triggers.
 */
export function tablesInCopyOrder(): TableInfo[] {
	const infos = (Object.values(schema) as unknown[])
		.filter((t): t is SQLiteTable => t instanceof SQLiteTable && !DERIVED_TABLES.has(getTableConfig(t).name))
		.map((t) => {
			const c = getTableConfig(t);
			const parents = c.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable as SQLiteTable).name).filter((n) => n !== c.name);
			return { name: c.name, columns: c.columns, parents };
		});
	const done = new Set<string>();
	const ordered: TableInfo[] = [];
	while (ordered.length < infos.length) {
		const ready = infos.filter((t) => !done.has(t.name) && t.parents.every((p) => done.has(p)));
		if (!ready.length) throw new Error(`外键循环：${infos.filter((t) => !done.has(t.name)).map((t) => t.name).join('、')}`);
		for (const t of ready.sort((a, b) => a.name.localeCompare(b.name))) {
			ordered.push(t);
			done.add(t.name);
		}
	}
	return ordered;
}

const CHUNK = 500;

export async function targetIsEmpty(target: PostgresEngine): Promise<string | null> {
	for (const t of tablesInCopyOrder()) {
		const row = await selectRow<{ n: number }>(target.db, sql`select count(*) as n from ${sql.identifier(t.name)}`);
		if (Number(row?.n) > 0) return t.name;
	}
	return null;
}

/**
 * Copies every table from a (migrated) SQLite database into a (migrated, empty) PostgreSQL one,
 * in one transaction on the target, then moves each identity sequence past the highest id.
 */
export async function copySqliteToPostgres(source: SqliteEngine, target: PostgresEngine, log: (msg: string) => void = () => {}): Promise<CopiedTable[]> {
	const tables = tablesInCopyOrder();
	const result: CopiedTable[] = [];
	const client = await target.pool.connect();
	try {
		await client.query('begin');
		for (const t of tables) {
			const names = t.columns.map((c) => c.name);
			const booleans = new Set(t.columns.filter((c) => c.columnType === 'SQLiteBoolean').map((c) => c.name));
			// Parents first within the org tree too: a unit's path is longer than its parent's.
			const order = t.name === 'org_units' ? 'length(path), id' : t.columns.some((c) => c.name === 'id') ? 'id' : 'rowid';
			const stmt = source.handle.prepare(`select ${names.map((n) => `"${n}"`).join(', ')} from "${t.name}" order by ${order}`).raw(true);
			let batch: unknown[][] = [];
			let copied = 0;
			const flush = async () => {
				if (!batch.length) return;
				const params: unknown[] = [];
				const tuples = batch.map((row) => `(${row.map((v, i) => (params.push(booleans.has(names[i]) && v !== null ? v === 1 : v), `$${params.length}`)).join(', ')})`);
				await client.query(`insert into "${t.name}" (${names.map((n) => `"${n}"`).join(', ')}) values ${tuples.join(', ')}`, params);
				copied += batch.length;
				batch = [];
			};
			for (const row of stmt.iterate() as Iterable<unknown[]>) {
				batch.push(row);
				if (batch.length >= CHUNK) await flush();
			}
			await flush();
			const rows = (source.handle.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n;
			result.push({ table: t.name, rows, copied });
			log(`  ${t.name}：${copied} 行`);
		}
		for (const t of tables) {
			if (!t.columns.some((c) => c.name === 'id' && c.primary && (c as { autoIncrement?: boolean }).autoIncrement)) continue;
			await client.query(`select setval(pg_get_serial_sequence($1, 'id'), coalesce((select max(id) from "${t.name}"), 0) + 1, false)`, [t.name]);
		}
		await client.query('commit');
	} catch (err) {
		await client.query('rollback').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
	return result;
}

/** Row counts of every table on the target, to compare with what was read. */
export async function targetCounts(target: PostgresEngine): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	for (const t of tablesInCopyOrder()) {
		const row = await selectRow<{ n: number }>(target.db, sql`select count(*) as n from ${sql.identifier(t.name)}`);
		counts.set(t.name, Number(row?.n ?? 0));
	}
	return counts;
}
