import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { TEST_ENGINE, createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { openSqlite } from '../../src/lib/server/db/sqlite.ts';
import type { PostgresEngine } from '../../src/lib/server/db/postgres.ts';
import { copySqliteToPostgres, targetCounts, targetIsEmpty } from '../../src/lib/server/db/copy.ts';
import { compareYearlyReports } from '../../src/lib/server/reports/compare.ts';
import { computeReport } from '../../src/lib/server/reports/report.ts';
import { users } from '../../src/lib/server/db/schema/index.ts';
import { buildReportFixture } from './report-fixture.ts';

// npm run db:copy: an embedded deployment moves to PostgreSQL with its history.
describe.skipIf(TEST_ENGINE !== 'postgres')('copying a SQLite database into PostgreSQL', () => {
	it('copies every row with its id, and the report comes out the same on both', async () => {
		const source = openSqlite(join(mkdtempSync(join(tmpdir(), 'qf-copy-')), 'source.db'));
		await source.migrate();
		const fixture = await buildReportFixture(source.db);
		const target = (await createTestDatabase()).$engine as PostgresEngine;
		expect(await targetIsEmpty(target)).toBeNull();

		const copied = await copySqliteToPostgres(source, target);
		const counts = await targetCounts(target);
		for (const t of copied) expect({ table: t.table, rows: counts.get(t.table) }).toEqual({ table: t.table, rows: t.rows });
		expect(copied.find((t) => t.table === 'attendances')!.rows).toBeGreaterThan(0);

		const period = { unitId: fixture.units.R.id, from: '2026-01-01', to: '2026-06-30' };
		expect(await computeReport(target.db, period)).toEqual(await computeReport(source.db, period));
		const now = new Date('2026-06-30T12:00:00+08:00');
		expect((await compareYearlyReports(source.db, target.db, now)).every((r) => r.same)).toBe(true);
		// Identity sequences continue after the copied ids, so the app can keep inserting.
		const added = await target.db.insert(users).values({ username: 'after-copy', name: '新人', orgUnitId: fixture.units.A.id, passwordHash: '!' }).returning().get();
		const max = (await target.db.get(sql`select max(id) from users where username <> 'after-copy'`)) as unknown as [number];
		expect(added.id).toBeGreaterThan(Number(max[0]));
		// A second copy into the now non-empty database is refused before anything is written.
		expect(await targetIsEmpty(target)).not.toBeNull();
		await source.close();
	});
});
