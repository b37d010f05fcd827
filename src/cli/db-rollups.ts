// npm run db:rollups
// Rebuilds the report roll-ups (report_daily, report_monthly, report_reach) of the configured
// database (DATABASE_URL / the SQLite file, as the app) from the event rows. The app keeps them up
// to date by itself; this is for peace of mind after restoring or editing data by hand.
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
process.env.MIGRATIONS_DIR ??= join(root, 'drizzle');

const { configuredLocation, openDatabase } = await import('../lib/server/db/client.ts');
const { rebuildReportRollups } = await import('../lib/server/reports/rollups.ts');

const db = openDatabase(configuredLocation());
await db.$engine.migrate();
const started = performance.now();
await rebuildReportRollups(db);
console.log(`[清风学堂] 报表汇总已按原始记录重建（${((performance.now() - started) / 1000).toFixed(1)} 秒）`);
await db.$engine.close();
