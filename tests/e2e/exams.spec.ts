import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { login } from './helpers';

// An exam from end to end (issue 11): a branch secretary creates a random-paper exam for the
// branch; two members get different papers; one reloads midway and continues with the time that is
// left, answers everything right, hands in and gets a certificate whose code verifies at /verify
// without logging in; the other leaves the page (logged), then abandons the exam, and the server
// closes the attempt at its deadline with nobody there. The results export is read back.

/** The e2e server's database file (tests/e2e/server.js): the test's answer key, never written. */
const DATABASE = resolve('tests/.tmp/e2e/e2e.db');

type PaperItem = { questionId: number; options: string[] };
/** The person's open paper and, per question in paper order, what to click to answer it right. */
function answerKey(examId: number, username: string): { paper: PaperItem[]; clicks: string[] } {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		const row = db
			.prepare('select a.paper from exam_attempts a join users u on u.id = a.user_id where a.exam_id = ? and u.username = ? order by a.number desc limit 1')
			.get(examId, username) as { paper: string } | undefined;
		expect(row, `${username} has an attempt`).toBeTruthy();
		const paper = JSON.parse(row!.paper) as PaperItem[];
		const clicks = paper.map((item) => {
			const q = db.prepare('select type, answer from questions where id = ?').get(item.questionId) as { type: string; answer: string };
			const answer = JSON.parse(q.answer) as string[];
			if (q.type === 'truefalse') return answer[0] === 'true' ? '正确' : '错误';
			expect(q.type).toBe('single');
			return String.fromCharCode(65 + item.options.indexOf(answer[0]));
		});
		return { paper, clicks };
	} finally {
		db.close();
	}
}

/** A datetime-local value in China time, offset from now by minutes. */
function chinaLocal(offsetMinutes: number): string {
	return new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

async function signedIn(browser: Browser, username: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await login(page, username);
	return page;
}

/** Answers question n (1-based) of the open page by clicking the option a person would. */
async function answer(page: Page, n: number, click: string) {
	const question = page.getByRole('group', { name: new RegExp(`^第 ${n} 题`) });
	const option = /^[A-Z]$/.test(click) ? question.getByRole('radio', { name: new RegExp(`^${click}\\.`) }) : question.getByRole('radio', { name: click, exact: true });
	await option.check();
	await expect(question.getByRole('status')).toHaveText('已保存');
}

/** Seconds on the exam clock (mm:ss). */
async function remainingSeconds(page: Page): Promise<number> {
	const [m, s] = (await page.getByRole('timer').innerText()).split(':').map(Number);
	return m * 60 + s;
}

test('an exam: random papers, a reload, a leave, a deadline nobody waits for, a certificate that verifies, the results export', async ({ browser }) => {
	test.setTimeout(240_000);
	const title = `任前廉政考试 ${Date.now()}`;

	// The branch secretary creates the exam: 3 single-choice and 2 true/false questions, 20 points each.
	const organizer = await signedIn(browser, 'zb1');
	await organizer.goto('/org/exams');
	await organizer.getByRole('link', { name: '新建考试' }).click();
	await organizer.getByLabel('考试名称').fill(title);
	await expect(organizer.getByLabel('组织单位')).toHaveValue(/\d+/);
	await organizer.getByLabel('单位全体人员（含下级单位）').check();
	await organizer.getByLabel('随机组卷：按下列规则为每人抽一份试卷').check();
	await organizer.getByLabel('第 1 部分 题型').selectOption({ label: '单选题' });
	await organizer.getByLabel('第 1 部分 题数').fill('3');
	await organizer.getByLabel('第 1 部分 每题分值').fill('20');
	await organizer.getByLabel('第 2 部分 题型').selectOption({ label: '判断题' });
	await organizer.getByLabel('第 2 部分 题数').fill('2');
	await organizer.getByLabel('第 2 部分 每题分值').fill('20');
	await organizer.getByLabel('开考时间').fill(chinaLocal(-5));
	await organizer.getByLabel('结束时间').fill(chinaLocal(120));
	await organizer.getByLabel('考试时长（分钟）').fill('1');
	await organizer.getByLabel('允许参加次数').fill('1');
	await organizer.getByLabel('及格分').fill('60');
	await organizer.getByRole('button', { name: '创建考试' }).click();
	await expect(organizer.getByRole('heading', { name: title })).toBeVisible();
	await expect(organizer.getByRole('status').filter({ hasText: '考试已保存' })).toBeVisible();
	const examId = Number(/\/org\/exams\/(\d+)/.exec(organizer.url())![1]);

	// Two members of the branch see it on the home page and start it (开始考试 is a POST).
	const chen = await signedIn(browser, 'xueyuan');
	const other = await signedIn(browser, '20260003');
	for (const page of [chen, other]) {
		await page.goto('/');
		await page.getByRole('link', { name: title }).click();
		await expect(page.getByRole('heading', { name: title })).toBeVisible();
		await page.getByRole('button', { name: '开始考试' }).click();
		await expect(page.getByRole('timer')).toBeVisible();
	}
	const chenKey = answerKey(examId, 'xueyuan');
	const otherKey = answerKey(examId, '20260003');
	expect(chenKey.paper).toHaveLength(5);
	// Different papers: other questions, another order or other option orders.
	expect(JSON.stringify(chenKey.paper)).not.toBe(JSON.stringify(otherKey.paper));

	// The other member leaves the page and comes back: logged, and shown to them.
	await other.evaluate(() => window.dispatchEvent(new Event('blur')));
	await other.evaluate(() => window.dispatchEvent(new Event('focus')));
	await expect(other.getByTestId('leave-warning')).toContainText('已记录离开考试页面 1 次');
	await answer(other, 1, otherKey.clicks[0]);

	// 陈立新 answers two questions, reloads, and continues with the time left and the answers kept.
	await answer(chen, 1, chenKey.clicks[0]);
	await answer(chen, 2, chenKey.clicks[1]);
	const before = await remainingSeconds(chen);
	await chen.waitForTimeout(2000);
	await chen.reload();
	await expect(chen.getByRole('timer')).toBeVisible();
	const after = await remainingSeconds(chen);
	expect(after).toBeLessThan(before);
	expect(after).toBeGreaterThan(before - 15);
	expect(after).toBeGreaterThan(0);
	await expect(chen.getByText('已答 2/5 题')).toBeVisible();
	for (const n of [1, 2]) await expect(chen.getByRole('group', { name: new RegExp(`^第 ${n} 题`) }).getByRole('radio', { checked: true })).toHaveCount(1);
	for (let n = 3; n <= 5; n++) await answer(chen, n, chenKey.clicks[n - 1]);
	await chen.getByRole('button', { name: '交卷', exact: true }).click();
	await chen.getByRole('button', { name: '确认交卷' }).click();
	await expect(chen.getByTestId('exam-score')).toHaveText('100 分');
	await expect(chen.getByText('合格', { exact: true })).toBeVisible();

	// The other member abandons the exam: the browser is gone, the server closes it at the deadline.
	await other.context().close();

	// The certificate, and its code verified by someone who is not logged in.
	await chen.getByRole('link', { name: '查看合格证明' }).click();
	await expect(chen.getByRole('article', { name: '合格证明' })).toContainText('陈立新');
	const code = (await chen.getByTestId('certificate-code').innerText()).trim();
	expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
	const visitor = await (await browser.newContext()).newPage();
	await visitor.goto('/verify');
	await visitor.getByLabel(/验证码/).fill(code.toLowerCase());
	await visitor.getByRole('button', { name: '验证' }).click();
	await expect(visitor.getByRole('status')).toHaveText('验证通过：此合格证明真实有效。');
	await expect(visitor.getByText('陈立新')).toBeVisible();
	await expect(visitor.getByText(title)).toBeVisible();
	await expect(visitor.getByText('100 分（满分 100 分）')).toBeVisible();
	await expect(visitor.getByRole('button', { name: '退出' })).toHaveCount(0);

	// The organizer sees the leave and, once the deadline has passed, the attempt closed by the server.
	const otherRow = organizer.getByRole('row').filter({ has: organizer.getByRole('cell', { name: '20260003', exact: true }) });
	await expect(async () => {
		await organizer.goto(`/org/exams/${examId}`);
		await expect(otherRow).toContainText('到时自动交卷', { timeout: 1000 });
	}).toPass({ timeout: 90_000, intervals: [3000] });
	// At least the leave above; a browser may also report focus moving to the other test windows.
	await expect(organizer.getByTestId('leaves-20260003')).toContainText(/[1-9]\d* 次/);
	const chenRow = organizer.getByRole('row').filter({ has: organizer.getByRole('cell', { name: 'xueyuan', exact: true }) });
	await expect(chenRow).toContainText('合格');
	await expect(chenRow).toContainText(code);

	// The results export, read back.
	await organizer.getByRole('link', { name: '成绩分析与导出' }).click();
	const [download] = await Promise.all([organizer.waitForEvent('download'), organizer.getByRole('link', { name: '导出 Excel' }).click()]);
	expect(download.suggestedFilename()).toBe(`${title}-成绩.xlsx`);
	const workbook = new ExcelJS.Workbook();
	const bytes = await readFile((await download.path())!);
	await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	expect(workbook.worksheets.map((s) => s.name)).toEqual(['成绩', '单位汇总', '试题分析', '条款分析', '离开页面记录']);
	const rows = (name: string) =>
		workbook
			.getWorksheet(name)!
			.getSheetValues()
			.filter((r): r is ExcelJS.CellValue[] => Array.isArray(r))
			.map((r) => Array.from(r.slice(1), (v) => (v === null || v === undefined ? '' : String(v))));
	const scores = rows('成绩');
	const header = scores.find((r) => r.includes('姓名'))!;
	const col = (label: string) => header.indexOf(label);
	const chenLine = scores.find((r) => r[col('工号')] === 'xueyuan')!;
	expect([chenLine[col('姓名')], chenLine[col('状态')], chenLine[col('成绩')], chenLine[col('交卷方式')], chenLine[col('合格证明编号')]]).toEqual(['陈立新', '合格', '100', '本人交卷', code]);
	const otherLine = scores.find((r) => r[col('工号')] === '20260003')!;
	expect([otherLine[col('状态')], otherLine[col('交卷方式')]]).toEqual(['不合格', '到时自动交卷']);
	const leaves = rows('离开页面记录').filter((r) => r.includes('20260003'));
	expect(Number(otherLine[col('离开页面（次）')])).toBe(leaves.length);
	expect(leaves.length).toBeGreaterThanOrEqual(1);
	expect(leaves[0]).toContain('窗口失去焦点');
	for (const page of [organizer, chen, visitor]) await page.context().close();
});
