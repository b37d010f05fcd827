import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, login, openForm } from './helpers';

/** A datetime-local value in China time, offset from now by minutes. */
function chinaLocal(offsetMinutes: number): string {
	return new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

async function newActivity(page: Page, title: string) {
	// Typed before the page has hydrated, the name was once reset by it (CI, under load).
	await openForm(page, '/org/activities/new');
	await page.getByLabel('活动类别').selectOption('集中学习');
	await page.getByLabel('活动名称').fill(title);
	await page.getByLabel('开始时间').fill(chinaLocal(-60));
	await page.getByLabel('结束时间').fill(chinaLocal(30));
	await page.getByRole('button', { name: '保存活动' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	return new URL(page.url()).pathname;
}

/** The report's row names among the demo units (other tests may add units of their own). */
const DEMO_ROWS = ['机关党委（本级）', '第一党支部', '第二党支部', '第三党支部', '派驻机构党总支', '合计'];
const rowNames = async (page: Page) =>
	(await page.getByRole('table', { name: '各单位统计' }).getByRole('rowheader').allInnerTexts()).map((s) => s.trim()).filter((s) => DEMO_ROWS.includes(s));

test('units are listed by the numbers in their names, and the admin can put one first', async ({ page, browser }) => {
	const organizer = await (await browser.newContext()).newPage();
	await login(organizer, 'jgdw');
	await organizer.goto('/org/report?period=year');
	expect(await rowNames(organizer)).toEqual(['机关党委（本级）', '第一党支部', '第二党支部', '第三党支部', '派驻机构党总支', '合计']);

	await login(page, 'admin');
	await page.goto('/admin/units');
	await page.getByRole('link', { name: '第三党支部' }).click();
	await page.getByLabel('排序号').fill('-1');
	await page.getByRole('button', { name: '保存排序号' }).click();
	await expect(page.getByRole('status')).toContainText('排序号已改为 -1');
	await organizer.reload();
	expect(await rowNames(organizer)).toEqual(['机关党委（本级）', '第三党支部', '第一党支部', '第二党支部', '派驻机构党总支', '合计']);
	const options = await organizer.getByLabel('统计单位').locator('option').allInnerTexts();
	expect(options.map((o) => o.trim()).slice(0, 3)).toEqual(['机关党委', '第三党支部', '第一党支部']);

	// The browser refuses out-of-range numbers itself; the server must too, with a message of its own.
	await page.locator('form[action="?/order"]').evaluate((form: HTMLFormElement) => (form.noValidate = true));
	await page.getByLabel('排序号').fill('99999');
	await page.getByRole('button', { name: '保存排序号' }).click();
	await expect(page.getByText('排序号应为 -9999 到 9999 之间的整数')).toBeVisible();
	await page.getByLabel('排序号').fill('0');
	await page.getByRole('button', { name: '保存排序号' }).click();
	await expect(page.getByRole('status')).toContainText('排序号已改为 0');
});

test('the tick list filters by name or 工号 and selects a whole unit, with JavaScript', async ({ page }) => {
	await login(page, 'jgdw');
	await newActivity(page, `全委集中学习 ${Date.now()}`);
	const ticks = page.getByRole('region', { name: '登记参加人员' });
	await ticks.getByLabel('按姓名或工号筛选').fill('20260001');
	await expect(ticks.getByRole('checkbox').filter({ visible: true })).toHaveCount(1);
	await ticks.getByLabel('按姓名或工号筛选').fill('');

	const second = ticks.getByRole('group', { name: /^第二党支部/ });
	const members = await second.getByRole('checkbox').count();
	expect(members).toBeGreaterThan(5);
	await second.getByRole('button', { name: '全选本单位' }).click();
	for (const box of await second.getByRole('checkbox').all()) await expect(box).toBeChecked();
	// Ticking is not saving: the page has not been submitted yet.
	await expect(page.getByText('已保存签到名单')).toHaveCount(0);
	await expect(page.getByText('已全选该单位')).toHaveCount(0);
	await ticks.getByRole('button', { name: '保存签到名单' }).click();
	await expect(page.getByText('已保存签到名单')).toContainText(`新增 ${members} 人`);
	await expect(page.getByText(`${members} 人次`)).toBeVisible();
});

test('the tick list works without JavaScript: the filter is a search, 全选本单位 saves', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('用户名').fill('jgdw');
	await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await newActivity(page, `无脚本集中学习 ${Date.now()}`);
	const ticks = page.getByRole('region', { name: '登记参加人员' });
	await ticks.getByLabel('按姓名或工号筛选').fill('20260001');
	await ticks.getByRole('button', { name: '筛选' }).click();
	await expect(page).toHaveURL(/\?q=20260001$/);
	await expect(ticks.getByRole('checkbox')).toHaveCount(1);
	await ticks.getByRole('button', { name: '全选本单位' }).click();
	await expect(page.getByText('已全选该单位并保存签到名单')).toContainText('新增 1 人');
	await context.close();
});

test.describe('on a phone (390 px)', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('the header shows every section, 组织工作 and 管理后台 included', async ({ page }) => {
		await login(page, 'admin');
		const nav = page.getByRole('navigation', { name: '主导航' });
		for (const name of ['首页', '我的学习', '组织工作', '管理后台']) {
			const box = (await nav.getByRole('link', { name }).boundingBox())!;
			expect(box.x, name).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, name).toBeLessThanOrEqual(390);
		}
	});

	test('the report table scrolls sideways inside the page, with unit names in view', async ({ page }) => {
		await login(page, 'jgdw');
		await page.goto('/org/report?period=year');
		const table = page.getByRole('table', { name: '各单位统计' });
		await table.scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const wrap = table.locator('xpath=..');
		expect(await wrap.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
		// Scrolled to the last column, the unit names stay in view.
		await wrap.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
		await expect(table.getByRole('columnheader', { name: '学习时长（小时）' })).toBeInViewport();
		await expect(table.getByRole('rowheader', { name: '第一党支部' })).toBeInViewport();
		// Headers keep to one line instead of one character per line.
		const header = (await table.getByRole('columnheader', { name: '学习时长（小时）' }).boundingBox())!;
		expect(header.height).toBeLessThan(40);
	});
});

test('the check-in QR page is a clean full-screen page without the site navigation', async ({ page }) => {
	await login(page, 'zb1');
	const path = await newActivity(page, `投影测试 ${Date.now()}`);
	await page.goto(`${path}/qr`);
	await expect(page.getByRole('img', { name: '签到二维码' })).toBeVisible();
	await expect(page.getByRole('navigation')).toHaveCount(0);
	await expect(page.getByRole('button', { name: '退出' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: '返回活动' })).toBeVisible();
});
