import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { login } from './helpers';

/** The number shown on a report figure card, e.g. 组织开展学习教育活动 12 次 → 12. */
async function figure(page: Page, id: 'activities' | 'attendances'): Promise<number> {
	const text = await page.getByTestId(`figure-${id}`).innerText();
	const match = text.match(/(\d+)\s*(人次|次)/);
	expect(match, text).not.toBeNull();
	return Number(match![1]);
}

/** A datetime-local value in China time, offset from now by minutes. */
function chinaLocal(offsetMinutes: number): string {
	const d = new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3600_000);
	return d.toISOString().slice(0, 16);
}

async function openYearReport(page: Page) {
	await page.goto('/org/report');
	await page.getByLabel('本年').check();
	await page.getByRole('button', { name: '查询' }).click();
	await expect(page.getByRole('heading', { name: /第一党支部 · / })).toBeVisible();
}

test('a session with QR sign-in adds exactly one 次 and one 人次, and the export opens', async ({ page, browser }) => {
	await login(page, 'zb1'); // 第一党支部书记
	await openYearReport(page);
	const before = { activities: await figure(page, 'activities'), attendances: await figure(page, 'attendances') };

	// The organizer records a session happening now.
	const title = `集中学习测试 ${Date.now()}`;
	await page.goto('/org/activities/new');
	await page.getByLabel('活动类别').selectOption('集中学习');
	await page.getByLabel('活动名称').fill(title);
	await page.getByLabel('开始时间').fill(chinaLocal(-10));
	await page.getByLabel('结束时间').fill(chinaLocal(60));
	await page.getByLabel('地点').fill('三楼会议室');
	await page.getByRole('button', { name: '保存活动' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	const sessionUrl = page.url().replace(/\?.*$/, '');

	await page.getByRole('link', { name: '签到二维码（投影）' }).click();
	await expect(page.getByRole('img', { name: '签到二维码' })).toBeVisible();
	const checkinUrl = (await page.locator('.url').innerText()).trim();
	expect(checkinUrl).toMatch(/\/checkin\/[A-Za-z0-9_-]{20,}$/);

	// A learner scans the code on a phone: logs in, then confirms.
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
	const learner = await phone.newPage();
	await learner.goto(checkinUrl);
	await expect(learner).toHaveURL(/\/login\?next=/);
	await learner.getByLabel('用户名').fill('xueyuan');
	await learner.getByLabel('密码', { exact: true }).fill('qingfeng2026');
	await learner.getByRole('button', { name: '登录' }).click();
	await learner.getByRole('button', { name: '确认签到' }).click();
	await expect(learner.getByRole('status')).toContainText('签到成功');
	// A second scan is harmless.
	await learner.goto(checkinUrl);
	await expect(learner.getByText('您已签到')).toBeVisible();
	// A forged code is refused.
	await learner.goto('/checkin/forged-code-that-does-not-exist');
	await expect(learner.getByText(/签到码无效/)).toBeVisible();
	await phone.close();

	await page.goto(sessionUrl);
	await expect(page.getByRole('region', { name: '参加人员', exact: true })).toContainText('陈立新');

	await openYearReport(page);
	expect(await figure(page, 'activities')).toBe(before.activities + 1);
	expect(await figure(page, 'attendances')).toBe(before.attendances + 1);

	// The Excel export downloads and carries the same figures.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
	const workbook = new ExcelJS.Workbook();
	const bytes = await readFile((await download.path())!);
	await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	const summary = workbook.worksheets[0];
	const cells = summary.getSheetValues().flat().map((v) => String(v ?? ''));
	expect(cells.join('|')).toContain('第一党支部');
	expect(cells).toContain(String(before.activities + 1));
	expect(workbook.worksheets.length).toBeGreaterThan(1);
	const records = workbook.worksheets.map((s) => s.getSheetValues().flat().map((v) => String(v ?? '')).join('|')).join('\n');
	expect(records).toContain(title);
	expect(records).toContain('陈立新');
});

test("an organizer of one branch cannot see another branch's sessions or report", async ({ page, browser }) => {
	const other = await browser.newContext();
	const zb1 = await other.newPage();
	await login(zb1, 'zb1');
	const title = `第一支部内部活动 ${Date.now()}`;
	await zb1.goto('/org/activities/new');
	await zb1.getByLabel('活动类别').selectOption('专题党课');
	await zb1.getByLabel('活动名称').fill(title);
	await zb1.getByLabel('开始时间').fill(chinaLocal(-120));
	await zb1.getByLabel('结束时间').fill(chinaLocal(-60));
	await zb1.getByRole('button', { name: '保存活动' }).click();
	await expect(zb1.getByRole('heading', { name: title })).toBeVisible();
	const sessionPath = new URL(zb1.url()).pathname;
	await zb1.goto('/org/report');
	const firstBranchId = await zb1.getByLabel('统计单位').inputValue();
	await other.close();

	await login(page, 'zb2'); // 第二党支部书记
	await page.goto('/org/activities');
	await expect(page.getByText(title)).toHaveCount(0);
	for (const path of [sessionPath, `${sessionPath}/qr`, `${sessionPath}/edit`, `/org/report?unit=${firstBranchId}`]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
	}
	const xlsx = await page.request.get(`/org/report/export.xlsx?unit=${firstBranchId}&period=year`);
	expect(xlsx.status()).toBe(404);
	await page.goto('/org/report');
	const options = await page.getByLabel('统计单位').locator('option').allTextContents();
	expect(options.join('|')).toContain('第二党支部');
	expect(options.join('|')).not.toContain('第一党支部');
});
