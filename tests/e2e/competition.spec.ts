import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

// One host and three phones play a two-question 个人赛 built from the fixture course quiz:
// Q1 single choice (五个工作日内), Q2 multiple choice (安排高档菜肴和酒水 + 用公款赠送礼品).

async function signedInPage(browser: Browser, username: string, phone = true): Promise<Page> {
	const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
	return page;
}

async function join(page: Page, code: string) {
	await page.getByRole('link', { name: '参加竞赛' }).click();
	await page.getByLabel('竞赛码').fill(code);
	await page.getByRole('button', { name: '下一步' }).click();
	await page.getByRole('button', { name: '加入竞赛' }).click();
	await expect(page.getByRole('heading', { name: '已加入，等待主持人开始' })).toBeVisible();
}

test('a host runs a competition; phones answer, one reloads and keeps the score; the result is recorded', async ({ browser }) => {
	test.setTimeout(120_000);
	const host = await signedInPage(browser, 'zb1', false);
	await host.goto('/org/competitions/new');
	const title = `主题党日知识竞赛 ${Date.now()}`;
	await host.getByLabel('竞赛名称').fill(title);
	await host.getByLabel('个人赛').check();
	await host.getByLabel('题型').first().selectOption('required');
	await host.getByLabel('题数').first().fill('2');
	await host.getByLabel('分值').first().fill('100');
	await host.getByLabel('每题秒数').first().fill('30');
	await host.getByRole('button', { name: '创建竞赛' }).click();
	await expect(host.getByRole('heading', { name: title })).toBeVisible();
	const code = (await host.locator('.code').first().innerText()).trim();
	expect(code).toMatch(/^\d{6}$/);

	const [chen, p2, p3] = await Promise.all([signedInPage(browser, 'xueyuan'), signedInPage(browser, '20260001'), signedInPage(browser, '20260002')]);
	for (const phone of [chen, p2, p3]) await join(phone, code);
	await expect(host.getByText('已加入 3 人')).toBeVisible();

	// Question 1: two right, one wrong.
	const controls = host.getByRole('form', { name: '主持人控制' });
	await controls.getByRole('button', { name: '开始' }).click();
	await chen.getByRole('button', { name: '五个工作日内' }).click();
	await p2.getByRole('button', { name: '三个工作日内' }).click();
	await p3.getByRole('button', { name: '五个工作日内' }).click();
	for (const phone of [chen, p2, p3]) await expect(phone.getByRole('status').filter({ hasText: '已收到' })).toBeVisible();

	await controls.getByRole('button', { name: '公布答案' }).click();
	await expect(chen.getByTestId('my-score')).not.toHaveText('0');
	await expect(p2.getByTestId('my-score')).toHaveText('0');
	const chenScore = Number(await chen.getByTestId('my-score').innerText());
	expect(chenScore).toBeGreaterThanOrEqual(50);
	expect(chenScore).toBeLessThanOrEqual(100);

	// A phone reloads mid-competition and comes back with its score.
	await chen.reload();
	await expect(chen.getByTestId('my-score')).toHaveText(String(chenScore));

	// Question 2 (multiple choice): only 陈立新 chooses both right options.
	await controls.getByRole('button', { name: '下一题' }).click();
	await chen.getByRole('button', { name: '安排高档菜肴和酒水' }).click();
	await chen.getByRole('button', { name: '用公款赠送礼品' }).click();
	await chen.getByRole('button', { name: '提交' }).click();
	await expect(chen.getByRole('status').filter({ hasText: '已收到' })).toBeVisible();
	await p2.getByRole('button', { name: '安排高档菜肴和酒水' }).click();
	await p2.getByRole('button', { name: '提交' }).click();
	await expect(p2.getByRole('status').filter({ hasText: '已收到' })).toBeVisible();
	await controls.getByRole('button', { name: '公布答案' }).click();
	await expect(chen.getByTestId('my-score')).not.toHaveText(String(chenScore));
	await expect(chen.getByTestId('my-rank')).toHaveText('1');
	await expect(p2.getByTestId('my-score')).toHaveText('0');

	await controls.getByRole('button', { name: '结束' }).click();
	for (const phone of [chen, p2, p3]) await expect(phone.getByRole('heading', { name: '竞赛结束' })).toBeVisible();

	// The competition is now a recorded activity with one participation per player.
	await host.goto('/org/activities');
	await host.getByRole('link', { name: title }).click();
	const attendees = host.getByRole('region', { name: '参加人员', exact: true });
	for (const name of ['陈立新']) await expect(attendees).toContainText(name);
	await expect(attendees.getByRole('row')).toHaveCount(4); // header + 3 players
	await host.getByRole('link', { name: '查看竞赛结果' }).click();
	await expect(host.getByRole('heading', { name: title })).toBeVisible();
});

test('抢答 twice in a row: the player who buzzed first on one question can buzz again on the next', async ({ browser }) => {
	test.setTimeout(120_000);
	const host = await signedInPage(browser, 'zb1', false);
	await host.goto('/org/competitions/new');
	const title = `抢答赛 ${Date.now()}`;
	await host.getByLabel('竞赛名称').fill(title);
	await host.getByLabel('个人赛').check();
	await host.getByLabel('题型').first().selectOption('buzz');
	await host.getByLabel('题数').first().fill('2');
	await host.getByLabel('分值').first().fill('50');
	await host.getByLabel('每题秒数').first().fill('30');
	await host.getByRole('button', { name: '创建竞赛' }).click();
	await expect(host.getByRole('heading', { name: title })).toBeVisible();
	const code = (await host.locator('.code').first().innerText()).trim();
	const phones = await Promise.all([signedInPage(browser, 'xueyuan'), signedInPage(browser, '20260001'), signedInPage(browser, '20260002')]);
	for (const phone of phones) await join(phone, code);
	const controls = host.getByRole('form', { name: '主持人控制' });
	await controls.getByRole('button', { name: '开始' }).click();

	await phones[0].getByRole('button', { name: '抢答' }).click();
	await expect(phones[0].getByRole('status').filter({ hasText: '抢到了' })).toBeVisible();
	for (const phone of phones.slice(1)) await expect(phone.getByRole('status').filter({ hasText: '陈立新 抢到答题权' })).toBeVisible();
	await phones[0].getByRole('button', { name: '五个工作日内' }).click();
	await expect(phones[0].getByRole('status').filter({ hasText: '已收到' })).toBeVisible();
	await controls.getByRole('button', { name: '公布答案' }).click();
	await controls.getByRole('button', { name: '下一题' }).click();

	// Question 2: everyone's 抢答 button is live again, the first buzzer's too.
	for (const phone of phones) await expect(phone.getByRole('button', { name: '抢答' })).toBeEnabled();
	await phones[0].getByRole('button', { name: '抢答' }).click();
	await expect(phones[0].getByRole('status').filter({ hasText: '抢到了' })).toBeVisible();

	// On the projector the stage badge is readable on its red bar (not white on white).
	await host.goto(host.url().replace(/\/org\/competitions\/(\d+).*/, '/competitions/$1/screen'));
	const badge = host.locator('.bar .badge').first();
	await expect(badge).toHaveText('作答中');
	const colors = await badge.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
	expect(colors[0]).not.toBe(colors[1]);
});
