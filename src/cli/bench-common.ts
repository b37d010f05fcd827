// What the benchmark scripts (bench-*.ts) share: figures, waiting for a server, and the database a
// run uses.
import http from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { isPostgresUrl } from '../lib/server/db/client.ts';
import { startThrowawayPostgres } from './postgres-throwaway.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile of sorted values (nearest rank); NaN for none. */
export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Requests per second with `width` requests in flight for `seconds`; `send` says whether one succeeded. */
export async function measureRps(send: (i: number) => Promise<boolean>, seconds: number, width: number): Promise<number> {
	const end = performance.now() + seconds * 1000;
	let done = 0;
	let i = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (performance.now() < end) if (await send(i++)) done++;
		})
	);
	return Math.round(done / seconds);
}

/** Waits until a server answers GET `path` with a status below 500 (`seconds` at most). */
export async function waitFor(host: string, port: number, path: string, seconds = 30): Promise<void> {
	const status = () =>
		new Promise<number>((resolve, reject) => {
			const req = http.get({ host, port, path, agent: false }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			req.setTimeout(5000, () => req.destroy(new Error('timeout')));
		});
	for (let i = 0; i < seconds * 10; i++) {
		try {
			if ((await status()) < 500) return;
		} catch {
			// not up yet
		}
		await sleep(100);
	}
	throw new Error(`端口 ${port} 没有响应`);
}

export type BenchDatabase = {
	/** postgres://… of the database made for the run, or the SQLite file. */
	location: string;
	postgres: boolean;
	/** DATABASE_PATH / DATABASE_URL for an app process. */
	env: { DATABASE_PATH: string; DATABASE_URL: string };
	/** Drops the run's PostgreSQL database (or stops the throwaway cluster); SQLite files go with the run's folder. */
	drop(): Promise<void>;
};

/**
 * The database of a run: a SQLite file in `dir` by default; with `--database postgres://…` a new
 * database on that server, with `--database throwaway` one on a temporary cluster of Debian's binaries.
 */
export async function benchDatabase(option: string, dir: string, prefix: string): Promise<BenchDatabase> {
	if (!option) {
		const location = join(dir, 'bench.db');
		return { location, postgres: false, env: { DATABASE_PATH: location, DATABASE_URL: '' }, drop: async () => {} };
	}
	if (option !== 'throwaway' && !isPostgresUrl(option)) throw new Error('--database 应为 postgres://… 或 throwaway');
	const cluster = option === 'throwaway' ? await startThrowawayPostgres() : null;
	const server = cluster?.url ?? option;
	const name = `${prefix}_${Date.now().toString(36)}`;
	const onServer = async (statement: string) => {
		const client = new pg.Client({ connectionString: server });
		await client.connect();
		try {
			await client.query(statement);
		} finally {
			await client.end();
		}
	};
	await onServer(`create database ${name}`);
	const url = new URL(server);
	url.pathname = `/${name}`;
	const location = url.toString();
	return {
		location,
		postgres: true,
		env: { DATABASE_URL: location, DATABASE_PATH: '' },
		drop: async () => {
			if (cluster) await cluster.stop();
			else await onServer(`drop database if exists ${name} with (force)`).catch(() => {});
		}
	};
}
