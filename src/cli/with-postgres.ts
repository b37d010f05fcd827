// node src/cli/with-postgres.ts <command> [args…]
// Starts a throwaway PostgreSQL cluster (Debian's binaries, or POSTGRES_BIN) in a temporary
// folder, as an unprivileged user, listening on a free port of 127.0.0.1 only; runs the command
// with QF_TEST_PG_URL set to it; stops the cluster and removes the folder. Exit code: the command's.
// Nothing outside the temporary folder is touched, and no system service is started.
import { spawn } from 'node:child_process';
import { startThrowawayPostgres } from './postgres-throwaway.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
	console.error('用法：node src/cli/with-postgres.ts <命令> [参数…]');
	process.exit(2);
}

const pg = await startThrowawayPostgres();
let code: number;
try {
	console.error(`[with-postgres] PostgreSQL ${pg.version} 临时实例：${pg.url}`);
	code = await new Promise<number>((resolve) => {
		const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, QF_TEST_PG_URL: pg.url }, shell: false });
		child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
		child.on('error', (err) => {
			console.error(`[with-postgres] ${err.message}`);
			resolve(1);
		});
	});
} finally {
	await pg.stop();
}
process.exit(code);
