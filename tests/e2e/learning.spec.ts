import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

// The learner's core flow on the fixture course tests/e2e/fixtures/content/courses/01-e2e-demo
// (lessons with 3 s and 4 s minimums, a 4-question quiz with pass score 75).

const COURSE = '廉洁从业入门（测试课程）';

async function answerQuiz(page: Page, answers: { single: string; multiple: string[]; truefalse: '正确' | '错误'; fill: string }) {
	await page.getByRole('group', { name: '第 1 题（单选题）' }).getByLabel(answers.single).check();
	const multiple = page.getByRole('group', { name: '第 2 题（多选题）' });
	for (const option of answers.multiple) await multiple.getByLabel(option).check();
	await page.getByRole('group', { name: '第 3 题（判断题）' }).getByLabel(answers.truefalse, { exact: true }).check();
	await page.getByLabel('第 4 题第 1 空').fill(answers.fill);
	await page.getByRole('button', { name: '交卷' }).click();
	await expect(page.getByRole('heading', { name: '测验结果：廉洁从业入门测验' })).toBeVisible();
}

test('a learner reads and signs both lessons, fails the quiz, passes it, and sees the course complete', async ({ page }) => {
	await login(page, 'xueyuan');
	await page.getByRole('link', { name: '课程', exact: true }).click();
	await page.getByRole('link', { name: COURSE, exact: true }).first().click();
	await page.getByRole('link', { name: '第一课　公务活动中的廉洁要求', exact: true }).click();

	// Opening the page starts nothing: the text and the clock come with 开始阅读.
	await expect(page.getByText(/最短阅读时间 3 秒/)).toBeVisible();
	await page.getByRole('button', { name: '开始阅读' }).click();

	// Too early: the server refuses and says how long is left.
	const sign = page.getByRole('button', { name: '我已认真阅读，签名确认' });
	await sign.click();
	await expect(page.getByRole('alert')).toContainText('阅读时间不足');
	await page.waitForTimeout(3_500);
	await sign.click();
	await expect(page.getByText(/您已于 .+ 签名确认阅读本课/)).toBeVisible();
	await expect(page.getByRole('link', { name: /第四条/ })).toHaveAttribute('href', '/regulations/sample-lianzheng-guize/4');

	await page.getByRole('link', { name: /下一课/ }).click();
	await expect(page.getByRole('heading', { name: '第二课　个人事项中的廉洁要求' })).toBeVisible();
	await page.getByRole('button', { name: '开始阅读' }).click();
	await expect(page.getByRole('button', { name: '我已认真阅读，签名确认' })).toBeVisible();
	await page.waitForTimeout(4_500);
	await page.getByRole('button', { name: '我已认真阅读，签名确认' }).click();
	await expect(page.getByText(/您已于 .+ 签名确认阅读本课/)).toBeVisible();

	await page.goto('/courses/e2e-demo/quiz');
	await page.getByRole('button', { name: '开始测验' }).click();
	await expect(page).toHaveURL(/\/quiz\/\d+$/);
	await answerQuiz(page, { single: '三个工作日内', multiple: ['安排高档菜肴和酒水'], truefalse: '正确', fill: '从简' });
	await expect(page.getByRole('region', { name: '成绩' })).toContainText('得分 25 分');
	await expect(page.getByRole('region', { name: '成绩' }).getByText('未通过', { exact: true })).toBeVisible();
	await expect(page.getByText('示例规定第八条要求在五个工作日内登记上交。')).toBeVisible();

	await page.getByRole('button', { name: '再测一次' }).click();
	await expect(page).toHaveURL(/\/quiz\/\d+$/);
	await answerQuiz(page, { single: '五个工作日内', multiple: ['安排高档菜肴和酒水', '用公款赠送礼品'], truefalse: '错误', fill: '“简朴”' });
	await expect(page.getByRole('region', { name: '成绩' })).toContainText('得分 100 分');
	await expect(page.getByRole('region', { name: '成绩' }).getByText('通过', { exact: true })).toBeVisible();

	await page.getByRole('link', { name: '我的学习', exact: true }).click();
	await expect(page.getByRole('region', { name: '已完成的课程' })).toContainText(COURSE);
	await expect(page.getByRole('region', { name: '测验记录' }).getByRole('row')).toHaveCount(3);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the quiz works as a plain form, and a forged submission is refused with 400 and changes nothing', async ({ page, baseURL }) => {
		await login(page, 'zb2');
		await page.goto('/courses/e2e-demo/quiz');
		await page.getByRole('button', { name: '开始测验' }).click();
		await expect(page).toHaveURL(/\/quiz\/\d+$/);
		const attemptUrl = page.url();

		const forged = await page.request.post(attemptUrl, {
			headers: { origin: baseURL!, accept: 'text/html' },
			form: { q999999: 'A' }
		});
		expect(forged.status()).toBe(400);
		expect(await forged.text()).toContain('不属于本次测验');

		// Nothing was stored: the same attempt is still open and can be answered.
		await page.goto(attemptUrl);
		await answerQuiz(page, { single: '五个工作日内', multiple: ['安排高档菜肴和酒水', '用公款赠送礼品'], truefalse: '错误', fill: '从简' });
		await expect(page.getByRole('region', { name: '成绩' })).toContainText('得分 100 分');
	});
});
