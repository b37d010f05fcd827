import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { login, logout } from './helpers';

const fixture = (name: string) => resolve('tests/e2e/fixtures', name);

test('an admin imports people from Excel; an imported person must change the first password', async ({ page }) => {
	await login(page, 'admin');
	await page.getByRole('link', { name: '管理后台' }).click();
	await page.goto('/admin/import');

	// A bad file is refused row by row, and nobody from it is created.
	await page.getByLabel('人员名单文件').setInputFiles(fixture('people-import-bad.xlsx'));
	await page.getByLabel('统一初始密码').fill('Chushi2026');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('alert').first()).toContainText('未导入：发现 6 处问题');
	const errors = page.getByRole('table', { name: '导入错误' });
	await expect(errors.getByRole('row', { name: /第 3 行/ })).toContainText('重复');
	await expect(errors.getByRole('row', { name: /第 4 行/ })).toContainText('已存在');
	await expect(errors.getByRole('row', { name: /第 6 行/ })).toContainText('是否领导干部');
	await page.goto('/admin/people?q=20269101');
	await expect(page.getByText('柏雨桐')).toHaveCount(0);

	// The good file imports everyone and creates the missing branch.
	await page.goto('/admin/import');
	await page.getByLabel('人员名单文件').setInputFiles(fixture('people-import.xlsx'));
	await page.getByLabel('统一初始密码').fill('Chushi2026');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('共导入 6 人，新建 1 个单位');
	await page.goto('/admin/people?q=20269005');
	await expect(page.getByText('樊若溪')).toBeVisible();
	await logout(page);

	// First login with the initial password leads to the password page and nowhere else.
	await page.getByLabel('用户名').fill('20269005');
	await page.getByLabel('密码', { exact: true }).fill('Chushi2026');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL(/\/account\/password$/);
	await expect(page.getByText('首次登录，请先设置自己的密码')).toBeVisible();
	await page.goto('/courses');
	await expect(page).toHaveURL(/\/account\/password$/);

	await page.getByLabel('当前密码').fill('Chushi2026');
	await page.getByLabel('新密码', { exact: true }).fill('short');
	await page.getByLabel('再次输入新密码').fill('short');
	await page.getByRole('button', { name: '保存新密码' }).click();
	await expect(page.getByText('密码至少需要 8 位')).toBeVisible();

	await page.getByLabel('当前密码').fill('Chushi2026');
	await page.getByLabel('新密码', { exact: true }).fill('Wode2026mima');
	await page.getByLabel('再次输入新密码').fill('Wode2026mima');
	await page.getByRole('button', { name: '保存新密码' }).click();
	await expect(page).toHaveURL(/\/(\?.*)?$/);
	await page.goto('/courses');
	await expect(page).toHaveURL(/\/courses$/);
	await logout(page);
	await login(page, '20269005', 'Wode2026mima');
});

test('a learner cannot open admin pages, by link or by address', async ({ page }) => {
	await login(page, 'xueyuan');
	await expect(page.getByRole('link', { name: '管理后台' })).toHaveCount(0);
	for (const path of ['/admin', '/admin/people', '/admin/import', '/admin/units', '/admin/content']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { name: '没有权限' })).toBeVisible();
	}
});

test('an anonymous visitor is sent to the login page from admin pages', async ({ page }) => {
	await page.goto('/admin/people');
	await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fpeople/);
});
