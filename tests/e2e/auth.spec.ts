import { expect, test } from '@playwright/test';
import { login, logout } from './helpers';

test('a wrong password is refused with a message and no session', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('用户名').fill('xueyuan');
	await page.getByLabel('密码', { exact: true }).fill('not-the-password');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
	await page.goto('/me');
	await expect(page).toHaveURL(/\/login\?next=%2Fme/);
});

test('logging out ends the session: the old cookie no longer opens pages', async ({ page, context }) => {
	await login(page, 'xueyuan');
	const cookie = (await context.cookies()).find((c) => c.name === 'qf_session');
	expect(cookie?.httpOnly).toBe(true);
	expect(cookie?.sameSite).toBe('Lax');
	await logout(page);
	await context.addCookies([cookie!]);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
});
