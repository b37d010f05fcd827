import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('an organizer sees the members of their own branch and nobody outside it', async ({ page, browser }) => {
	await login(page, 'zb1'); // 第一党支部书记
	await page.goto('/org/people');
	const members = page.getByRole('table', { name: '成员名单' });
	await expect(members.getByRole('row', { name: /陈立新/ })).toBeVisible(); // 第一党支部
	await expect(members).not.toContainText('第二党支部');
	await expect(members).not.toContainText('郑雅琴'); // 第二党支部书记

	// Searching for someone in another branch finds nobody.
	await page.getByLabel('姓名、工号或职务').fill('郑雅琴');
	await page.getByRole('button', { name: '查找' }).click();
	await expect(page.getByText('没有符合条件的成员。')).toBeVisible();

	// The unit filter offers only the organizer's subtree…
	const options = await page.getByLabel('所属单位（含下级）').locator('option').allTextContents();
	expect(options.join('|')).not.toContain('第二党支部');

	// …and forging another branch's unit id in the address shows nobody either.
	const upper = await browser.newContext();
	const upperPage = await upper.newPage();
	await login(upperPage, 'jgdw'); // 机关党委: sees every branch
	await upperPage.goto('/org/people');
	const secondBranchId = await upperPage.getByLabel('所属单位（含下级）').locator('option', { hasText: /^\s*第二党支部$/ }).getAttribute('value');
	expect(secondBranchId).toMatch(/^\d+$/);
	await upper.close();
	await page.goto(`/org/people?unit=${secondBranchId}`);
	await expect(page.getByText('没有符合条件的成员。')).toBeVisible();

	// And the admin people list stays closed to organizers.
	expect((await page.goto('/admin/people'))?.status()).toBe(403);
});
