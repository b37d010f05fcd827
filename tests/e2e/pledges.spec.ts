import { devices, expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { demoPeople } from '../../src/lib/server/demo/people.ts';
import { login } from './helpers';

// An organizer publishes a 承诺书 to one member of 第一党支部, who reads it on a phone, signs with
// their typed name and a drawn signature, and prints the signed copy; the organizer then sees it
// signed and prints the branch's copies.

const signer = demoPeople().find((p) => p.username === '20260005')!;
const { defaultBrowserType: _browser, ...iPhone } = devices['iPhone 13'];

test('a pledge is published, signed on a phone with a typed name and a drawn signature, and printed', async ({ page, browser }) => {
	const title = `廉洁过节承诺书 ${Date.now()}`;
	await login(page, 'zb1');
	await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '组织工作' }).click();
	await page.getByRole('navigation', { name: '组织工作' }).getByRole('link', { name: '承诺书' }).click();
	await page.getByRole('link', { name: '发布承诺书' }).click();
	await page.getByLabel('承诺书（每人签署一份', { exact: false }).check();
	await page.getByLabel('标题').fill(title);
	await page.getByLabel('最短阅读时间（秒，留空按字数估算）').fill('3');
	await page.getByLabel('指定人员', { exact: true }).check();
	await page.getByLabel(/指定人员的工号\/用户名/).fill(signer.username);
	await page.getByLabel(/正文/).fill('节日期间，本人承诺：\n\n1. 不收受礼品礼金。\n2. 不公车私用。\n3. 不违规吃请。');
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('已发布');
	await expect(page.getByText(/共 1 人：已签署 0 人/)).toBeVisible();
	const pledgeUrl = page.url().replace(/\?.*$/, '');

	// The member signs on a phone.
	const phone = await browser.newContext({ ...iPhone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	const learner = await phone.newPage();
	await login(learner, signer.username);
	await learner.goto('/pledges');
	await learner.getByRole('link', { name: title }).click();
	await expect(learner.getByRole('heading', { name: title })).toBeVisible();
	// No signing before the reading clock is started by the person.
	await expect(learner.getByRole('button', { name: '确认签署' })).toHaveCount(0);
	await learner.getByRole('button', { name: '开始阅读' }).click();
	await expect(learner.getByText(/已于 .+ 开始阅读/)).toBeVisible();

	await learner.getByLabel('签名：请输入您的完整姓名').fill(signer.name);
	const pad = learner.getByTestId('signature-pad');
	await pad.scrollIntoViewIfNeeded();
	const box = (await pad.boundingBox())!;
	await learner.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.7);
	await learner.mouse.down();
	for (const [x, y] of [[0.2, 0.3], [0.3, 0.75], [0.45, 0.25], [0.6, 0.7], [0.8, 0.4]]) await learner.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 4 });
	await learner.mouse.up();
	await expect(learner.getByText('已书写')).toBeVisible();
	await expect(learner.getByText(/还需阅读约/)).toHaveCount(0, { timeout: 8_000 });
	await learner.getByRole('button', { name: '确认签署' }).click();
	await expect(learner.getByRole('status').filter({ hasText: '签署成功' })).toBeVisible();
	await expect(learner.getByText(/您已签署第 1 版/)).toBeVisible();

	// The signed copy: the text, the typed name, the drawn signature (server-made SVG) and the date.
	await learner.getByRole('link', { name: '查看并打印签署文本' }).click();
	const copy = learner.getByRole('article');
	await expect(copy.getByRole('heading', { name: title })).toBeVisible();
	await expect(copy).toContainText('不公车私用');
	await expect(copy).toContainText(signer.name);
	await expect(copy).toContainText('第 1 版');
	const drawn = copy.getByRole('img', { name: `${signer.name}的手写签名` });
	await expect(drawn.locator('path')).toHaveAttribute('d', /^M\d+ \d+(L\d+ \d+)+$/);
	await learner.emulateMedia({ media: 'print' });
	await expect(learner.getByRole('button', { name: '打印' })).toBeHidden();
	await expect(learner.getByRole('navigation', { name: '主导航' })).toBeHidden();
	const pdf = await learner.pdf({ format: 'A4' });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	await phone.close();

	// The organizer sees it signed, nobody left on the unsigned list, and prints the branch's copies.
	await page.goto(pledgeUrl);
	await expect(page.getByText(/共 1 人：已签署 1 人/)).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出未签署名单（Excel）' }).click()]);
	const workbook = new ExcelJS.Workbook();
	const bytes = await readFile((await download.path())!);
	await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	expect(workbook.worksheets[0].name).toBe('未签署名单');
	expect(workbook.worksheets[0].getRow(2).getCell(1).value).not.toBe(signer.name);
	await page.getByRole('button', { name: '打印本单位全部已签署文本' }).click();
	await expect(page.getByRole('heading', { name: /第一党支部：已签署的承诺书（1 份）/ })).toBeVisible();
	await expect(page.getByRole('article')).toContainText(signer.name);
});

test('a new version of the text asks for a new signature', async ({ page, browser }) => {
	const title = `廉洁自律承诺书（修订测试） ${Date.now()}`;
	const member = demoPeople().find((p) => p.username === '20260006')!;
	await login(page, 'zb1');
	await page.goto('/org/pledges/new');
	await page.getByLabel('标题').fill(title);
	await page.getByLabel('最短阅读时间（秒，留空按字数估算）').fill('0');
	await page.getByLabel('指定人员', { exact: true }).check();
	await page.getByLabel(/指定人员的工号\/用户名/).fill(member.username);
	await page.getByLabel(/正文/).fill('第一版承诺内容。');
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	const pledgeUrl = page.url().replace(/\?.*$/, '');

	// Signed without JavaScript: the typed name alone is the signature.
	const noJs = await browser.newContext({ javaScriptEnabled: false });
	const learner = await noJs.newPage();
	await login(learner, member.username);
	await learner.goto(`${pledgeUrl.replace('/org/pledges/', '/pledges/')}`);
	await learner.getByRole('button', { name: '开始阅读' }).click();
	await expect(learner.getByTestId('signature-pad')).toHaveCount(0);
	await learner.getByLabel('签名：请输入您的完整姓名').fill('别人的名字');
	await learner.getByRole('button', { name: '确认签署' }).click();
	await expect(learner.getByRole('alert')).toContainText('不一致');
	await learner.getByLabel('签名：请输入您的完整姓名').fill(member.name);
	await learner.getByRole('button', { name: '确认签署' }).click();
	await expect(learner.getByText(/您已签署第 1 版/)).toBeVisible();

	await page.getByRole('link', { name: '修改或修订文本' }).click();
	await page.getByLabel(/正文/).fill('第二版承诺内容，增加了新的条款。');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toContainText('新版本');
	await expect(page.getByText(/待重新签署 1 人/)).toBeVisible();

	await learner.reload();
	await expect(learner.getByText(/文本已修订为第 2 版，请重新阅读并签署/)).toBeVisible();
	await expect(learner.getByText('第二版承诺内容')).toBeVisible();
	await noJs.close();
});
