// npm run bench:live -- --players N [--seconds 10] [--spread-ms 3000] [--port 5290] [--build build]
//                        [--database postgres://…|throwaway] [--processes 2] [--profile dir]
//
// Plays a 20-question live competition against the BUILT app (node build) on a fresh database,
// with N simulated phones on loopback: each phone joins through the join form, keeps an SSE
// stream open and POSTs its answers, as a phone's browser would. The host is simulated with the
// organizer's form actions. Prints JSON: players connected, answers sent / acknowledged / stored,
// lost or duplicated answers, acknowledgement latency, fan-out time of each question to 99% of
// players, server memory per player, and — in the same run — the requests per second of a plain
// node:http server answering the same POST (the baseline).
//
// --database runs it on PostgreSQL: a server URL (a database is created for the run and dropped
// after), or `throwaway` for a temporary cluster of Debian's binaries. --processes N starts N app
// processes behind a small round-robin proxy (its own process, like nginx), each phone's requests
// and stream landing on whichever process the proxy picks. --profile writes a V8 CPU profile of
// each app process to that folder (npx speedscope, Chrome DevTools).
//
// The load generator shares the machine with the server, so it is lean: one process, raw
// node:http with keep-alive agents, no JSON parsing of the streams, and one dispatcher timer for
// every scheduled answer (no timer per player).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, openSync, existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../lib/server/db/client.ts';
import { benchDatabase, measureRps, percentile, round1, sleep, waitFor } from './bench-common.ts';
import { activities, attendances, competitionAnswers, competitions, competitionPlayers, questionSets, sessions, users } from '../lib/server/db/schema/index.ts';
import { createUnit } from '../lib/server/org/units.ts';
import { hashPassword } from '../lib/server/auth/passwords.ts';
import { generateSessionToken, sessionIdFromToken, SESSION_COOKIE, SESSION_LIFETIME_MS } from '../lib/server/auth/sessions.ts';
import { loadCompetitions } from '../lib/server/content/competitions/load.ts';
import { createCompetition } from '../lib/server/competitions/competitions.ts';

const { values: args } = parseArgs({
	options: {
		players: { type: 'string', default: '200' },
		questions: { type: 'string', default: '20' },
		seconds: { type: 'string', default: '10' },
		'spread-ms': { type: 'string', default: '3000' },
		port: { type: 'string', default: '5290' },
		build: { type: 'string', default: 'build' },
		'replay-rate': { type: 'string', default: '0.02' },
		'baseline-seconds': { type: 'string', default: '3' },
		concurrency: { type: 'string', default: '64' },
		database: { type: 'string', default: '' },
		processes: { type: 'string', default: '1' },
		profile: { type: 'string', default: '' }
	},
	strict: true
});

const N = Number(args.players);
const QUESTIONS = Number(args.questions);
const SECONDS = Number(args.seconds);
const SPREAD_MS = Number(args['spread-ms']);
const PORT = Number(args.port);
const BASE_PORT = PORT + 1;
const PROCESSES = Math.max(1, Number(args.processes));
/** The app processes' ports; with one process the phones talk to it directly, else to the proxy on PORT. */
const APP_PORTS = PROCESSES === 1 ? [PORT] : Array.from({ length: PROCESSES }, (_, i) => PORT + 10 + i);
const REPLAY_RATE = Number(args['replay-rate']);
const HOST = '127.0.0.1';
const ORIGIN = `http://${HOST}:${PORT}`;
const BUILD = resolve(args.build, 'index.js');
if (!existsSync(BUILD)) {
	console.error(`找不到已构建的应用 ${BUILD}：请先运行 npm run build`);
	process.exit(1);
}

const log = (msg: string) => process.stderr.write(`[bench:live] ${msg}\n`);

// ---- fresh database with people, sessions and a 20-question competition -----------------------

const dir = mkdtempSync(join(tmpdir(), 'qf-bench-live-'));
if (PROCESSES > 1 && !args.database) {
	console.error('多个进程需要 PostgreSQL：请加 --database postgres://… 或 --database throwaway（SQLite 只支持单进程）');
	process.exit(1);
}
const database = await benchDatabase(args.database, dir, 'qf_bench');
const contentDir = join(dir, 'content');
mkdirSync(join(contentDir, 'competitions'), { recursive: true });
const bank = ['---', 'title: 压测题库', '---', ''];
for (let i = 1; i <= QUESTIONS; i++) {
	bank.push(`## 单选题 {#b${i}}`, `压测第 ${i} 题：下列哪一项是正确的？`, '', '- [ ] 甲', '- [x] 乙', '- [ ] 丙', '- [ ] 丁', '', '> 解析：压测用题。', '> 依据：lianjie-zilv-zhunze-2015#5', '');
}
writeFileSync(join(contentDir, 'competitions', 'bench.md'), bank.join('\n'));

process.env.MIGRATIONS_DIR ??= resolve('drizzle');
const db = openDatabase(database.location);
await db.$engine.migrate();
await loadCompetitions(db, contentDir);
const setId = (await db.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, 'competition/bench')).get())!.id;
const root = await createUnit(db, { parentId: null, name: '压测单位', kind: '单位' });
const branches: { id: number }[] = [];
for (let i = 0; i < 20; i++) branches.push(await createUnit(db, { parentId: root.id, name: `第${i + 1}党支部`, kind: '党支部' }));
// One argon2 hash shared by everyone: nobody logs in with a password, sessions are created directly.
const passwordHash = await hashPassword('bench-password-1');
const now = Date.now();
const expiresAt = new Date(now + SESSION_LIFETIME_MS);
const organizer = await db
	.insert(users)
	.values({ username: 'bench-host', name: '压测主持人', orgUnitId: root.id, role: 'organizer', passwordHash, mustChangePassword: false })
	.returning()
	.get();
const hostToken = generateSessionToken();
await db.insert(sessions).values({ id: sessionIdFromToken(hostToken), userId: organizer.id, expiresAt }).run();

type Player = {
	n: number;
	cookie: string;
	lastQuestion: number;
	socket: http.ClientRequest | null;
	connected: boolean;
};
const players: Player[] = [];
await db.transaction(async (tx) => {
	for (let i = 0; i < N; i++) {
		const user = await tx
			.insert(users)
			.values({ username: `b${String(i).padStart(6, '0')}`, name: `选手${i + 1}`, orgUnitId: branches[i % branches.length].id, passwordHash, mustChangePassword: false })
			.returning({ id: users.id })
			.get();
		const token = generateSessionToken();
		await tx.insert(sessions).values({ id: sessionIdFromToken(token), userId: user.id, expiresAt }).run();
		players.push({ n: i, cookie: `${SESSION_COOKIE}=${token}`, lastQuestion: 0, socket: null, connected: false });
	}
});
const created = await createCompetition(db, {
	title: '压测知识竞赛',
	ownerId: organizer.id,
	orgUnitId: root.id,
	format: 'individual',
	teamMode: null,
	teamDepth: null,
	teamNames: [],
	allowGuests: false,
	stakeSeconds: 10,
	stakes: [10, 20, 30],
	rounds: [{ kind: 'required', setId, count: QUESTIONS, points: 100, seconds: SECONDS }]
});
if (!created.ok) throw new Error(JSON.stringify(created.errors));
const competitionId = created.competitionId;
await db.$engine.close();
log(`数据库 ${db.$engine.location}：${N} 名选手，竞赛 ${competitionId}（竞赛码 ${created.code}）`);

// ---- the built app and the plain node:http baseline ------------------------------------------

function startServer(port: number): ChildProcess {
	const out = openSync(join(dir, 'server.log'), 'a');
	const profile = args.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(args.profile)] : [];
	return spawn(process.execPath, [...profile, BUILD], {
		env: { ...process.env, PORT: String(port), HOST, ORIGIN, ...database.env, CONTENT_DIR: contentDir, QF_DEMO: '0', NODE_ENV: 'production', SHUTDOWN_TIMEOUT: '1' },
		stdio: ['ignore', out, out]
	});
}

/** A round-robin HTTP proxy (streams passed through unbuffered), standing in for nginx. */
const PROXY_SOURCE = `
const http = require('node:http');
const targets = ${JSON.stringify(APP_PORTS)};
const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });
let next = 0;
http.createServer((req, res) => {
	const port = targets[next++ % targets.length];
	const stream = (req.headers.accept || '').includes('text/event-stream');
	const up = http.request({ host: '${HOST}', port, method: req.method, path: req.url, headers: req.headers, agent: stream ? false : agent }, (r) => {
		res.writeHead(r.statusCode || 502, r.headers);
		r.pipe(res);
	});
	up.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
	req.pipe(up);
	if (stream) res.on('close', () => up.destroy());
}).listen(${PORT}, '${HOST}');
`;

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
		const ack = JSON.stringify({ ok: true, questionId: a.questionId, clientId: a.clientId, receivedAt: Date.now(), response: a.response, replay: false });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(ack);
	});
}).listen(${BASE_PORT}, '${HOST}');
`;

function rssKb(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : 0;
}
/** CPU time (user + system) of all app processes together, in seconds: less at the mercy of other load on the machine than latency. */
const serversCpuS = () => servers.reduce((n, s) => {
	const fields = readFileSync(`/proc/${s.pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return n + (Number(fields[11]) + Number(fields[12])) / 100;
}, 0);
/** Resident memory of all app processes together. */
const serversRssKb = () => servers.reduce((n, s) => n + rssKb(s.pid!), 0);

const postAgent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

type Reply = { status: number; body: string };
function request(method: string, path: string, headers: Record<string, string>, body?: string, port = PORT): Promise<Reply> {
	return new Promise((resolvePromise, reject) => {
		const req = http.request({ host: HOST, port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, agent: postAgent }, (res) => {
			let data = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (data += c));
			res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: data }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
		req.end(body);
	});
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
	let next = 0;
	await Promise.all(Array.from({ length: width }, async () => {
		while (next < items.length) await fn(items[next++]);
	}));
}

/** The answer POST (or the baseline's) with `width` in flight: requests per second answered 200. */
const postRps = (port: number, path: string, headers: Record<string, string>, bodies: string[], seconds: number, width: number) =>
	measureRps(async (i) => (await request('POST', path, headers, bodies[i % bodies.length], port)).status === 200, seconds, width);

// ---- the competition ---------------------------------------------------------------------------------

const servers = APP_PORTS.map((port) => startServer(port));
const proxy = PROCESSES > 1 ? spawn(process.execPath, ['-e', PROXY_SOURCE], { stdio: 'ignore' }) : null;
const baseline = spawn(process.execPath, ['-e', BASELINE_SOURCE], { stdio: 'ignore' });
// Even if this process dies of an error, the servers it started must not outlive it.
process.on('exit', () => [...servers, proxy, baseline].forEach((c) => c?.kill('SIGKILL')));
const startedAt = performance.now();
try {
	for (const port of APP_PORTS) await waitFor(HOST, port, '/healthz');
	if (proxy) await waitFor(HOST, PORT, '/healthz');
	await waitFor(HOST, BASE_PORT, '/');
	const hostHeaders = { cookie: `${SESSION_COOKIE}=${hostToken}`, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', accept: 'application/json' };
	async function host(action: string) {
		const r = await request('POST', `/competitions/${competitionId}/screen?/${action}`, hostHeaders, 'go=1');
		if (r.status !== 200 || !r.body.includes('"success"')) throw new Error(`主持操作 ${action} 失败：${r.status} ${r.body}`);
	}

	// Join through the app's join form, as a phone does after scanning the QR code.
	let joinFailures = 0;
	await pool(players, 32, async (p) => {
		const r = await request('POST', `/competitions/join?/join`, { cookie: p.cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, `code=${created.code}`);
		if (r.status !== 303 && !(r.status === 200 && r.body.includes('redirect'))) joinFailures++;
	});
	log(`已加入：${N - joinFailures}，失败 ${joinFailures}`);
	await sleep(500);
	const rssBefore = serversRssKb();

	// Per question: when each phone saw it open (ms since the host pressed 下一题).
	let currentQ = 0;
	let questionStartedAt = 0;
	const received: number[][] = [];
	const stats = { sent: 0, acked: 0, refused: 0, failed: 0, networkRetries: 0, replaysSent: 0, replaySame: 0, replayDifferent: 0 };
	const latencies: number[] = [];
	const acks = new Map<string, { receivedAt: number; clientId: string }>();
	let outstanding = 0;
	const ackedPerQuestion = new Map<number, number>();

	// One dispatcher for every scheduled answer: a binary heap ordered by due time.
	type Job = { at: number; player: Player; questionId: number };
	const heap: Job[] = [];
	const push = (job: Job) => {
		heap.push(job);
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (heap[parent].at <= heap[i].at) break;
			[heap[parent], heap[i]] = [heap[i], heap[parent]];
			i = parent;
		}
	};
	const pop = (): Job => {
		const top = heap[0];
		const last = heap.pop()!;
		if (heap.length) {
			heap[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < heap.length && heap[l].at < heap[m].at) m = l;
				if (r < heap.length && heap[r].at < heap[m].at) m = r;
				if (m === i) break;
				[heap[m], heap[i]] = [heap[i], heap[m]];
				i = m;
			}
		}
		return top;
	};

	const answerHeaders = (p: Player) => ({ cookie: p.cookie, 'content-type': 'application/json' });
	function sendAnswer(p: Player, questionId: number) {
		const clientId = `p${p.n}q${questionId}${Math.random().toString(36).slice(2, 10)}`;
		const body = JSON.stringify({ questionId, clientId, response: [['A', 'B', 'C', 'D'][(p.n + questionId) % 4]] });
		const t = performance.now();
		stats.sent++;
		outstanding++;
		const attempt = (left: number) =>
			request('POST', `/competitions/${competitionId}/play/answer`, answerHeaders(p), body).then(
				(r) => {
					outstanding--;
					latencies.push(performance.now() - t);
					if (r.status !== 200) {
						stats.refused++;
						return;
					}
					const ack = JSON.parse(r.body) as { receivedAt: number; clientId: string };
					stats.acked++;
					ackedPerQuestion.set(questionId, (ackedPerQuestion.get(questionId) ?? 0) + 1);
					acks.set(`${questionId}:${p.n}`, ack);
					if (Math.random() < REPLAY_RATE) {
						// The phone did not see the response and sends the same tap again.
						stats.replaysSent++;
						request('POST', `/competitions/${competitionId}/play/answer`, answerHeaders(p), body).then(
							(again) => {
								const second = again.status === 200 ? (JSON.parse(again.body) as { receivedAt: number; replay: boolean }) : null;
								if (second?.replay && second.receivedAt === ack.receivedAt) stats.replaySame++;
								else {
									stats.replayDifferent++;
									if (stats.replayDifferent <= 3) log(`重发得到不同的回执：${again.status} ${again.body.slice(0, 300)}`);
								}
							},
							() => stats.replayDifferent++
						);
					}
				},
				() => {
					// A dropped keep-alive connection: the phone sends the same tap again (same client id),
					// as the app's pages do; the latency counts from the first attempt.
					if (left > 0) {
						stats.networkRetries++;
						setTimeout(() => void attempt(left - 1), 100);
						return;
					}
					outstanding--;
					stats.failed++;
				}
			);
		void attempt(3);
	}
	const dispatcher = setInterval(() => {
		const t = performance.now();
		while (heap.length && heap[0].at <= t) {
			const job = pop();
			sendAnswer(job.player, job.questionId);
		}
	}, 5);

	function onEvent(p: Player, text: string) {
		if (!text.includes('event: state') || !text.includes('"stage":"open"')) return;
		const m = /"question":\{"id":(\d+)/.exec(text);
		const questionId = m ? Number(m[1]) : 0;
		if (!questionId || questionId === p.lastQuestion) return;
		p.lastQuestion = questionId;
		const t = performance.now();
		received[currentQ]?.push(t - questionStartedAt);
		push({ at: t + 300 + Math.random() * Math.max(0, SPREAD_MS - 300), player: p, questionId });
	}

	function connect(p: Player): Promise<void> {
		return new Promise((resolveConnect) => {
			const req = http.request({ host: HOST, port: PORT, path: `/competitions/${competitionId}/play/events`, headers: { cookie: p.cookie, accept: 'text/event-stream' }, agent: streamAgent }, (res) => {
				p.connected = res.statusCode === 200;
				resolveConnect();
				let buffer = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					buffer += chunk;
					let end: number;
					while ((end = buffer.indexOf('\n\n')) >= 0) {
						onEvent(p, buffer.slice(0, end));
						buffer = buffer.slice(end + 2);
					}
				});
				res.on('error', () => {});
			});
			req.on('error', () => {
				p.connected = false;
				resolveConnect();
			});
			req.end();
			p.socket = req;
		});
	}
	await pool(players, 64, connect);
	const connected = players.filter((p) => p.connected).length;
	log(`已连接 SSE：${connected}`);
	// The projector is one more stream.
	const screen = http.get({ host: HOST, port: PORT, path: `/competitions/${competitionId}/screen/events`, headers: { cookie: `${SESSION_COOKIE}=${hostToken}` }, agent: streamAgent }, (res) => res.resume());
	await sleep(1000);
	const rssConnected = serversRssKb();
	const cpuBeforeQuestions = serversCpuS();

	for (let q = 0; q < QUESTIONS; q++) {
		currentQ = q;
		received[q] = [];
		questionStartedAt = performance.now();
		await host(q === 0 ? 'start' : 'next');
		const deadline = performance.now() + SECONDS * 1000 + 2000;
		// Wait for this question's answers: every phone that saw it has answered and been acknowledged.
		while (performance.now() < deadline) {
			await sleep(50);
			if (received[q].length >= connected && !heap.length && outstanding === 0) break;
		}
		await host('reveal');
		await sleep(300);
		log(`第 ${q + 1} 题：${received[q].length} 人收到，99% 用时 ${round1(percentile([...received[q]].sort((a, b) => a - b), 99))} ms，确认 ${ackedPerQuestion.get(players[0].lastQuestion) ?? 0}`);
	}
	clearInterval(dispatcher);
	await host('end');
	while (outstanding > 0) await sleep(50);
	const cpuQuestions = serversCpuS() - cpuBeforeQuestions;

	// Throughput of the app's answer endpoint (replays: the in-memory path) and of the plain server.
	const lastQ = players[0].lastQuestion;
	const replayBodies = players.slice(0, 200).map((p) => ({ p, body: JSON.stringify({ questionId: lastQ, clientId: 'replay-measure', response: ['B'] }) }));
	const concurrency = Number(args.concurrency);
	const seconds = Number(args['baseline-seconds']);
	let k = 0;
	const appEnd = performance.now() + seconds * 1000;
	let appDone = 0;
	let appErrors = 0;
	await Promise.all(Array.from({ length: concurrency }, async () => {
		while (performance.now() < appEnd) {
			const item = replayBodies[k++ % replayBodies.length];
			// A keep-alive socket closed by the far end (behind the proxy) is a failed request, not the end of the run.
			const r = await request('POST', `/competitions/${competitionId}/play/answer`, answerHeaders(item.p), item.body).catch(() => null);
			if (r === null) appErrors++;
			else if (r.status === 200 || r.status === 409) appDone++;
		}
	}));
	const appRps = Math.round(appDone / seconds);
	const baselineRps = await postRps(BASE_PORT, '/', { 'content-type': 'application/json' }, replayBodies.map((r) => r.body), seconds, concurrency);
	const rssEnd = serversRssKb();

	for (const p of players) p.socket?.destroy();
	screen.destroy();

	// What the database holds, compared with what the phones were told.
	const check = openDatabase(database.location);
	const rows = await check.select({ q: competitionAnswers.competitionQuestionId, player: users.username, receivedAt: competitionAnswers.receivedAt, clientId: competitionAnswers.clientId })
		.from(competitionAnswers)
		.innerJoin(competitionPlayers, eq(competitionPlayers.id, competitionAnswers.playerId))
		.innerJoin(users, eq(users.id, competitionPlayers.userId))
		.where(eq(competitionAnswers.competitionId, competitionId))
		.all();
	const stored = new Map<string, { receivedAt: number; clientId: string }>();
	let duplicated = 0;
	for (const r of rows) {
		const key = `${r.q}:${Number(r.player.slice(1))}`;
		if (stored.has(key)) duplicated++;
		stored.set(key, { receivedAt: r.receivedAt, clientId: r.clientId });
	}
	let lost = 0;
	for (const [key, ack] of acks) {
		const row = stored.get(key);
		if (!row || row.receivedAt !== ack.receivedAt || row.clientId !== ack.clientId) lost++;
	}
	const storedWithoutAck = [...stored.keys()].filter((key) => !acks.has(key)).length;
	const competition = (await check.select().from(competitions).where(eq(competitions.id, competitionId)).get())!;
	const participations = competition.activityId
		? (await check.select({ n: sql<number>`count(*)` }).from(attendances).where(eq(attendances.activityId, competition.activityId)).get())!.n
		: 0;
	const activityKind = competition.activityId ? (await check.select({ kind: activities.kind }).from(activities).where(eq(activities.id, competition.activityId)).get())?.kind : null;
	await check.$engine.close();

	const sortedLatency = [...latencies].sort((a, b) => a - b);
	const fanout99 = received.map((r) => percentile([...r].sort((a, b) => a - b), 99)).sort((a, b) => a - b);
	const result = {
		players: N,
		questions: QUESTIONS,
		joined: N - joinFailures,
		connected,
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
			replays: { sent: stats.replaysSent, sameAcknowledgement: stats.replaySame, different: stats.replayDifferent }
		},
		ackLatencyMs: { p50: round1(percentile(sortedLatency, 50)), p90: round1(percentile(sortedLatency, 90)), p99: round1(percentile(sortedLatency, 99)), max: round1(sortedLatency.at(-1) ?? NaN) },
		fanoutTo99PercentMs: { medianQuestion: round1(percentile(fanout99, 50)), worstQuestion: round1(fanout99.at(-1) ?? NaN) },
		memory: {
			rssBeforeConnectMb: round1(rssBefore / 1024),
			rssConnectedMb: round1(rssConnected / 1024),
			rssEndMb: round1(rssEnd / 1024),
			perPlayerKb: round1((rssConnected - rssBefore) / Math.max(1, connected))
		},
		throughput: { concurrency, appAnswerEndpointRps: appRps, appConnectionErrors: appErrors, plainNodeHttpBaselineRps: baselineRps },
		/** The app's CPU time from the first question to the end, and per answer sent (fan-out included). */
		serverCpu: { questionsS: round1(cpuQuestions), perAnswerMs: Math.round((cpuQuestions * 1000 * 1000) / Math.max(1, stats.sent)) / 1000 },
		result: { status: competition.status, activity: activityKind, participations },
		settings: { secondsPerQuestion: SECONDS, answerSpreadMs: SPREAD_MS, replayRate: REPLAY_RATE, database: database.postgres ? 'postgresql' : 'sqlite', processes: PROCESSES, proxy: PROCESSES > 1 ? 'round-robin node:http' : null },
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
	// A graceful stop first (adapter-node closes within SHUTDOWN_TIMEOUT), so a --cpu-prof run writes its profile.
	await Promise.all(servers.map((s) => new Promise<void>((done) => {
		if (s.exitCode !== null) return done();
		const force = setTimeout(() => s.kill('SIGKILL'), args.profile ? 15_000 : 3000);
		s.once('exit', () => (clearTimeout(force), done()));
		s.kill('SIGTERM');
	})));
	proxy?.kill('SIGKILL');
	baseline.kill('SIGKILL');
	postAgent.destroy();
	streamAgent.destroy();
	// The database, content and server log of this run: a thousand-player run leaves tens of MB.
	rmSync(dir, { recursive: true, force: true });
	await database.drop();
}
