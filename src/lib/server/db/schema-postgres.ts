import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
	bigint,
	boolean,
	doublePrecision,
	foreignKey,
	index,
	pgTable,
	primaryKey,
	text,
	uniqueIndex,
	type PgColumnBuilderBase,
	type PgTableWithColumns
} from 'drizzle-orm/pg-core';
import * as sqliteSchema from './schema/index.ts';

// The PostgreSQL tables, derived from the one schema in ./schema (docs/engines.md). Only
// drizzle-kit reads this file, to generate drizzle/postgres; the app builds its queries from
// ./schema on both engines. Types follow from what the SQLite columns hold:
//   integer → bigint (ids, counts, epoch-millisecond times alike), timestamp_ms → bigint (epoch ms,
//   so every comparison is the same SQL on both engines), boolean → boolean, real → double
//   precision, text (json mode too) → text. Auto-increment keys are identity columns.

type AnyPgTable = PgTableWithColumns<never>;

/**
 * Columns searched by prefix (`path LIKE '/1/4/%'` selects a subtree). SQLite's LIKE uses a plain
 * index for that; PostgreSQL needs the pattern operator class unless the database collation is C.
 */
const PREFIX_SEARCHED = new Set(['org_units.path']);

// drizzle's builder types differ per column type; this translation works on what they share.
type Builder = { primaryKey(): Builder; notNull(): Builder; default(v: unknown): Builder; unique(name?: string): Builder; generatedByDefaultAsIdentity(): Builder };

function columnFor(col: SQLiteColumn): PgColumnBuilderBase {
	const kind = col.columnType;
	let b: Builder;
	if (kind === 'SQLiteBoolean') b = boolean(col.name) as unknown as Builder;
	else if (kind === 'SQLiteReal') b = doublePrecision(col.name) as unknown as Builder;
	else if (kind === 'SQLiteInteger' || kind === 'SQLiteTimestamp') b = bigint(col.name, { mode: 'number' }) as unknown as Builder;
	else if (kind === 'SQLiteText' || kind === 'SQLiteTextJson') b = text(col.name) as unknown as Builder;
	else throw new Error(`schema-postgres: no PostgreSQL type for ${kind} (${col.name})`);
	if (col.primary && (col as { autoIncrement?: boolean }).autoIncrement) b = b.primaryKey().generatedByDefaultAsIdentity();
	else if (col.primary) b = b.primaryKey();
	if (col.notNull && !col.primary) b = b.notNull();
	if (col.default !== undefined) b = b.default(kind === 'SQLiteTextJson' ? JSON.stringify(col.default) : col.default);
	if (col.isUnique) b = b.unique(col.uniqueName);
	return b as unknown as PgColumnBuilderBase;
}

const translated = new Map<SQLiteTable, AnyPgTable>();

function translate(table: SQLiteTable): AnyPgTable {
	const existing = translated.get(table);
	if (existing) return existing;
	const config = getTableConfig(table);
	const columns = Object.fromEntries(config.columns.map((c) => [c.name, columnFor(c)]));
	const pg = pgTable(config.name, columns, (t) => {
		const col = (c: SQLiteColumn) => (t as Record<string, never>)[c.name];
		return [
			...config.indexes.map((i) => {
				const cols = i.config.columns.map((c) => {
					const pgCol = col(c as SQLiteColumn) as { op(name: string): never };
					return PREFIX_SEARCHED.has(`${config.name}.${(c as SQLiteColumn).name}`) ? pgCol.op('text_pattern_ops') : pgCol;
				}) as [never, ...never[]];
				return (i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(...cols);
			}),
			...config.primaryKeys.map((p) => primaryKey({ columns: p.columns.map(col) as [never, ...never[]] })),
			...config.foreignKeys.map((fk) => {
				const ref = fk.reference();
				const target = ref.foreignTable === table ? null : translate(ref.foreignTable as SQLiteTable);
				const foreignColumns = ref.foreignColumns.map((c) => (target ? (target as unknown as Record<string, never>)[c.name] : col(c)));
				let b = foreignKey({ columns: ref.columns.map(col) as [never, ...never[]], foreignColumns: foreignColumns as [never, ...never[]] });
				if (fk.onDelete) b = b.onDelete(fk.onDelete);
				if (fk.onUpdate) b = b.onUpdate(fk.onUpdate);
				return b;
			})
		];
	}) as unknown as AnyPgTable;
	translated.set(table, pg);
	return pg;
}

export const postgresTables: Record<string, AnyPgTable> = Object.fromEntries(
	Object.entries(sqliteSchema)
		.filter(([, v]) => v instanceof SQLiteTable)
		.map(([k, v]) => [k, translate(v as SQLiteTable)])
);
