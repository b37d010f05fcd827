import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'qingfeng2026';

/** Logs in through the login form, the way a person would. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码', { exact: true }).fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
}

/** Opens a page and waits until its scripts have taken over the form, so that what is typed stays typed. */
export async function openForm(page: Page, path: string) {
	await page.goto(path);
	await page.waitForLoadState('networkidle');
}

export async function logout(page: Page) {
	await page.getByRole('button', { name: '退出' }).click();
	await expect(page.getByRole('heading', { name: '登录清风学堂' })).toBeVisible();
}
