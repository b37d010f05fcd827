// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary folder, start
// on a free loopback port, trust authentication for one user (the folder is private to the run),
// fsync off (the data is thrown away). Runs as an unprivileged user: PostgreSQL refuses root, so
// under root the cluster belongs to Debian's `postgres` account.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export type ThrowawayPostgres = { url: string; version: string; dir: string; stop: () => Promise<void> };

function binDir(): string {
	const configured = process.env.POSTGRES_BIN;
	if (configured) return configured;
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
	versions.sort((a, b) => Number(b) - Number(a));
	if (!versions.length) {
		throw new Error('没有找到 PostgreSQL（/usr/lib/postgresql/*/bin/initdb）：请先安装 apt-get install -y postgresql，或设置 POSTGRES_BIN');
	}
	return join(base, versions[0], 'bin');
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const port = (server.address() as { port: number }).port;
			server.close(() => resolve(port));
		});
	});
}

/** Runs a PostgreSQL binary as the cluster's owner (ourselves, or `postgres` when we are root). */
function runAs(owner: { uid: number; gid: number } | null, bin: string, args: string[]): string {
	const result = owner
		? spawnSync(bin, args, { uid: owner.uid, gid: owner.gid, encoding: 'utf8', cwd: '/' })
		: spawnSync(bin, args, { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} 失败：\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

function postgresAccount(): { uid: number; gid: number } {
	const passwd = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).split(':');
	return { uid: Number(passwd[2]), gid: Number(passwd[3]) };
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
	const bin = binDir();
	const owner = userInfo().uid === 0 ? postgresAccount() : null;
	const dir = mkdtempSync(join(tmpdir(), 'qf-pg-'));
	if (owner) chownSync(dir, owner.uid, owner.gid);
	chmodSync(dir, 0o700);
	const data = join(dir, 'data');
	const user = 'qf';
	runAs(owner, join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
	const port = await freePort();
	const options = [
		`-p ${port}`,
		`-k ${dir}`,
		"-c listen_addresses='127.0.0.1'",
		'-c max_connections=400',
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c shared_buffers=256MB'
	].join(' ');
	runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
	const version = runAs(owner, join(bin, 'postgres'), ['--version']).trim().replace(/^postgres \(PostgreSQL\) /, '');
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		try {
			runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
		} catch (err) {
			console.error(String(err));
		}
		rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', () => {
		if (!stopped) {
			spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], owner ? { uid: owner.uid, gid: owner.gid } : {});
			rmSync(dir, { recursive: true, force: true });
		}
	});
	return { url: `postgres://${user}@127.0.0.1:${port}/postgres`, version, dir, stop };
}
