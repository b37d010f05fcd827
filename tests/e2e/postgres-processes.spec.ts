import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../src/cli/postgres-throwaway.ts';
import { DEMO_PASSWORD } from './helpers';

// The app on PostgreSQL with two server processes (as behind a proxy): a session from one opens
// pages on the other; a phone whose stream and answers go to one process follows a competition
// hosted on the other; that process is killed with SIGKILL mid-question and its acknowledged
// answer is still there, on the other process and after a restart.

const BASE_PORT = Number(process.env.QF_E2E_PORT ?? 4173);
const PORTS = [BASE_PORT + 11, BASE_PORT + 12];
const url = (i: number, path = '') => `http://localhost:${PORTS[i]}${path}`;

let cluster: ThrowawayPostgres;
let databaseUrl = '';
const servers: (ChildProcess | null)[] = [null, null];

async function startServer(i: number): Promise<void> {
	const child = spawn(process.execPath, ['build/index.js'], {
		env: {
			...process.env,
			PORT: String(PORTS[i]),
			ORIGIN: url(i),
			DATABASE_URL: databaseUrl,
			DATABASE_PATH: '',
			CONTENT_DIR: 'tests/e2e/fixtures/content',
			QF_DEMO: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));
	servers[i] = child;
	for (let t = 0; t < 300; t++) {
		if (child.exitCode !== null) throw new Error(`server ${i} exited:\n${log}`);
		const ok = await fetch(url(i, '/healthz')).then((r) => r.ok, () => false);
		if (ok) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`server ${i} did not start:\n${log}`);
}

async function answersStored(competitionId: number): Promise<number> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		const r = await client.query('select count(*)::int as n from competition_answers where competition_id = $1', [competitionId]);
		return r.rows[0].n;
	} finally {
		await client.end();
	}
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	cluster = await startThrowawayPostgres();
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	await admin.query('create database qingfeng');
	await admin.end();
	databaseUrl = cluster.url.replace(/\/postgres$/, '/qingfeng');
	// Both start at once: migrations, content and demo data happen once, under the start-up lock.
	await Promise.all([startServer(0), startServer(1)]);
});

test.afterAll(async () => {
	for (const s of servers) s?.kill('SIGKILL');
	await cluster?.stop();
});

async function signedIn(browser: Browser, username: string, process: number, phone = false): Promise<Page> {
	const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
	const page = await context.newPage();
	await page.goto(url(process, '/login'));
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
	return page;
}

test('a session made through one process opens pages on the other', async ({ browser }) => {
	const page = await signedIn(browser, 'xueyuan', 0);
	await page.goto(url(1, '/me'));
	await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
	await expect(page.getByText('陈立新').first()).toBeVisible();
	await page.getByRole('button', { name: '退出' }).click();
	await page.goto(url(0, '/me'));
	await expect(page).toHaveURL(/\/login/);
});

test('a phone on one process plays a competition hosted on the other, and keeps its answer when that process is killed', async ({ browser }) => {
	test.setTimeout(180_000);
	const host = await signedIn(browser, 'zb1', 0);
	await host.goto(url(0, '/org/competitions/new'));
	const title = `跨进程知识竞赛 ${Date.now()}`;
	await host.getByLabel('竞赛名称').fill(title);
	await host.getByLabel('个人赛').check();
	await host.getByLabel('题型').first().selectOption('required');
	await host.getByLabel('题数').first().fill('2');
	await host.getByLabel('分值').first().fill('100');
	await host.getByLabel('每题秒数').first().fill('60');
	await host.getByRole('button', { name: '创建竞赛' }).click();
	await expect(host.getByRole('heading', { name: title })).toBeVisible();
	const code = (await host.locator('.code').first().innerText()).trim();
	const competitionId = Number(/\/org\/competitions\/(\d+)/.exec(host.url())![1]);

	// The phone joins through process 0, then plays on process 1 (its stream and its answers).
	const phone = await signedIn(browser, 'xueyuan', 0, true);
	await phone.goto(url(0, `/competitions/join?code=${code}`));
	await phone.getByRole('button', { name: '加入竞赛' }).click();
	await expect(phone.getByRole('heading', { name: '已加入，等待主持人开始' })).toBeVisible();
	await phone.goto(url(1, `/competitions/${competitionId}/play`));
	await expect(phone.getByRole('heading', { name: '已加入，等待主持人开始' })).toBeVisible();

	// 开始 on process 0 reaches the phone's stream on process 1.
	const controls = host.getByRole('form', { name: '主持人控制' });
	await controls.getByRole('button', { name: '开始' }).click();
	await phone.getByRole('button', { name: '五个工作日内' }).click();
	await expect(phone.getByRole('status').filter({ hasText: '已收到' })).toBeVisible();
	expect(await answersStored(competitionId)).toBe(1);

	// Process 1 dies with the acknowledged answer; the phone comes back through process 0.
	servers[1]!.kill('SIGKILL');
	await phone.goto(url(0, `/competitions/${competitionId}/play`));
	await expect(phone.getByRole('status').filter({ hasText: '已收到' })).toBeVisible();
	await controls.getByRole('button', { name: '公布答案' }).click();
	await expect(phone.getByTestId('my-score')).not.toHaveText('0');
	const score = await phone.getByTestId('my-score').innerText();
	expect(await answersStored(competitionId)).toBe(1);

	// Restarted, process 1 rebuilds the competition from the tables.
	await startServer(1);
	await phone.goto(url(1, `/competitions/${competitionId}/play`));
	await expect(phone.getByTestId('my-score')).toHaveText(score);
	await controls.getByRole('button', { name: '下一题' }).click();
	await expect(phone.getByRole('button', { name: '安排高档菜肴和酒水' })).toBeVisible();
});
