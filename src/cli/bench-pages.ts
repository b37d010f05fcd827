// npm run bench:pages [-- --seconds 5 --connections 20 --port 5390 --database postgres://…|throwaway --only 首页 --profile dir]
//
// Measures the pages people open most, on the BUILT app with a fresh demo database and the shipped
// content plus a long regulation written for the benchmark (150 articles in 编, 章 and 节):
// requests per second and latency (p50, p99) of the home page, the course list, a lesson, an
// article, the whole regulation, a quiz page and 我的学习 as a learner, and the report of the whole
// demo tree as its organizer — each beside, in the same run, a plain node:http server answering
// the same bytes (the physical limit of this machine) and a trivial SvelteKit page (GET /login,
// anonymous). Prints JSON. --database runs the app on PostgreSQL (a server URL, where a database
// is created for the run and dropped after, or `throwaway`).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { benchDatabase, percentile, round1, sleep, waitFor } from './bench-common.ts';

const { values: args } = parseArgs({
	options: {
		seconds: { type: 'string', default: '5' },
		connections: { type: 'string', default: '20' },
		port: { type: 'string', default: '5390' },
		build: { type: 'string', default: 'build' },
		database: { type: 'string', default: '' },
		only: { type: 'string', default: '' },
		/** Writes a V8 CPU profile of the app to this folder (npx speedscope, Chrome DevTools). */
		profile: { type: 'string', default: '' }
	},
	strict: true
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const PORT = Number(args.port);
const BASELINE_PORT = PORT + 1;
const HOST = '127.0.0.1';
const ORIGIN = `http://${HOST}:${PORT}`;
const BUILD = resolve(args.build, 'index.js');
if (!existsSync(BUILD)) {
	console.error(`找不到已构建的应用 ${BUILD}：请先运行 npm run build`);
	process.exit(1);
}
const log = (msg: string) => process.stderr.write(`[bench:pages] ${msg}\n`);

// ---- content: the shipped content and a long regulation written for the benchmark ---------------

const dir = mkdtempSync(join(tmpdir(), 'qf-bench-pages-'));
const contentDir = join(dir, 'content');
cpSync(resolve('content'), contentDir, { recursive: true });
const REG_SLUG = 'bench-long-regulation';
writeFileSync(join(contentDir, 'regulations', `${REG_SLUG}.md`), longRegulation(150));

/** A made-up regulation of `n` articles in three 编 with chapters and sections, ~120 characters each. */
function longRegulation(n: number): string {
	const cn = (k: number): string => {
		const d = '零一二三四五六七八九';
		if (k < 10) return d[k];
		if (k < 20) return `十${k % 10 ? d[k % 10] : ''}`;
		if (k < 100) return `${d[Math.floor(k / 10)]}十${k % 10 ? d[k % 10] : ''}`;
		const rest = k % 100;
		return `${d[Math.floor(k / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${d[rest]}` : rest < 20 ? `一${cn(rest)}` : cn(rest)}`;
	};
	const topics = ['公务接待', '因公出差', '会议培训', '办公用房', '公务用车', '礼品礼金', '婚丧喜庆', '兼职取酬', '亲属经商', '公共资源交易'];
	const lines = ['---', 'title: 《压测用示例规定（长文本）》', 'edition: 压测', 'issuer: 清风学堂（虚构）', 'effective_date: 2026-01-01', 'sample: true', '---', '', '# 压测用示例规定（长文本）', ''];
	let article = 0;
	for (let part = 1; part <= 3; part++) {
		lines.push(`## 第${cn(part)}编 第${cn(part)}部分规定`, '');
		for (let chapter = 1; chapter <= 5; chapter++) {
			lines.push(`### 第${cn((part - 1) * 5 + chapter)}章 ${topics[(part * 5 + chapter) % topics.length]}`, '');
			for (let section = 1; section <= 2; section++) {
				lines.push(`#### 第${cn(section)}节 具体要求`, '');
				for (let k = 0; k < 5 && article < n; k++) {
					article++;
					const topic = topics[article % topics.length];
					lines.push(
						`第${cn(article)}条 在${topic}方面，干部职工应当严格执行有关规定，做到公开透明、有据可查；对违反本条规定的，视情节轻重依照本规定第${cn(Math.max(1, article - 1))}条处理，并在本单位通报。`,
						'',
						`前款所称${topic}，包括本单位组织的和以本单位名义参加的各类活动，具体范围由本单位另行规定。`,
						''
					);
				}
			}
		}
	}
	return lines.join('\n');
}

// ---- the database -------------------------------------------------------------------------------

const database = await benchDatabase(args.database, dir, 'qf_bench_pages');

// ---- load generation ------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS + 8 });
type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
function request(method: string, port: number, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
	return new Promise((resolvePromise, reject) => {
		const req = http.request({ host: HOST, port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** CONNECTIONS requests in flight for SECONDS (after a one-second warm-up): requests/s and latency. */
async function measure(port: number, path: string, headers: Record<string, string>): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
	const run = async (seconds: number, record: boolean) => {
		const latencies: number[] = [];
		let errors = 0;
		const end = performance.now() + seconds * 1000;
		await Promise.all(
			Array.from({ length: CONNECTIONS }, async () => {
				while (performance.now() < end) {
					const t = performance.now();
					const r = await request('GET', port, path, headers).catch(() => null);
					if (!r || r.status !== 200) errors++;
					else if (record) latencies.push(performance.now() - t);
				}
			})
		);
		return { latencies, errors };
	};
	await run(1, false);
	const { latencies, errors } = await run(SECONDS, true);
	latencies.sort((a, b) => a - b);
	return { rps: Math.round(latencies.length / SECONDS), p50: round1(percentile(latencies, 50)), p99: round1(percentile(latencies, 99)), errors };
}

/** Serves fixed bytes at every path: what node:http can do on this machine with the page's size. */
const BASELINE_SOURCE = `
const http = require('node:http');
let body = Buffer.alloc(0);
let type = 'text/html';
http.createServer((req, res) => {
	if (req.method === 'PUT') {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => { body = Buffer.concat(chunks); type = req.headers['content-type'] || 'text/html'; res.end('ok'); });
		return;
	}
	res.writeHead(200, { 'content-type': type, 'content-length': body.length });
	res.end(body);
}).listen(${BASELINE_PORT}, '${HOST}');
`;

async function login(username: string): Promise<string> {
	const r = await request('POST', PORT, '/login', { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, `username=${username}&password=qingfeng2026`);
	const cookie = (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('qf_session='));
	if (!cookie) throw new Error(`登录失败：${username} ${r.status} ${r.body.toString().slice(0, 200)}`);
	return cookie;
}

// ---- run ------------------------------------------------------------------------------------------

const out = openSync(join(dir, 'server.log'), 'a');
const server: ChildProcess = spawn(process.execPath, [...(args.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(args.profile)] : []), BUILD], {
	env: { ...process.env, PORT: String(PORT), HOST, ORIGIN, ...database.env, CONTENT_DIR: contentDir, QF_DEMO: '1', NODE_ENV: 'production', QF_LOGIN_MAX_PER_ADDRESS: '100000' },
	stdio: ['ignore', out, out]
});
const baseline = spawn(process.execPath, ['-e', BASELINE_SOURCE], { stdio: 'ignore' });
process.on('exit', () => [server, baseline].forEach((c) => c.kill('SIGKILL')));
try {
	await waitFor(HOST, PORT, '/healthz', 60);
	await waitFor(HOST, BASELINE_PORT, '/');
	const learner = await login('xueyuan');
	const organizer = await login('jgdw');
	// Paths taken from the pages themselves, as a person clicking through would find them.
	const courses = (await request('GET', PORT, '/courses', { cookie: learner })).body.toString();
	const course = /href="(\/courses\/[^"/]+)"/.exec(courses)![1];
	const coursePage = (await request('GET', PORT, course, { cookie: learner })).body.toString();
	const lesson = new RegExp(`href="(${course}/(?!quiz)[^"/]+)"`).exec(coursePage)![1];
	const quiz = `${course}/quiz`;
	const pages: { name: string; path: string; cookie: string }[] = [
		{ name: '首页', path: '/', cookie: learner },
		{ name: '课程列表', path: '/courses', cookie: learner },
		{ name: '课时', path: lesson, cookie: learner },
		{ name: '法规条文', path: `/regulations/${REG_SLUG}/88`, cookie: learner },
		{ name: '法规全文（150 条）', path: `/regulations/${REG_SLUG}`, cookie: learner },
		{ name: '测验', path: quiz, cookie: learner },
		{ name: '我的学习', path: '/me', cookie: learner },
		{ name: '统计报表（全部演示单位）', path: '/org/report', cookie: organizer }
	].filter((p) => !args.only || p.name.includes(args.only));

	const trivial = await measure(PORT, '/login', {});
	log(`SvelteKit 简单页面 /login：${trivial.rps} 次/秒`);
	const results = [];
	for (const page of pages) {
		const sample = await request('GET', PORT, page.path, { cookie: page.cookie });
		if (sample.status !== 200) throw new Error(`${page.name} ${page.path}：${sample.status}`);
		await request('PUT', BASELINE_PORT, '/', { 'content-type': String(sample.headers['content-type'] ?? 'text/html') }, sample.body);
		const app = await measure(PORT, page.path, { cookie: page.cookie });
		const plain = await measure(BASELINE_PORT, '/', {});
		const row = {
			page: page.name,
			path: page.path,
			bytes: sample.body.length,
			rps: app.rps,
			p50Ms: app.p50,
			p99Ms: app.p99,
			errors: app.errors,
			plainNodeHttpRps: plain.rps,
			percentOfPlain: round1((app.rps * 100) / plain.rps),
			trivialSvelteKitRps: trivial.rps
		};
		log(`${page.name}：${row.rps} 次/秒（纯 node:http ${row.plainNodeHttpRps}，${row.percentOfPlain}%），p99 ${row.p99Ms} ms`);
		results.push(row);
	}
	const js = await javascriptOnReadingPages(learner, lesson);
	console.log(
		JSON.stringify(
			{ database: database.postgres ? 'postgresql' : 'sqlite', connections: CONNECTIONS, seconds: SECONDS, trivialSvelteKit: { path: '/login', ...trivial }, pages: results, readingPageJavaScript: js },
			null,
			2
		)
	);
} catch (e) {
	log(`失败：${e instanceof Error ? e.stack : e}`);
	log(readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-30).join('\n'));
	process.exitCode = 1;
} finally {
	if (args.profile) {
		// A profile is written when the process exits on its own: ask it to stop, then wait.
		const exited = new Promise((r) => server.once('exit', r));
		server.kill('SIGTERM');
		await Promise.race([exited, sleep(10_000)]);
	}
	server.kill('SIGKILL');
	baseline.kill('SIGKILL');
	agent.destroy();
	rmSync(dir, { recursive: true, force: true });
	await database.drop();
}

/**
 * The JavaScript a reading page loads, in kB as sent gzip-compressed (the build is precompressed):
 * the scripts Chromium requests when it opens the page, each then fetched with gzip.
 */
async function javascriptOnReadingPages(cookie: string, lesson: string): Promise<Record<string, number> | null> {
	const executablePath = process.env.QF_CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(executablePath)) return null;
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking'] });
	try {
		const context = await browser.newContext();
		await context.addCookies([{ name: cookie.split('=')[0], value: cookie.split('=')[1], url: ORIGIN }]);
		const sizes: Record<string, number> = {};
		for (const path of [lesson, `/regulations/${REG_SLUG}/88`]) {
			const page = await context.newPage();
			const scripts = new Set<string>();
			page.on('request', (r) => {
				if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
			});
			await page.goto(ORIGIN + path, { waitUntil: 'networkidle' });
			let total = 0;
			for (const src of scripts) total += (await request('GET', PORT, src, { 'accept-encoding': 'gzip' })).body.length;
			sizes[path] = round1(total / 1024);
			await page.close();
		}
		return sizes;
	} finally {
		await browser.close();
	}
}
