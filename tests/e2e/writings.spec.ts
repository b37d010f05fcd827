import { expect, test, type Browser, type Page } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { demoPeople } from '../../src/lib/server/demo/people.ts';
import { fakeExecutable, makeDocx } from '../../src/lib/server/files/testing.ts';
import { login, openForm } from './helpers';

// A 心得体会 collection in 第一党支部: one member hands in a Word document, another types the text;
// the organizer returns one for changes, it comes back, both are accepted, one is marked 优秀 and
// shown in the branch's gallery. Forged uploads are refused and leave nothing behind.

const people = demoPeople();
const byUsername = (u: string) => people.find((p) => p.username === u)!;
const FILES_DIR = resolve('tests/.tmp/e2e/files');
const filesOnDisk = () => (existsSync(FILES_DIR) ? readdirSync(FILES_DIR, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

async function openCollection(page: Page, title: string, options: { minChars?: string; image?: string } = {}) {
	// Typed before the page has hydrated, the fields could be reset by it (seen once under load in CI).
	await openForm(page, '/org/writings/new');
	await page.getByLabel('类别').selectOption('心得体会');
	await page.getByLabel('征集名称').fill(title);
	await page.getByLabel('主题与要求（可选）').fill('结合本职工作谈体会');
	if (options.image) {
		await page.getByLabel(/^图片（JPG、PNG、WebP/).check();
		await page.getByLabel(/每张不超过/).fill(options.image);
	}
	await page.getByLabel(/^最少字数/).fill(options.minChars ?? '0');
	await page.getByRole('button', { name: '发起征集' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	return page.url().replace(/\?.*$/, '');
}

async function member(browser: Browser, username: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await login(page, username);
	return { page, close: () => context.close() };
}

test('a 心得体会 collection receives a .docx and a typed piece; one is returned and handed in again, one is marked 优秀 and published', async ({ page, browser }) => {
	const title = `学习条例心得体会 ${Date.now()}`;
	await login(page, 'zb1');
	const collectionUrl = await openCollection(page, title, { minChars: '20' });

	// A member hands in a Word document.
	const docxWriter = byUsername('20260007');
	const a = await member(browser, docxWriter.username);
	await a.page.goto('/writings');
	await a.page.getByRole('link', { name: title }).click();
	await a.page.getByLabel('标题').fill('知敬畏 存戒惧');
	await a.page.getByLabel(/^上传文件/).setInputFiles({ name: '我的心得.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(makeDocx(['学习心得', '纪律是管党治党的戒尺，要把纪律挺在前面，做到知敬畏、存戒惧、守底线。'])) });
	await a.page.getByRole('button', { name: '提交' }).click();
	await expect(a.page.getByRole('status').filter({ hasText: '已提交' })).toBeVisible();
	await expect(a.page.getByRole('link', { name: '我的心得.docx' })).toBeVisible();

	// Another types the text: first too short, then long enough; a draft in between is kept.
	const typist = byUsername('20260008');
	const b = await member(browser, typist.username);
	await b.page.goto('/writings');
	await b.page.getByRole('link', { name: title }).click();
	await b.page.getByLabel('标题').fill('把纪律挺在前面');
	await b.page.getByLabel(/^正文/).fill('学习了。');
	await b.page.getByRole('button', { name: '提交' }).click();
	await expect(b.page.getByRole('alert')).toContainText('字数不足：本次征集要求至少 20 字');
	await b.page.getByLabel(/^正文/).fill('通过学习纪律处分条例，我深刻认识到严守纪律是每名党员的基本要求，今后要以案为鉴、警钟长鸣。');
	await b.page.getByRole('button', { name: '保存草稿' }).click();
	await expect(b.page.getByRole('status').filter({ hasText: '草稿已保存' })).toBeVisible();
	await b.page.reload();
	await expect(b.page.getByLabel(/^正文/)).toHaveValue(/以案为鉴/);
	await b.page.getByRole('button', { name: '提交' }).click();
	await expect(b.page.getByRole('status').filter({ hasText: '已提交' })).toBeVisible();

	// The organizer returns the typed piece with a comment, and reads the Word document's text.
	await page.goto(collectionUrl);
	await expect(page.getByText(/已提交 2 人/)).toBeVisible();
	await page.getByRole('link', { name: '把纪律挺在前面' }).click();
	await page.getByLabel('修改意见（退回修改时必填）').fill('请结合本职工作谈具体体会。');
	await page.getByRole('button', { name: '退回修改' }).click();
	await expect(page.getByRole('status')).toContainText('已退回修改');

	await b.page.reload();
	await expect(b.page.getByText('请结合本职工作谈具体体会。').first()).toBeVisible();
	await b.page.getByLabel(/^正文/).fill('通过学习纪律处分条例，我深刻认识到严守纪律是每名党员的基本要求。结合本职工作，我将严格执行请示报告制度，规范公务接待。');
	await b.page.getByRole('button', { name: '提交' }).click();
	await expect(b.page.getByRole('status').filter({ hasText: '已提交' })).toBeVisible();

	await page.goto(collectionUrl);
	await page.getByRole('link', { name: '知敬畏 存戒惧' }).click();
	await expect(page.getByRole('heading', { name: '学习心得' })).toBeVisible();
	await page.getByRole('button', { name: '采纳' }).click();
	await expect(page.getByRole('status')).toContainText('已采纳');
	await page.goto(collectionUrl);
	await page.getByRole('link', { name: '把纪律挺在前面' }).click();
	await expect(page.getByText('规范公务接待')).toBeVisible();
	await page.getByRole('button', { name: '采纳' }).click();
	await page.getByRole('button', { name: '评为优秀' }).click();
	await expect(page.getByRole('status')).toContainText('已评为优秀');
	await page.getByRole('button', { name: '发布到作品展示' }).click();
	await expect(page.getByRole('status')).toContainText('已发布');
	await expect(page.getByRole('list').filter({ hasText: '退回修改' })).toContainText('提交');

	// The branch sees the published piece, marked 优秀, read-only.
	await a.page.goto('/writings');
	await a.page.getByRole('link', { name: /作品展示（1）/ }).first().click();
	await expect(a.page.getByRole('heading', { name: /把纪律挺在前面/ })).toContainText('优秀');
	await expect(a.page.getByText(typist.name)).toBeVisible();
	await expect(a.page.getByRole('textbox')).toHaveCount(0);
	await a.close();
	await b.close();
});

test('a forged upload (an executable renamed .docx, an oversized image) is refused and nothing is stored', async ({ page, browser }) => {
	const title = `伪造文件测试 ${Date.now()}`;
	await login(page, 'zb1');
	await openCollection(page, title, { image: '1' });
	const writer = await member(browser, '20260009');
	await writer.page.goto('/writings');
	await writer.page.getByRole('link', { name: title }).click();
	const before = filesOnDisk();

	await writer.page.getByLabel('标题').fill('伪装的文件');
	await writer.page.getByLabel(/^上传文件/).setInputFiles({ name: '心得体会.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(fakeExecutable()) });
	await writer.page.getByRole('button', { name: '提交' }).click();
	await expect(writer.page.getByRole('alert')).toContainText('“心得体会.docx”是可执行程序或脚本，不能上传，未保存');

	const raw = Buffer.alloc(1200 * 1200 * 3);
	for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
	const bigImage = await sharp(raw, { raw: { width: 1200, height: 1200, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
	await writer.page.getByLabel(/^上传文件/).setInputFiles({ name: '书法作品.jpg', mimeType: 'image/jpeg', buffer: bigImage });
	await writer.page.getByRole('button', { name: '保存草稿' }).click();
	await expect(writer.page.getByRole('alert')).toContainText(/“书法作品\.jpg”大小为 \d+\.\d MB，超过了图片（JPG、PNG、WebP）的上限 1 MB，未保存/);

	// Nothing kept: no draft, no file on disk, nothing listed.
	expect(filesOnDisk()).toBe(before);
	await writer.page.goto('/writings');
	await expect(writer.page.getByRole('listitem').filter({ hasText: title })).toContainText('未提交');
	await writer.page.getByRole('link', { name: title }).click();
	await expect(writer.page.getByText('已上传的文件')).toHaveCount(0);
	await expect(writer.page.getByLabel('标题')).toHaveValue('');
	await writer.close();
});
