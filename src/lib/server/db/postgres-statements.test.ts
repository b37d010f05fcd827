import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, TEST_ENGINE } from './testing.ts';
import { selectRows } from './client.ts';
import { orgUnits } from './schema/index.ts';
import { openPostgres } from './postgres.ts';
import { createUnit } from '../org/units.ts';
import { preparedQuery } from './prepared.ts';

// PostgreSQL runs the queries built once per database (db/prepared.ts) as named prepared statements (db/postgres.ts).
// A statement the server can no longer use — another process migrated the table under it — must
// not break the query, in or out of a transaction.

describe.skipIf(TEST_ENGINE !== 'postgres')('PostgreSQL named statements', () => {
	it('survive a migration by another process that changes a selected column', async () => {
		const db = await createTestDatabase();
		const { id } = await createUnit(db, { name: '市纪委', parentId: null });
		// One connection, so every call meets the statement prepared on it.
		const app = openPostgres((db.$engine as unknown as { url: string }).url, { max: 1 });
		try {
			const nameQuery = preparedQuery((d) => d.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, sql.placeholder('id'))).prepare());
			const pathQuery = preparedQuery((d) => d.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, sql.placeholder('id'))).prepare());
			const name = () => nameQuery(app.db).get({ id });
			const path = () => pathQuery(app.db).get({ id });
			// A query built for one call is not named.
			expect(await app.db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, id)).get()).toEqual({ kind: '其他' });
			for (let i = 0; i < 4; i++) {
				expect(await name()).toEqual({ name: '市纪委' });
				expect(await path()).toEqual({ path: `/${id}/` });
			}
			const named = await selectRows<{ n: number }>(app.db, sql`select count(*) as n from pg_prepared_statements where statement like '%from "org_units" where "org_units"."id" = $1%'`);
			expect(Number(named[0].n)).toBe(2); // the name and path queries, not the kind query

			// As another process's migration would; the server now refuses the statements prepared before.
			await selectRows(db, sql`alter table org_units alter column name type varchar(200), alter column path type varchar(400)`);
			expect(await name()).toEqual({ name: '市纪委' });
			expect(await app.db.transaction(async (tx) => await pathQuery(tx).get({ id }))).toEqual({ path: `/${id}/` });
			expect(await path()).toEqual({ path: `/${id}/` });
		} finally {
			await app.close();
		}
	});
});
