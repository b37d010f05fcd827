import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { login, logout, openForm } from './helpers';

// The admin content console with files written for the tests (see fixtures/make-content-fixtures.ts):
// two editions of a made-up regulation (a .docx and a GB18030 .txt), question banks from Excel and
// Word citing it, the 依据已修订 flag when the new edition changes a cited article, and search.
// The tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const upload = (name: string) => resolve('tests/e2e/fixtures/uploads', name);

async function publish(page: Page, file: string, fields: { slug: string; edition: string; date: string }) {
	await openForm(page, '/admin/content/regulations/new');
	await page.getByLabel('法规文件').setInputFiles(upload(file));
	await page.getByRole('button', { name: '上传并预览' }).click();
	const result = page.getByRole('region', { name: '解析结果' });
	await expect(result).toContainText('清风市机关会议纪律规定');
	const repairs = page.getByRole('region', { name: '自动处理' });
	await expect(repairs).toContainText('删除了页码行');
	await expect(repairs).toContainText('作为附件保存在最后一条之后');
	await page.getByLabel('版本').fill(fields.edition);
	await page.getByLabel('施行日期').fill(fields.date);
	await page.getByLabel('标识').fill(fields.slug);
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page).toHaveURL(new RegExp(`/regulations/${fields.slug}$`));
	await expect(page.getByRole('heading', { level: 1, name: '清风市机关会议纪律规定' })).toBeVisible();
	return result;
}

test('a regulation uploaded as .docx is previewed with its repairs and published', async ({ page }) => {
	await login(page, 'admin');
	await openForm(page, '/admin/content/regulations/new');
	await page.getByLabel('法规文件').setInputFiles(upload('huiyi-2024.docx'));
	await page.getByRole('button', { name: '上传并预览' }).click();
	const result = page.getByRole('region', { name: '解析结果' });
	await expect(result).toContainText('0 编，3 章，0 节，6 条，另有附件 1 个');
	await expect(result).toContainText('第二章 会风要求');
	await expect(result).toContainText('为了严肃会议纪律');
	await expect(result).toContainText('本规定自发布之日起施行');
	const repairs = page.getByRole('region', { name: '自动处理' });
	await expect(repairs).toContainText('第 7 行：删除了页码行“— 2 —”');
	await expect(repairs).toContainText('第 12 行：“附件：清风市机关会议请假登记表”及其后的内容作为附件保存在最后一条之后');

	await publish(page, 'huiyi-2024.docx', { slug: 'qingfeng-huiyi-guiding-2024', edition: '2024年版', date: '2024-01-01' });
	await expect(page.getByRole('region', { name: '附件：清风市机关会议请假登记表' })).toContainText('请假事由');
	// 第三条, 三 and the work with its edition all lead to the same article.
	await page.goto('/regulations/qingfeng-huiyi-guiding@2024/第三条');
	await expect(page).toHaveURL(/\/regulations\/qingfeng-huiyi-guiding@2024\/3$/);
	await expect(page.getByText('参加会议应当提前十分钟到场')).toBeVisible();
});

test('question banks are imported from Excel (a bad file refused first, row by row) and from Word', async ({ page }) => {
	await login(page, 'admin');
	await openForm(page, '/admin/content/banks');
	await page.getByLabel('题库文件').setInputFiles(upload('bank-bad.xlsx'));
	await page.getByLabel('新题库名称').fill('会议纪律题库');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('alert').first()).toContainText('未导入：发现 2 处问题');
	const problems = page.getByRole('table', { name: '题库错误' });
	await expect(problems.getByRole('row', { name: /第 3 行/ })).toContainText('答案“E”不是已有的选项');
	await expect(problems.getByRole('row', { name: /第 4 行/ })).toContainText('缺少解析');
	await openForm(page, '/admin/content/banks');
	// Nothing of the refused file was imported: only the demo bank of the exams is listed.
	await expect(page.getByRole('link', { name: '示例规定知识题库（演示）' })).toBeVisible();
	await expect(page.getByRole('link', { name: '会议纪律题库' })).toHaveCount(0);

	await page.getByLabel('题库文件').setInputFiles(upload('bank.xlsx'));
	await page.getByLabel('新题库名称').fill('会议纪律题库');
	await page.getByRole('button', { name: '检查并预览' }).click();
	await expect(page.getByText('检查通过：共 3 题，尚未导入')).toBeVisible();
	await expect(page.getByRole('link', { name: '《清风市机关会议纪律规定》第三条' }).first()).toBeVisible();
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByText('导入成功：共 3 题')).toBeVisible();
	await expect(page.getByText('按照清风市机关会议纪律规定，参加会议应当提前多少分钟到场？')).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: '导出 Excel' }).click();
	expect((await download).suggestedFilename()).toBe('会议纪律题库.xlsx');

	await openForm(page, '/admin/content/banks');
	await page.getByLabel('题库文件').setInputFiles(upload('bank.docx'));
	await page.getByLabel('新题库名称').fill('会议纪律测试（Word）');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByText('导入成功：共 2 题')).toBeVisible();
	await expect(page.getByText('会议材料中的涉密材料，会后应当')).toBeVisible();
	await expect(page.getByRole('link', { name: '《清风市机关会议纪律规定》第五条' })).toBeVisible();
});

test('a new edition from a GB18030 text flags the questions citing an article it changed', async ({ page }) => {
	await login(page, 'admin');
	await page.goto('/admin/content/citations');
	await expect(page.getByText('没有需要核对的依据')).toBeVisible();

	await publish(page, 'huiyi-2025-gb18030.txt', { slug: 'qingfeng-huiyi-guiding-2025', edition: '2025年版', date: '2025-01-01' });
	await expect(page.getByText('2024 年版无此条')).toBeVisible();
	await expect(page.getByRole('link', { name: '2024 年版为第四条' })).toBeVisible();

	await page.goto('/admin/content');
	await expect(page.getByRole('link', { name: /依据已修订：\d+ 处/ })).toBeVisible();
	await page.goto('/admin/content/citations');
	const flag = page.getByRole('article', { name: /依据已修订：题库《会议纪律题库》第 1 题/ });
	await expect(flag).toContainText('第三条，条文有修改');
	await expect(flag.locator('ins')).toContainText(['签到']);
	await expect(flag.locator('del')).toContainText(['十']);
	// Renumbered articles are flagged too; the unchanged 第二条 is not.
	await expect(page.getByRole('article', { name: /题库《会议纪律题库》第 3 题/ })).toContainText('第五条，条号变化');
	await expect(page.getByRole('article', { name: /题库《会议纪律题库》第 2 题/ })).toHaveCount(0);
	await flag.getByRole('button', { name: '确认依据仍然成立' }).click();
	await expect(page.getByRole('status')).toContainText('已确认依据 qingfeng-huiyi-guiding-2024#3');
	await expect(page.getByRole('article', { name: /题库《会议纪律题库》第 1 题/ })).toHaveCount(0);

	// The earlier edition says it was amended and links to the comparison.
	await page.goto('/regulations/qingfeng-huiyi-guiding-2024');
	await expect(page.getByRole('note')).toContainText('本版本已修订');
	await page.getByRole('link', { name: '查看本版本以来的变化' }).click();
	await expect(page.getByRole('status')).toContainText('2025 年版较2024 年版：新增 1 条，修改 2 条，删除 0 条');
	await expect(page.getByRole('article').filter({ hasText: '新增' }).first()).toContainText('视频会议参照本规定执行');
	await page.goto('/regulations/qingfeng-huiyi-guiding/七');
	await expect(page).toHaveURL(/\/regulations\/qingfeng-huiyi-guiding\/7$/);
	await expect(page.getByText('2024年版同时废止')).toBeVisible();
});

test('a learner finds an article by a phrase inside it from the search box in the header', async ({ page }) => {
	await login(page, 'xueyuan');
	await page.getByRole('searchbox', { name: '搜索' }).fill('涉密材料会后');
	await page.getByRole('searchbox', { name: '搜索' }).press('Enter');
	await expect(page).toHaveURL(/\/search\?q=/);
	const articles = page.getByRole('region', { name: '法规条文' });
	await expect(articles.getByRole('link', { name: '清风市机关会议纪律规定 第六条' })).toBeVisible();
	await expect(articles.locator('mark').first()).toHaveText('涉密材料会后');
	// Only the current edition is searched: the 2024 text's 第五条 is not listed.
	await expect(articles.getByRole('link')).toHaveCount(1);
	await articles.getByRole('link', { name: '清风市机关会议纪律规定 第六条' }).click();
	await expect(page).toHaveURL(/\/regulations\/qingfeng-huiyi-guiding-2025\/6$/);
	await logout(page);
});
