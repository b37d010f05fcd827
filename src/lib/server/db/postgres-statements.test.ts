import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, TEST_ENGINE } from './testing.ts';
import { selectRows } from './client.ts';
import { orgUnits } from './schema/index.ts';
import { openPostgres } from './postgres.ts';
import { createUnit } from '../org/units.ts';

// PostgreSQL runs a SQL text used again and again as a named prepared statement (db/postgres.ts).
// A statement the server can no longer use — another process migrated the table under it — must
// not break the query, in or out of a transaction.

describe.skipIf(TEST_ENGINE !== 'postgres')('PostgreSQL named statements', () => {
	it('survive a migration by another process that changes a selected column', async () => {
		const db = await createTestDatabase();
		const { id } = await createUnit(db, { name: '市纪委', parentId: null });
		// One connection, so every call meets the statement prepared on it.
		const app = openPostgres((db.$engine as unknown as { url: string }).url, { max: 1 });
		try {
			const name = () => app.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, id)).get();
			const path = () => app.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, id)).get();
			for (let i = 0; i < 4; i++) {
				expect(await name()).toEqual({ name: '市纪委' });
				expect(await path()).toEqual({ path: `/${id}/` });
			}
			const named = await selectRows<{ n: number }>(app.db, sql`select count(*) as n from pg_prepared_statements where statement like '%from "org_units" where "org_units"."id" = $1%'`);
			expect(Number(named[0].n)).toBe(2);

			// As another process's migration would; the server now refuses the statements prepared before.
			await selectRows(db, sql`alter table org_units alter column name type varchar(200), alter column path type varchar(400)`);
			expect(await name()).toEqual({ name: '市纪委' });
			expect(await app.db.transaction(async (tx) => await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, id)).get())).toEqual({ path: `/${id}/` });
			expect(await path()).toEqual({ path: `/${id}/` });
		} finally {
			await app.close();
		}
	});
});
