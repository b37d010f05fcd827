// npm run bench:exam -- --examinees N [--seconds 120] [--start-spread-ms 5000] [--reconnect-rate 0.1]
//                        [--port 5390] [--build build]
//
// Sits one exam against the BUILT app (node build) on a fresh SQLite database, as N browsers would
// on loopback: every examinee presses 开始考试 (the form POST) and loads the exam page within the
// first --start-spread-ms, then saves 30 answers spread over --seconds through the page's autosave
// endpoint; a share of them reconnects midway (a reload of the page on a new connection, and the
// last answer sent again, as the page does when it did not see the reply); then all hand in (交卷,
// the form POST) within five seconds. Prints JSON: examinees, answers sent / acknowledged / stored,
// lost (acknowledged but not stored as acknowledged) and duplicated (stored twice, or as a second
// revision of one answer), latencies, and — in the same run — the requests per second of the app's
// save endpoint and of a plain node:http server answering the same POST (the baseline).
//
// The load generator shares the machine with the server, so it is lean: one process, raw
// node:http with keep-alive agents, one dispatcher timer for every scheduled request.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, openSync, existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../lib/server/db/client.ts';
import { examAnswers, examAttempts, questionSets, sessions, users } from '../lib/server/db/schema/index.ts';
import { createUnit } from '../lib/server/org/units.ts';
import { hashPassword } from '../lib/server/auth/passwords.ts';
import { generateSessionToken, sessionIdFromToken, SESSION_COOKIE, SESSION_LIFETIME_MS } from '../lib/server/auth/sessions.ts';
import { loadCompetitions } from '../lib/server/content/competitions/load.ts';
import { saveExam } from '../lib/server/exams/exams.ts';
import { measureRps, percentile, round1, sleep, waitFor } from './bench-common.ts';

const { values: args } = parseArgs({
	options: {
		examinees: { type: 'string', default: '200' },
		answers: { type: 'string', default: '30' },
		seconds: { type: 'string', default: '120' },
		'start-spread-ms': { type: 'string', default: '5000' },
		'reconnect-rate': { type: 'string', default: '0.1' },
		port: { type: 'string', default: '5390' },
		build: { type: 'string', default: 'build' },
		'baseline-seconds': { type: 'string', default: '3' },
		concurrency: { type: 'string', default: '64' }
	},
	strict: true
});

const N = Number(args.examinees);
const ANSWERS = Number(args.answers);
const SECONDS = Number(args.seconds);
const START_SPREAD_MS = Number(args['start-spread-ms']);
const RECONNECT_RATE = Number(args['reconnect-rate']);
const PORT = Number(args.port);
const BASE_PORT = PORT + 1;
const HOST = '127.0.0.1';
const ORIGIN = `http://${HOST}:${PORT}`;
const BUILD = resolve(args.build, 'index.js');
if (!existsSync(BUILD)) {
	console.error(`找不到已构建的应用 ${BUILD}：请先运行 npm run build`);
	process.exit(1);
}
if (!(N > 0) || !(ANSWERS > 0) || !(SECONDS > 0)) {
	console.error('--examinees、--answers 和 --seconds 应为正数');
	process.exit(1);
}

const log = (msg: string) => process.stderr.write(`[bench:exam] ${msg}\n`);

// ---- fresh database: people with sessions, a bank, one exam of ANSWERS single-choice questions ----

const dir = mkdtempSync(join(tmpdir(), 'qf-bench-exam-'));
const dbPath = join(dir, 'bench.db');
const contentDir = join(dir, 'content');
mkdirSync(join(contentDir, 'competitions'), { recursive: true });
const bank = ['---', 'title: 压测考试题库', '---', ''];
// More questions than a paper holds, so each examinee's paper is a different draw.
for (let i = 1; i <= ANSWERS * 2; i++) {
	bank.push(`## 单选题 {#e${i}}`, `压测第 ${i} 题：下列哪一项是正确的？`, '', '- [ ] 甲', '- [x] 乙', '- [ ] 丙', '- [ ] 丁', '', '> 解析：压测用题。', '> 依据：lianjie-zilv-zhunze-2015#5', '');
}
writeFileSync(join(contentDir, 'competitions', 'bench.md'), bank.join('\n'));

process.env.MIGRATIONS_DIR ??= resolve('drizzle');
const db = openDatabase(dbPath);
await db.$engine.migrate();
await loadCompetitions(db, contentDir);
const setId = (await db.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, 'competition/bench')).get())!.id;
const root = await createUnit(db, { parentId: null, name: '压测单位', kind: '单位' });
const branches: { id: number }[] = [];
for (let i = 0; i < 20; i++) branches.push(await createUnit(db, { parentId: root.id, name: `第${i + 1}党支部`, kind: '党支部' }));
// One argon2 hash shared by everyone: nobody logs in with a password, sessions are created directly.
const passwordHash = await hashPassword('bench-password-1');
const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
const organizer = await db.insert(users).values({ username: 'bench-org', name: '压测组织员', orgUnitId: root.id, role: 'organizer', passwordHash, mustChangePassword: false }).returning().get();

type Examinee = {
	n: number;
	userId: number;
	cookie: string;
	attemptId: number;
	/** Option letters shown, by question, in the order of the paper. */
	paper: { questionId: number; options: string[] }[];
	/** What the server acknowledged last, per question: the letter sent and the revision. */
	acked: Map<number, { letter: string; revision: number }>;
	inFlight: number;
	last: { questionId: number; body: string } | null;
	/** The last answer the server acknowledged, as sent (the one a reconnecting page sends again). */
	lastAcked: { questionId: number; body: string } | null;
};
const examinees: Examinee[] = [];
await db.transaction(async (tx) => {
	for (let i = 0; i < N; i++) {
		const user = await tx
			.insert(users)
			.values({ username: `e${String(i).padStart(6, '0')}`, name: `考生${i + 1}`, orgUnitId: branches[i % branches.length].id, passwordHash, mustChangePassword: false })
			.returning({ id: users.id })
			.get();
		const token = generateSessionToken();
		await tx.insert(sessions).values({ id: sessionIdFromToken(token), userId: user.id, expiresAt }).run();
		examinees.push({ n: i, userId: user.id, cookie: `${SESSION_COOKIE}=${token}`, attemptId: 0, paper: [], acked: new Map(), inFlight: 0, last: null, lastAcked: null });
	}
});
const now = Date.now();
const saved = await saveExam(db, {
	scope: null,
	actorId: organizer.id,
	now: now - 120_000,
	draft: {
		title: '压测党规党纪知识考试',
		description: '',
		unitId: root.id,
		audience: 'all',
		usernames: [],
		batch: null,
		paperMode: 'random',
		sections: [{ title: '单项选择题', setIds: [setId], category: '', regulation: '', chapter: '', difficulty: '', type: 'single', count: ANSWERS, points: 2 }],
		shuffleOptions: true,
		opensAt: now - 60_000,
		closesAt: now + 6 * 3_600_000,
		timeLimitMinutes: Math.max(30, Math.ceil(SECONDS / 60) + 30),
		attemptsAllowed: 1,
		passScore: ANSWERS,
		showAnswers: true,
		autoSubmitLeaves: null
	}
});
if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
const examId = saved.id;
await db.$engine.close();
log(`数据库 ${dbPath}：${N} 名考生，考试 ${examId}，每人 ${ANSWERS} 题`);

// ---- the built app and the plain node:http baseline ---------------------------------------------

function startServer(): ChildProcess {
	const out = openSync(join(dir, 'server.log'), 'a');
	return spawn(process.execPath, [BUILD], {
		env: { ...process.env, PORT: String(PORT), HOST, ORIGIN, DATABASE_PATH: dbPath, DATABASE_URL: '', CONTENT_DIR: contentDir, QF_DEMO: '0', NODE_ENV: 'production', SHUTDOWN_TIMEOUT: '1' },
		stdio: ['ignore', out, out]
	});
}

/** Answers a save as the app does, with the same fields, after parsing the same body. */
const BASELINE_SOURCE = `
const http = require('node:http');
http.createServer((req, res) => {
	let body = '';
	req.setEncoding('utf8');
	req.on('data', (c) => (body += c));
	req.on('end', () => {
		let a;
		try {
			a = JSON.parse(body);
		} catch {
			res.writeHead(400).end();
			return;
		}
		const ack = JSON.stringify({ ok: true, questionId: a.questionId, revision: 1, savedAt: Date.now(), replay: false, deadlineAt: Date.now() + 3600000 });
		res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
		res.end(ack);
	});
}).listen(${BASE_PORT}, '${HOST}');
`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

type Reply = { status: number; body: string; location: string };
function request(method: string, path: string, headers: Record<string, string>, body?: string, options: { port?: number; fresh?: boolean } = {}): Promise<Reply> {
	return new Promise((resolvePromise, reject) => {
		const req = http.request(
			{ host: HOST, port: options.port ?? PORT, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, agent: options.fresh ? false : agent },
			(res) => {
				let data = '';
				res.setEncoding('utf8');
				res.on('data', (c) => (data += c));
				res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: data, location: String(res.headers.location ?? '') }));
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
		req.end(body);
	});
}

const summary = (values: number[]) => {
	const s = [...values].sort((a, b) => a - b);
	return { p50: round1(percentile(s, 50)), p99: round1(percentile(s, 99)), max: round1(s.at(-1) ?? NaN) };
};


/** Calls `fn` for every item at its time (ms from now), from one timer. */
async function runSchedule<T>(items: { at: number; item: T }[], fn: (item: T) => Promise<void>) {
	const sorted = [...items].sort((a, b) => a.at - b.at);
	const t0 = performance.now();
	const running: Promise<void>[] = [];
	let next = 0;
	await new Promise<void>((done) => {
		const timer = setInterval(() => {
			const t = performance.now() - t0;
			while (next < sorted.length && sorted[next].at <= t) running.push(fn(sorted[next++].item));
			if (next >= sorted.length) {
				clearInterval(timer);
				done();
			}
		}, 5);
	});
	await Promise.all(running);
}

// ---- the exam ---------------------------------------------------------------------------------------

const server = startServer();
const baseline = spawn(process.execPath, ['-e', BASELINE_SOURCE], { stdio: 'ignore' });
// Even if this process dies of an error, the servers it started must not outlive it.
process.on('exit', () => [server, baseline].forEach((c) => c.kill('SIGKILL')));
const startedAt = performance.now();
try {
	await waitFor(HOST, PORT, '/healthz');
	await waitFor(HOST, BASE_PORT, '/');
	const formHeaders = (e: Examinee) => ({ cookie: e.cookie, origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' });
	const jsonHeaders = (e: Examinee) => ({ cookie: e.cookie, 'content-type': 'application/json' });

	// 1. Everyone presses 开始考试 and loads the exam page within the start spread.
	const startLatencies: number[] = [];
	const pageLatencies: number[] = [];
	let startFailures = 0;
	const startPhase = performance.now();
	await runSchedule(
		examinees.map((e) => ({ at: Math.random() * START_SPREAD_MS, item: e })),
		async (e) => {
			try {
				let t = performance.now();
				const started = await request('POST', `/exams/${examId}?/start`, formHeaders(e), '');
				startLatencies.push(performance.now() - t);
				if (started.status !== 303 || !started.location.endsWith(`/exams/${examId}/take`)) throw new Error(`开始考试：${started.status} ${started.body.slice(0, 200)}`);
				t = performance.now();
				const page = await request('GET', `/exams/${examId}/take`, { cookie: e.cookie });
				pageLatencies.push(performance.now() - t);
				if (page.status !== 200 || !page.body.includes('交卷')) throw new Error(`试卷页：${page.status}`);
			} catch (error) {
				startFailures++;
				if (startFailures <= 3) log(String(error));
			}
		}
	);
	const startSeconds = (performance.now() - startPhase) / 1000;
	log(`已开考：${N - startFailures}，失败 ${startFailures}，用时 ${round1(startSeconds)} s`);

	// The papers, as each page holds them (the letters shown map to the paper's shuffled options).
	const read = openDatabase(dbPath);
	const byUser = new Map(examinees.map((e) => [e.userId, e]));
	for (const a of await read.select({ id: examAttempts.id, userId: examAttempts.userId, paper: examAttempts.paper }).from(examAttempts).where(eq(examAttempts.examId, examId)).all()) {
		const e = byUser.get(a.userId)!;
		e.attemptId = a.id;
		e.paper = a.paper.map((p) => ({ questionId: p.questionId, options: p.options }));
	}
	await read.$engine.close();
	const distinctPapers = new Set(examinees.map((e) => e.paper.map((p) => p.questionId).join(','))).size;

	// 2. Answers spread over the run; a share reconnects at half time.
	const stats = { sent: 0, acked: 0, refused: 0, failed: 0, networkRetries: 0, reconnects: 0, reconnectReplays: 0, reconnectDifferent: 0 };
	const saveLatencies: number[] = [];
	const LETTERS = ['A', 'B', 'C', 'D'];
	async function save(e: Examinee, questionId: number, letter: string) {
		const known = e.acked.get(questionId);
		const body = JSON.stringify({ questionId, values: [letter], revision: known?.revision ?? 0 });
		e.last = { questionId, body };
		stats.sent++;
		e.inFlight++;
		const t = performance.now();
		for (let left = 3; ; left--) {
			try {
				const r = await request('POST', `/exams/${examId}/take/answer`, jsonHeaders(e), body);
				saveLatencies.push(performance.now() - t);
				const reply = JSON.parse(r.body) as { ok: boolean; revision?: number; message?: string };
				if (r.status === 200 && reply.ok) {
					stats.acked++;
					e.acked.set(questionId, { letter, revision: reply.revision! });
					e.lastAcked = { questionId, body };
				} else {
					stats.refused++;
					if (stats.refused <= 3) log(`保存被拒绝：${r.status} ${r.body.slice(0, 200)}`);
				}
				break;
			} catch {
				// A dropped keep-alive connection: the page sends the same body again (the server
				// recognises it as the answer it already has).
				if (left > 0) {
					stats.networkRetries++;
					await sleep(100);
					continue;
				}
				stats.failed++;
				break;
			}
		}
		e.inFlight--;
	}
	const reconnecting = new Set(examinees.filter(() => Math.random() < RECONNECT_RATE));
	type Job = { kind: 'save'; e: Examinee; questionId: number; letter: string } | { kind: 'reconnect'; e: Examinee };
	const jobs: { at: number; item: Job }[] = [];
	for (const e of examinees) {
		if (!e.attemptId) continue;
		for (const p of e.paper) jobs.push({ at: Math.random() * SECONDS * 1000, item: { kind: 'save', e, questionId: p.questionId, letter: LETTERS[Math.floor(Math.random() * p.options.length)] } });
		// Midway, within ten seconds (a network that drops for a floor of the building).
		if (reconnecting.has(e)) jobs.push({ at: (SECONDS * 1000) / 2 + (Math.random() - 0.5) * 10_000, item: { kind: 'reconnect', e } });
	}
	const answerPhase = performance.now();
	await runSchedule(jobs, async (job) => {
		if (job.kind === 'save') return await save(job.e, job.questionId, job.letter);
		// A reload on a new connection (the phone changed networks), then the last answer again,
		// as the page sends it when it did not see the reply: acknowledged as already stored.
		const e = job.e;
		stats.reconnects++;
		const page = await request('GET', `/exams/${examId}/take`, { cookie: e.cookie }, undefined, { fresh: true });
		if (page.status !== 200) log(`重连后试卷页：${page.status}`);
		const last = e.lastAcked;
		if (!last) return;
		const again = await request('POST', `/exams/${examId}/take/answer`, jsonHeaders(e), last.body, { fresh: true });
		const reply = JSON.parse(again.body) as { ok: boolean; replay?: boolean; revision?: number };
		const acked = e.acked.get(last.questionId);
		if (again.status === 200 && reply.ok && reply.replay && acked && reply.revision === acked.revision) stats.reconnectReplays++;
		else stats.reconnectDifferent++;
	});
	while (examinees.some((e) => e.inFlight > 0)) await sleep(50);
	const answerSeconds = (performance.now() - answerPhase) / 1000;
	log(`答案：发送 ${stats.sent}，确认 ${stats.acked}，用时 ${round1(answerSeconds)} s`);

	// 3. 交卷, everyone within five seconds.
	const submitLatencies: number[] = [];
	let submitFailures = 0;
	await runSchedule(
		examinees.filter((e) => e.attemptId).map((e) => ({ at: Math.random() * 5000, item: e })),
		async (e) => {
			const t = performance.now();
			try {
				const r = await request('POST', `/exams/${examId}/take?/submit`, formHeaders(e), `attemptId=${e.attemptId}`);
				submitLatencies.push(performance.now() - t);
				if (r.status !== 303 || !r.location.includes(`/result/${e.attemptId}`)) throw new Error(`交卷：${r.status} ${r.body.slice(0, 200)}`);
			} catch (error) {
				submitFailures++;
				if (submitFailures <= 3) log(String(error));
			}
		}
	);

	// 4. Throughput of the save endpoint against the plain server, at the same concurrency. The
	// attempts are closed now, so each save is refused (409) after the session, the attempt and
	// the answer are read: a full trip through the app that writes nothing.
	const concurrency = Number(args.concurrency);
	const seconds = Number(args['baseline-seconds']);
	const sample = examinees.filter((e) => e.last).slice(0, 200);
	const appRps = await measureRps(async (i) => {
		const e = sample[i % sample.length];
		const r = await request('POST', `/exams/${examId}/take/answer`, jsonHeaders(e), e.last!.body);
		return r.status === 200 || r.status === 409;
	}, seconds, concurrency);
	const baselineRps = await measureRps(async (i) => {
		const e = sample[i % sample.length];
		return (await request('POST', '/', { 'content-type': 'application/json' }, e.last!.body, { port: BASE_PORT })).status === 200;
	}, seconds, concurrency);
	// The plain server's latency at the app's answer rate, in the same run, for the p50/p99 side by side.
	const baselineLatencies: number[] = [];
	const rate = Math.max(1, Math.round(stats.sent / SECONDS));
	await runSchedule(
		Array.from({ length: Math.min(rate * 3, 20_000) }, (_, i) => ({ at: (i * 1000) / rate, item: sample[i % sample.length] })),
		async (e) => {
			const t = performance.now();
			await request('POST', '/', { 'content-type': 'application/json' }, e.last!.body, { port: BASE_PORT });
			baselineLatencies.push(performance.now() - t);
		}
	);

	// What the database holds, compared with what each page was told.
	const check = openDatabase(dbPath);
	const rows = await check
		.select({ attemptId: examAnswers.attemptId, questionId: examAnswers.questionId, response: examAnswers.response, revision: examAnswers.revision })
		.from(examAnswers)
		.innerJoin(examAttempts, eq(examAttempts.id, examAnswers.attemptId))
		.where(eq(examAttempts.examId, examId))
		.all();
	const closed = await check.select({ reason: examAttempts.closeReason, n: sql<number>`count(*)` }).from(examAttempts).where(eq(examAttempts.examId, examId)).groupBy(examAttempts.closeReason).all();
	await check.$engine.close();
	const byAttempt = new Map(examinees.map((e) => [e.attemptId, e]));
	const stored = new Map<string, { response: string[]; revision: number }>();
	let duplicated = 0;
	for (const r of rows) {
		const key = `${r.attemptId}:${r.questionId}`;
		// Each question is answered once: a second row, or a second revision, is an answer stored twice.
		if (stored.has(key) || r.revision !== 1) duplicated++;
		stored.set(key, r);
	}
	let lost = 0;
	let acknowledged = 0;
	for (const e of examinees) {
		for (const [questionId, ack] of e.acked) {
			acknowledged++;
			const row = stored.get(`${e.attemptId}:${questionId}`);
			const item = e.paper.find((p) => p.questionId === questionId)!;
			const key = item.options[LETTERS.indexOf(ack.letter)];
			if (!row || row.revision !== ack.revision || row.response.length !== 1 || row.response[0] !== key) lost++;
		}
	}
	const storedWithoutAck = [...stored.keys()].filter((k) => {
		const [attemptId, questionId] = k.split(':').map(Number);
		return !byAttempt.get(attemptId)?.acked.has(questionId);
	}).length;

	const result = {
		examinees: N,
		started: N - startFailures,
		distinctPapers,
		answersPerExaminee: ANSWERS,
		answers: {
			sent: stats.sent,
			acknowledged: stats.acked,
			refused: stats.refused,
			failed: stats.failed,
			networkRetries: stats.networkRetries,
			stored: rows.length,
			lost,
			duplicated,
			storedWithoutAck,
			distinctAcknowledged: acknowledged
		},
		reconnects: { examinees: stats.reconnects, lastAnswerAcknowledgedAsStored: stats.reconnectReplays, different: stats.reconnectDifferent },
		saveLatencyMs: summary(saveLatencies),
		startMs: { startPost: summary(startLatencies), examPage: summary(pageLatencies), allStartedInS: round1(startSeconds) },
		submit: { submitted: submitLatencies.length - submitFailures, failed: submitFailures, latencyMs: summary(submitLatencies), closed: Object.fromEntries(closed.map((c) => [c.reason ?? 'open', c.n])) },
		baseline: {
			concurrency,
			appSaveEndpointRps: appRps,
			plainNodeHttpRps: baselineRps,
			plainNodeHttpLatencyMsAtSameRate: { ratePerS: rate, ...summary(baselineLatencies) }
		},
		settings: { seconds: SECONDS, startSpreadMs: START_SPREAD_MS, reconnectRate: RECONNECT_RATE, database: 'sqlite', answersPerS: rate },
		durationS: round1((performance.now() - startedAt) / 1000)
	};
	console.log(JSON.stringify(result, null, 2));
} catch (e) {
	log(`失败：${e instanceof Error ? e.stack : e}`);
	try {
		log(readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-30).join('\n'));
	} catch {
		// no log
	}
	process.exitCode = 1;
} finally {
	await new Promise<void>((done) => {
		if (server.exitCode !== null) return done();
		const force = setTimeout(() => server.kill('SIGKILL'), 3000);
		server.once('exit', () => (clearTimeout(force), done()));
		server.kill('SIGTERM');
	});
	baseline.kill('SIGKILL');
	agent.destroy();
	rmSync(dir, { recursive: true, force: true });
}
