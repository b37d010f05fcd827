import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildNeeded } from './build-freshness.js';

// Starts the built app, building it first only when build/ is missing or older than the code
// (a fresh checkout, an update). The build runs quietly: one line in Chinese, and its own output
// only if it fails.
const root = resolve('.');
const reason = buildNeeded(root, 'build/index.js');
if (reason) {
	console.log(`[清风学堂] ${reason === 'missing' ? '首次启动' : '代码有更新'}，正在构建应用（约需一两分钟）…`);
	const build = spawnSync(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
	if (build.status !== 0) {
		process.stdout.write(build.stdout ?? '');
		process.stderr.write(build.stderr ?? '');
		console.error('[清风学堂] 构建失败，请查看上面的输出');
		process.exit(1);
	}
}

// adapter-node assumes https unless ORIGIN says otherwise, which would make every form post on
// plain-http intranet hosts fail the CSRF origin check, so default ORIGIN to the local address;
// set ORIGIN for the real host name.
process.env.PORT ??= '3000';
const localOnly = !process.env.ORIGIN || /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(process.env.ORIGIN);
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Demo accounts with a published password must never appear on a real server by accident:
// demo data is the default only for a local trial; a deployment (ORIGIN set) opts in with QF_DEMO=1.
process.env.QF_DEMO ??= localOnly ? '1' : '0';
process.env.BODY_SIZE_LIMIT ??= '20M'; // Excel imports of a whole city's people
console.log(`[清风学堂] 访问地址 ${process.env.ORIGIN}（数据库 ${process.env.DATABASE_PATH ?? 'data/qingfeng.db'}）`);
// Resolved from the working directory (the project root under npm start); a computed specifier also
// keeps svelte-check from type-checking the generated build.
await import(pathToFileURL(resolve('build/index.js')).href);
