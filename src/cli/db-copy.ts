// npm run db:copy -- --to postgres://user:password@host/qingfeng [--from data/qingfeng.db]
// Copies an existing SQLite database into an empty PostgreSQL one, so an organization that grows
// keeps its history, then checks the copy: the same number of rows in every table, and the same
// figures in this year's report for every top-level unit. Stop the app first (the copy must not
// miss writes made while it runs); afterwards start it with DATABASE_URL set.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPostgresUrl } from '../lib/server/db/client.ts';
import { openSqlite } from '../lib/server/db/sqlite.ts';
import { openPostgres } from '../lib/server/db/postgres.ts';
import { copySqliteToPostgres, targetCounts, targetIsEmpty } from '../lib/server/db/copy.ts';
import { compareYearlyReports } from '../lib/server/reports/compare.ts';

const { values: args } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } } });
const from = args.from ?? process.env.DATABASE_PATH ?? 'data/qingfeng.db';
if (!args.to || !isPostgresUrl(args.to)) {
	console.error('用法：npm run db:copy -- --to postgres://用户:密码@主机/数据库 [--from SQLite 文件，默认 DATABASE_PATH 或 data/qingfeng.db]');
	process.exit(1);
}
if (!existsSync(from)) {
	console.error(`SQLite 数据库文件不存在：${from}`);
	process.exit(1);
}

const source = openSqlite(from);
const target = openPostgres(args.to, { max: 2 });
let failed: boolean;
try {
	await source.migrate();
	await target.migrate();
	const busy = await targetIsEmpty(target);
	if (busy) {
		console.error(`目标数据库不是空的（表 ${busy} 已有数据），未做任何修改。请使用新建的空数据库。`);
		process.exit(1);
	}
	console.log(`[清风学堂] 复制 ${from} → ${target.location}`);
	const copied = await copySqliteToPostgres(source, target, (m) => console.log(m));
	const counts = await targetCounts(target);
	const mismatched = copied.filter((t) => counts.get(t.table) !== t.rows);
	for (const t of mismatched) console.error(`行数不一致：${t.table} 源 ${t.rows} 行，目标 ${counts.get(t.table)} 行`);
	const reports = await compareYearlyReports(source.db, target.db);
	for (const r of reports) console.log(`  本年报表 ${r.unit}：${r.same ? '一致' : '不一致'}（开展 ${r.source.activities} 次，${r.source.attendances} 人次）`);
	failed = mismatched.length > 0 || reports.some((r) => !r.same);
	const rows = copied.reduce((n, t) => n + t.rows, 0);
	console.log(failed ? '[清风学堂] 校验失败：请勿切换到 PostgreSQL，检查上面的差异。' : `[清风学堂] 已复制并校验：${copied.length} 张表，共 ${rows} 行；行数与本年报表数字一致。`);
} finally {
	await source.close();
	await target.close();
}
process.exitCode = failed ? 1 : 0;
