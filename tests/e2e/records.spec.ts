import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { login } from './helpers';

// No record without a deliberate act. SvelteKit preloads a link's data when the pointer rests on
// it (data-sveltekit-preload-data="hover"), so every load runs whenever someone merely hovers a
// link. Hovering every link on the learner's pages must leave every counted table as it was; the
// records come from 开始阅读 and the signature, both POSTs.

/** The e2e server's database file (tests/e2e/server.js). */
const DATABASE = resolve('tests/.tmp/e2e/e2e.db');
const COUNTED_TABLES = ['reading_checkins', 'regulation_checkins', 'quiz_attempts', 'attempt_answers', 'attendances', 'course_completions', 'activities', 'notice_reads'];
const REGULATION = 'sample-lianzheng-guize';

/** Every row of the counted tables, read from the database file beside the running server. */
function countedRows(): Record<string, unknown[]> {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		return Object.fromEntries(COUNTED_TABLES.map((t) => [t, db.prepare(`select * from ${t} order by id`).all()]));
	} finally {
		db.close();
	}
}

const listTitle = `读书思廉：示例规定第一章 ${Date.now()}`;

/** Hovers every visible link of the page, long enough for SvelteKit to preload its data. */
async function hoverEveryLink(page: Page): Promise<number> {
	const links = page.locator('a[href]');
	let hovered = 0;
	for (let i = 0; i < (await links.count()); i++) {
		const link = links.nth(i);
		if (!(await link.isVisible())) continue;
		await link.hover();
		await page.waitForTimeout(60);
		hovered++;
	}
	await page.waitForTimeout(300);
	return hovered;
}

test.describe.serial('records come from deliberate acts only', () => {
	test('an organizer assigns one chapter of a regulation as 必读, not counting earlier study', async ({ page }) => {
		await login(page, 'zb1'); // 第一党支部书记
		await page.goto('/org/reading-lists/new');
		await page.getByLabel('任务名称').fill(listTitle);
		await expect(page.getByLabel('不计入（只计开始日期起的学习）')).toBeChecked();
		// Other suites may have imported more regulations: pick this one and its own chapters.
		const item = page.locator('.course', { has: page.getByLabel('法规：清风市某局廉洁从业若干规定（示例）') });
		await item.getByLabel(/^法规：/).check();
		await item.getByText('只指定其中的编、章、条为必读', { exact: true }).click();
		await item.getByLabel(/^第一章 总则/).check();
		await page.getByRole('button', { name: '布置任务' }).click();
		await expect(page.getByRole('heading', { name: listTitle })).toBeVisible();
		await expect(page.getByText('必读：第一章 总则')).toBeVisible();
		await expect(page.getByText(/布置前已完成的学习：不计入/)).toBeVisible();
	});

	test('hovering every link on the learner’s pages records nothing', async ({ page }) => {
		await login(page, 'xueyuan');
		const before = countedRows();
		const preloads: string[] = [];
		page.on('request', (r) => {
			if (r.url().includes('__data.json')) preloads.push(r.url());
		});

		await page.goto('/reading-lists');
		await page.getByRole('link', { name: listTitle }).click();
		await expect(page.getByRole('heading', { name: listTitle })).toBeVisible();
		const listPath = new URL(page.url()).pathname;

		let hovered = 0;
		for (const path of ['/', '/courses', '/courses/e2e-demo', '/courses/e2e-demo/gongwu-huodong', '/courses/e2e-demo/geren-shixiang', '/regulations', `/regulations/${REGULATION}`, `/regulations/${REGULATION}/read?scope=1-3`, '/reading-lists', listPath, '/me', '/notices']) {
			await page.goto(path);
			hovered += await hoverEveryLink(page);
		}
		// The pages and the preloads really ran: dozens of links, each preloading its page's data.
		expect(hovered).toBeGreaterThan(40);
		expect(preloads.length).toBeGreaterThan(20);
		expect(preloads.some((u) => u.includes(`/regulations/${REGULATION}/read/__data.json`))).toBe(true);
		expect(countedRows()).toEqual(before);
	});

	test('the learner reads and signs the chapter: too early is refused, then the list is done and in the 学习档案', async ({ page, browser }) => {
		await login(page, 'xueyuan');
		await page.goto('/reading-lists');
		await page.getByRole('link', { name: listTitle }).click();
		await expect(page.getByRole('heading', { name: listTitle })).toBeVisible();
		await expect(page.getByText('（必读：第一章 总则）')).toBeVisible();
		await page.getByRole('link', { name: '清风市某局廉洁从业若干规定（示例）' }).click();
		await expect(page).toHaveURL(new RegExp(`/regulations/${REGULATION}/read\\?scope=1-3$`));
		await expect(page.getByText('阅读范围：')).toContainText('第一章 总则');
		await expect(page.getByText('第一条')).toHaveCount(0); // the text comes with 开始阅读

		await page.getByRole('button', { name: '开始阅读' }).click();
		await expect(page.getByText('第一条')).toBeVisible();
		const sign = page.getByRole('button', { name: '我已认真阅读，签名确认' });
		await sign.click();
		await expect(page.getByRole('alert')).toContainText('阅读时间不足');
		await page.waitForTimeout(20_500);
		await sign.click();
		await expect(page.getByText(/您已于 .+ 签名确认阅读“第一章 总则”/)).toBeVisible();

		await page.goto(`/reading-lists`);
		await page.getByRole('link', { name: listTitle }).click();
		await expect(page.getByText('已完成').first()).toBeVisible();

		await page.getByRole('link', { name: '我的学习', exact: true }).click();
		await expect(page.getByRole('region', { name: /法规阅读签名/ })).toContainText('第一章 总则');
		await expect(page.getByRole('region', { name: /完成的学习任务/ })).toContainText(listTitle);
		await page.getByRole('link', { name: '打印学习档案（A4）' }).click();
		await expect(page.getByRole('heading', { name: /^学习档案/ })).toBeVisible();
		await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
		await expect(page.getByText('陈立新', { exact: true })).toBeVisible();

		// The organizer sees the completion, and can open the same record for printing.
		const organizer = await browser.newContext();
		const zb1 = await organizer.newPage();
		await login(zb1, 'zb1');
		await zb1.goto('/org/reading-lists');
		await zb1.getByRole('link', { name: listTitle }).click();
		const row = zb1.getByRole('row', { name: /陈立新/ });
		await expect(row).toContainText('已完成');
		await row.getByRole('link', { name: '陈立新' }).click();
		await expect(zb1.getByRole('heading', { name: /^学习档案/ })).toBeVisible();
		await expect(zb1.getByRole('region', { name: /法规阅读签名/ })).toContainText('第一章 总则');
		await organizer.close();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('开始阅读 and the signature work as plain forms', async ({ page }) => {
		await login(page, 'jgdw');
		await page.goto('/courses/e2e-demo/geren-shixiang');
		await expect(page.getByRole('button', { name: '我已认真阅读，签名确认' })).toHaveCount(0);
		await page.getByRole('button', { name: '开始阅读' }).click();
		const sign = page.getByRole('button', { name: '我已认真阅读，签名确认' });
		await expect(sign).toBeVisible();
		await page.waitForTimeout(4_500);
		await sign.click();
		await expect(page.getByText(/您已于 .+ 签名确认阅读本课/)).toBeVisible();
	});
});
