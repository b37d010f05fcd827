import { sql, type SQL } from 'drizzle-orm';
import type { DB } from './engine.ts';
import { selectRows } from './client.ts';

// The only place where SQL differs between the engines (docs/engines.md). Each function is small
// and says what it means; domain code calls it instead of writing dialect-specific SQL.

/** The app's tables (for backups, copies and tests that look at everything stored). */
export async function tableNames(db: DB): Promise<string[]> {
	const query =
		db.$engine.dialect === 'postgres'
			? sql`select tablename as name from pg_tables where schemaname = current_schema() and tablename not like '\_\_drizzle%' order by tablename`
			: sql`select name from sqlite_master where type = 'table' and name not like 'sqlite\_%' escape '\\' and name not like '\_\_drizzle%' escape '\\' order by name`;
	return (await selectRows<{ name: string }>(db, query)).map((r) => r.name);
}

/** Case-insensitive substring match (SQLite's LIKE already ignores ASCII case; PostgreSQL's does not). */
export function containsText(db: DB, column: SQL | SQL.Aliased | unknown, needle: string): SQL {
	const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return db.$engine.dialect === 'postgres' ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`;
}

/** LIMIT/OFFSET where the limit may be absent (SQLite needs a LIMIT before OFFSET: -1 is none). */
export function limitOffset(db: DB, limit: number | undefined, offset = 0): SQL {
	if (limit !== undefined) return sql`limit ${limit} offset ${offset}`;
	return db.$engine.dialect === 'postgres' ? sql`offset ${offset}` : sql`limit -1 offset ${offset}`;
}

/**
 * Rows of search_documents (aliased `d` in the caller's query) that contain every term. SQLite:
 * the FTS5 trigram index for terms of three or more characters, LIKE for shorter ones (the
 * trigram tokenizer indexes nothing shorter). PostgreSQL: LIKE served by the pg_trgm GIN indexes.
 */
export function searchDocumentsMatch(db: DB, terms: string[]): SQL {
	const like = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	if (db.$engine.dialect === 'postgres') {
		// Chinese has no letter case: plain LIKE (cheaper than ILIKE's lowering of every row) unless the term has Latin letters.
		return sql.join(
			terms.map((t) => (/[A-Za-z]/.test(t) ? sql`(d.body ilike ${like(t)} escape '\\' or d.title ilike ${like(t)} escape '\\')` : sql`(d.body like ${like(t)} escape '\\' or d.title like ${like(t)} escape '\\')`)),
			sql` and `
		);
	}
	const long = terms.filter((t) => [...t].length >= 3);
	const short = terms.filter((t) => [...t].length < 3);
	const parts: SQL[] = [];
	if (long.length) parts.push(sql`d.id in (select rowid from search_fts where search_fts match ${long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ')})`);
	for (const t of short) parts.push(sql`(d.body like ${like(t)} escape '\\' or d.title like ${like(t)} escape '\\')`);
	return sql.join(parts, sql` and `);
}

/**
 * `column in (the ids)` for a prepared query (db/prepared.ts), whose SQL cannot depend on how many
 * ids there are: the ids are bound as one JSON array under the placeholder `name`, e.g.
 * `.all({ ids: JSON.stringify([3, 5]) })`.
 */
export function inJsonIds(db: DB, column: SQL | SQL.Aliased | unknown, name: string): SQL {
	return db.$engine.dialect === 'postgres'
		? sql`${column} in (select cast(value as bigint) from jsonb_array_elements_text(cast(${sql.placeholder(name)} as jsonb)))`
		: sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}
