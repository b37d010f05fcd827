// npm run backup -- FILE
// A consistent copy of the database taken while the app keeps running (SQLite's online backup API).
import { backupDatabase } from '../lib/server/backup.ts';
import { configuredLocation, isPostgresUrl } from '../lib/server/db/client.ts';

if (isPostgresUrl(configuredLocation())) {
	// PostgreSQL has its own consistent online backup; its DBA's tools (and replicas) are the way.
	console.error('数据库是 PostgreSQL（DATABASE_URL）：请用 pg_dump 备份，例如\n  pg_dump --format=custom --file=qingfeng-2026-11-22.dump "$DATABASE_URL"\n恢复：pg_restore --clean --if-exists --dbname="$DATABASE_URL" qingfeng-2026-11-22.dump（详见 README“备份”）');
	process.exit(1);
}

const target = process.argv[2];
if (!target || process.argv.length > 3 || target.startsWith('-')) {
	console.error('用法：npm run backup -- 备份文件路径（例如 backups/qingfeng-2026-11-22.db）');
	process.exit(1);
}
const source = configuredLocation();
const result = await backupDatabase(source, target);
if (!result.ok) {
	console.error(result.message);
	process.exit(1);
}
const { file, bytes, counts } = result.summary;
console.log(`已备份 ${source} → ${file}（${(bytes / 1024 / 1024).toFixed(2)} MB）`);
console.log(
	`单位 ${counts.units} 个，人员 ${counts.people} 人，课程 ${counts.courses} 门，法规 ${counts.regulations} 部，阅读签名 ${counts.checkins} 条，答题 ${counts.attempts} 次`
);
