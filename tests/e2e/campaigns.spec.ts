import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import sharp from 'sharp';
import { demoPeople } from '../../src/lib/server/demo/people.ts';
import { login } from './helpers';

// Campaigns (系列活动方案) from plan to summary, the quarterly submission, photos from a phone and
// the 主题党日 as one activity, on the demo organization: 机关党委 (jgdw) plans, 第一党支部 (zb1) acts.

const branchOne = demoPeople().filter((p) => p.unit.endsWith('/第一党支部'));
const { defaultBrowserType: _browser, ...iPhone } = devices['iPhone 13'];

/** A datetime-local value in China time, offset from now by minutes. */
function chinaLocal(offsetMinutes: number): string {
	return new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}
const chinaDate = (offsetDays: number) => chinaLocal(offsetDays * 24 * 60).slice(0, 10);

async function organizer(browser: Browser, username: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await login(page, username);
	return page;
}

type ActionSpec = { title: string; kind: string; optional?: boolean };

/** 机关党委 plans and publishes a campaign for its branches; returns the campaign's URL. */
async function publishCampaign(page: Page, title: string, actions: ActionSpec[]): Promise<string> {
	await page.goto('/org/campaigns');
	await page.getByRole('link', { name: '制定活动方案' }).click();
	await page.getByLabel('方案名称').fill(title);
	await page.getByLabel('依据文件（可选）').fill('《关于开展“三个一”廉政教育活动的通知》');
	await page.getByLabel('开始日期').fill(chinaDate(-30));
	await page.getByLabel('结束日期').fill(chinaDate(60));
	await page.getByRole('button', { name: '保存并继续' }).click();
	await expect(page.getByRole('status')).toContainText('方案已保存为草稿');
	const add = page.locator('form').filter({ has: page.getByRole('button', { name: '添加', exact: true }) });
	for (const a of actions) {
		await add.getByLabel('活动名称').fill(a.title);
		await add.getByLabel('以何种记录完成').selectOption(a.kind);
		if (a.optional) await add.getByLabel('自选动作').check();
		await add.getByRole('button', { name: '添加', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: `已保存“${a.title}”` })).toBeVisible();
	}
	await page.getByRole('button', { name: '发布方案' }).click();
	await expect(page.getByRole('status')).toContainText('方案已发布');
	return page.url().replace(/\?.*$/, '');
}

/** A branch organizer opens a cell of their row and creates the record from it, preset and linked. */
async function createFromCell(page: Page, campaignUrl: string, cell: string, fill: { title: string; start: number; end: number }) {
	await page.goto(campaignUrl);
	await page.getByRole('link', { name: new RegExp(`^第一党支部 · ${cell}：`) }).click();
	await page.getByRole('link', { name: '新建并关联' }).click();
	await expect(page.getByRole('status')).toContainText(`第一党支部的“${cell}”`);
	await page.getByLabel('活动名称').fill(fill.title);
	await page.getByLabel('开始时间').fill(chinaLocal(fill.start));
	await page.getByLabel('结束时间').fill(chinaLocal(fill.end));
	await page.getByRole('button', { name: '保存活动' }).click();
	await expect(page.getByRole('heading', { name: fill.title })).toBeVisible();
}

async function tick(page: Page, usernames: string[]) {
	for (const u of usernames) await page.getByRole('checkbox', { name: new RegExp(u) }).check();
	await page.getByRole('button', { name: '保存签到名单' }).click();
	await expect(page.getByRole('status').filter({ hasText: `新增 ${usernames.length} 人` })).toBeVisible();
}

test('a campaign with three actions: one branch completes two, and the matrix, the evidence and the drafted summary say exactly that', async ({ page, browser }) => {
	const stamp = Date.now();
	const title = `“三个一”廉政教育活动 ${stamp}`;
	const film = `警示教育片《镜鉴·${stamp}》`;
	const lecture = `专题党课：纪律处分条例 ${stamp}`;
	await login(page, 'jgdw');
	const campaignUrl = await publishCampaign(page, title, [
		{ title: '观看一部警示教育片', kind: 'activity:警示教育片' },
		{ title: '讲一次专题党课', kind: 'activity:专题党课' },
		{ title: '撰写心得体会', kind: 'writing:心得体会', optional: true }
	]);

	const zb1 = await organizer(browser, 'zb1');
	// An existing record, made before the campaign was looked at: linked afterwards.
	await zb1.goto('/org/activities/new');
	await zb1.getByLabel('活动类别').selectOption('专题党课');
	await zb1.getByLabel('活动名称').fill(lecture);
	await zb1.getByLabel('开始时间').fill(chinaLocal(-300));
	await zb1.getByLabel('结束时间').fill(chinaLocal(-240));
	await zb1.getByRole('button', { name: '保存活动' }).click();
	await tick(zb1, [branchOne[0].username]);

	// The branch sees its own row only.
	await zb1.goto('/org/campaigns');
	await zb1.getByRole('link', { name: title }).click();
	await expect(zb1.getByRole('rowheader')).toHaveText(['第一党支部']);

	// The film is created from its cell (kind and unit preset), and two members are ticked.
	await createFromCell(zb1, campaignUrl, '观看一部警示教育片', { title: film, start: -180, end: -120 });
	await expect(zb1.getByRole('region', { name: '活动信息' })).toContainText('警示教育片');
	await tick(zb1, [branchOne[1].username, branchOne[2].username]);

	await zb1.goto(campaignUrl);
	await zb1.getByRole('link', { name: /^第一党支部 · 讲一次专题党课：/ }).click();
	const existing = zb1.getByLabel('关联已有记录');
	await existing.selectOption((await existing.locator('option', { hasText: lecture }).getAttribute('value'))!);
	await zb1.getByRole('button', { name: '关联', exact: true }).click();
	await expect(zb1.getByRole('status')).toContainText('已关联到“讲一次专题党课”');

	// The matrix: two of three done, the third missing; 规定动作 2/2.
	await zb1.goto(campaignUrl);
	await expect(zb1.getByRole('link', { name: '第一党支部 · 观看一部警示教育片：已完成' })).toBeVisible();
	await expect(zb1.getByRole('link', { name: '第一党支部 · 讲一次专题党课：已完成' })).toBeVisible();
	await expect(zb1.getByRole('link', { name: '第一党支部 · 撰写心得体会：未开展' })).toBeVisible();
	await expect(zb1.getByRole('row', { name: /第一党支部/ }).getByRole('cell').last()).toHaveText('2/2');

	// The drill-down: the film, counted, with its two people.
	await zb1.getByRole('link', { name: '第一党支部 · 观看一部警示教育片：已完成' }).click();
	const record = zb1.getByRole('article', { name: film });
	await expect(record).toContainText('计入');
	await expect(record).toContainText('2 人次');
	await record.getByText('参加人员名单（2 人）').click();
	await expect(record.getByRole('cell', { name: branchOne[1].name, exact: true })).toBeVisible();
	await expect(record.getByRole('cell', { name: branchOne[2].name, exact: true })).toBeVisible();

	// The drafted summary, from these records; edited, kept, exported.
	await zb1.goto(campaignUrl);
	await zb1.getByRole('link', { name: '第一党支部', exact: true }).click();
	await zb1.getByRole('link', { name: '工作总结' }).click();
	const body = zb1.getByLabel('总结正文');
	const drafted = await body.inputValue();
	expect(drafted.split('\n')[0]).toBe(`第一党支部${title}工作总结`);
	expect(drafted).toContain('2项规定动作完成2项，1项自选动作开展0项，共开展各类活动2次');
	expect(drafted).toContain(`组织党员干部集中观看警示教育片《镜鉴·${stamp}》，参加2人次`);
	expect(drafted).toContain(`讲授专题党课《${lecture}》，参加1人次`);
	expect(drafted).toContain('三、做活自选动作\n（一）撰写心得体会。尚未开展。');
	await body.fill(`${drafted}\n四、下一步打算\n持续深化廉政教育。`);
	await zb1.getByRole('button', { name: '保存草稿' }).click();
	await expect(zb1.getByRole('status')).toContainText('草稿已保存');
	await zb1.reload();
	await expect(zb1.getByLabel('总结正文')).toHaveValue(/持续深化廉政教育。$/);
	const [download] = await Promise.all([zb1.waitForEvent('download'), zb1.getByRole('link', { name: '导出 Word（.docx）' }).click()]);
	expect(download.suggestedFilename()).toBe(`第一党支部${title}工作总结.docx`);
	const docx = unzipSync(new Uint8Array(await readFile((await download.path())!)));
	const xml = strFromU8(docx['word/document.xml']);
	expect(xml).toContain('持续深化廉政教育。');
	expect(xml).toContain(`《镜鉴·${stamp}》，参加2人次`);

	// The parent sees every branch: 第一党支部 as above, the others missing everything.
	await page.goto(campaignUrl);
	await expect(page.getByRole('link', { name: '第一党支部 · 观看一部警示教育片：已完成' })).toBeVisible();
	for (const action of ['观看一部警示教育片', '讲一次专题党课', '撰写心得体会']) await expect(page.getByRole('link', { name: `第二党支部 · ${action}：未开展` })).toBeVisible();
	await zb1.context().close();
});

test('a quarterly submission is seen by the parent, with what changed since', async ({ page, browser }) => {
	const stamp = Date.now();
	const title = `季度报送测试 ${stamp}`;
	await login(page, 'jgdw');
	const campaignUrl = await publishCampaign(page, title, [{ title: '开展一次集中学习', kind: 'activity:集中学习' }]);

	const zb1 = await organizer(browser, 'zb1');
	await createFromCell(zb1, campaignUrl, '开展一次集中学习', { title: `集中学习 ${stamp}`, start: -90, end: -30 });
	const activityUrl = zb1.url().replace(/\?.*$/, '');
	await tick(zb1, [branchOne[3].username]);
	await zb1.goto(campaignUrl);
	await zb1.getByRole('link', { name: '第一党支部', exact: true }).click();
	await zb1.getByLabel('报送说明（可选）').fill('本季度按计划开展。');
	await zb1.getByRole('button', { name: '报送给机关党委' }).click();
	await expect(zb1.getByRole('status')).toContainText('已报送');

	await page.goto(campaignUrl);
	await page.getByRole('link', { name: '季度报送' }).click();
	const rowOne = page.getByRole('row', { name: /第一党支部/ });
	await expect(rowOne).toContainText('已报送');
	await expect(rowOne).toContainText('林思远');
	await expect(rowOne).toContainText('无变化');
	await expect(page.getByRole('row', { name: /第二党支部/ })).toContainText('未报送');

	// After the submission the branch ticks one more person: the parent sees that it changed, and how.
	await zb1.goto(activityUrl);
	await tick(zb1, [branchOne[4].username]);
	await page.reload();
	await expect(rowOne).toContainText('有变化');
	await rowOne.getByRole('link', { name: '已报送' }).click();
	await expect(page.getByRole('heading', { name: /第一党支部 · \d{4}年第.季度报送/ })).toBeVisible();
	await expect(page.getByText('本季度按计划开展。', { exact: false })).toBeVisible();
	await expect(page.getByRole('row', { name: /开展一次集中学习/ })).toContainText('1 次 · 1 人次');
	await expect(page.getByRole('row', { name: /开展一次集中学习/ })).toContainText('本季度参加：1 → 2 人次');
	// A sibling branch cannot open it.
	const zb2 = await organizer(browser, 'zb2');
	expect((await zb2.goto(page.url()))?.status()).toBe(404);
	await zb1.context().close();
	await zb2.context().close();
});

test('a photo taken on a phone is uploaded to an activity without JavaScript, re-encoded, and shown in the printable record', async ({ page, browser }) => {
	const title = `参观廉政教育基地 ${Date.now()}`;
	await login(page, 'zb1');
	await page.goto('/org/activities/new');
	await page.getByLabel('活动类别').selectOption('参观廉政教育基地');
	await page.getByLabel('活动名称').fill(title);
	await page.getByLabel('开始时间').fill(chinaLocal(-60));
	await page.getByLabel('结束时间').fill(chinaLocal(30));
	await page.getByRole('button', { name: '保存活动' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	const activityUrl = page.url().replace(/\?.*$/, '');

	const phone = await browser.newContext({ ...iPhone, javaScriptEnabled: false, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	const mobile = await phone.newPage();
	await login(mobile, 'zb1');
	await mobile.goto(activityUrl);
	const camera = mobile.getByLabel('拍照上传');
	await expect(camera).toHaveAttribute('capture', 'environment');
	await expect(camera).toHaveAttribute('accept', 'image/*');
	const photo = await sharp({ create: { width: 4032, height: 3024, channels: 3, background: '#b91c1c' } }).jpeg().toBuffer();
	await camera.setInputFiles({ name: 'IMG_2026.JPG', mimeType: 'image/jpeg', buffer: photo });
	await mobile.getByRole('button', { name: '上传照片' }).click();
	await expect(mobile.getByRole('status')).toContainText('已上传 1 张照片');
	await expect(mobile.getByRole('heading', { name: '影像资料（1 张）' })).toBeVisible();
	const src = (await mobile.getByRole('img', { name: '活动照片第 1 张' }).getAttribute('src'))!;
	const served = await mobile.request.get(src);
	expect(served.headers()['content-type']).toBe('image/jpeg');
	expect(served.headers()['content-security-policy']).toContain('sandbox');
	expect(served.headers()['x-content-type-options']).toBe('nosniff');
	expect(await sharp(await served.body()).metadata()).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
	// A file that is not a picture is refused, and nothing is added.
	await mobile.getByLabel('从相册或电脑选择（可多选）').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ this is not a photo') });
	await mobile.getByRole('button', { name: '上传照片' }).click();
	await expect(mobile.getByRole('alert')).toContainText('“photo.jpg”是可执行程序');
	await expect(mobile.getByRole('heading', { name: '影像资料（1 张）' })).toBeVisible();
	await phone.close();

	// Another branch's organizer cannot open the photo.
	const zb2 = await organizer(browser, 'zb2');
	expect((await zb2.request.get(src)).status()).toBe(404);
	await zb2.context().close();

	await page.goto(activityUrl);
	await page.getByRole('link', { name: '打印活动记录' }).click();
	await expect(page.getByRole('heading', { name: '学习活动记录' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '影像资料（1 张）' })).toBeVisible();
	await expect(page.getByRole('img', { name: '活动照片第 1 张' })).toHaveJSProperty('naturalWidth', 1600);
});

test('a 主题党日 with attendance, a quiz and a pledge counts as one activity, its parts visible in the record and the report', async ({ page, browser }) => {
	const stamp = Date.now();
	const title = `主题党日 ${stamp}`;
	const pledgeTitle = `主题党日承诺书 ${stamp}`;
	// A member no other browser test uses, so their quiz and signature change nobody else's test.
	const member = branchOne.find((p) => p.username === '20260012')!;
	await login(page, 'zb1');
	const figure = async (id: string) => Number(/(\d+)/.exec(await page.getByTestId(`figure-${id}`).locator('.value').innerText())![1]);
	const openReport = async () => {
		await page.goto('/org/report?period=year');
		await expect(page.getByRole('heading', { name: /第一党支部 · / })).toBeVisible();
		return { activities: await figure('activities'), attendances: await figure('attendances'), quizzes: await figure('quizzes'), pledges: await figure('pledges') };
	};
	const before = await openReport();

	await page.goto('/org/pledges/new');
	await page.getByLabel('标题').fill(pledgeTitle);
	await page.getByLabel('最短阅读时间（秒，留空按字数估算）').fill('0');
	await page.getByLabel('指定人员', { exact: true }).check();
	await page.getByLabel(/指定人员的工号\/用户名/).fill(member.username);
	await page.getByLabel(/正文/).fill('在主题党日上郑重承诺：严守纪律。');
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page.getByRole('heading', { name: pledgeTitle })).toBeVisible();

	await page.goto('/org/activities/new');
	await page.getByLabel('活动类别').selectOption('主题党日');
	await page.getByLabel('活动名称').fill(title);
	await page.getByLabel('开始时间').fill(chinaLocal(-10));
	await page.getByLabel('结束时间').fill(chinaLocal(90));
	await page.getByRole('button', { name: '保存活动' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	const activityUrl = page.url().replace(/\?.*$/, '');
	for (const part of ['廉洁从业入门测验', pledgeTitle]) {
		await page.getByLabel('添加环节').selectOption({ label: part });
		await page.getByRole('button', { name: '添加', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: `已添加活动环节：${part}` })).toBeVisible();
	}
	await tick(page, [member.username]);

	// The member takes the quiz and signs the pledge during the 主题党日.
	const learner = await (await browser.newContext()).newPage();
	await login(learner, member.username);
	await learner.goto('/courses/e2e-demo/quiz');
	// The demo may already hold attempts of this member: the button then reads 再测一次.
	await learner.getByRole('button', { name: /^(开始测验|再测一次)$/ }).click();
	await learner.getByRole('group', { name: '第 1 题（单选题）' }).getByLabel('五个工作日内').check();
	await learner.getByRole('group', { name: '第 2 题（多选题）' }).getByLabel('安排高档菜肴和酒水').check();
	await learner.getByRole('group', { name: '第 3 题（判断题）' }).getByLabel('错误', { exact: true }).check();
	await learner.getByLabel('第 4 题第 1 空').fill('简朴');
	await learner.getByRole('button', { name: '交卷' }).click();
	await expect(learner.getByRole('heading', { name: '测验结果：廉洁从业入门测验' })).toBeVisible();
	await learner.goto('/pledges');
	await learner.getByRole('link', { name: pledgeTitle }).click();
	await learner.getByRole('button', { name: '开始阅读' }).click();
	await learner.getByLabel('签名：请输入您的完整姓名').fill(member.name);
	await learner.getByRole('button', { name: '确认签署' }).click();
	await expect(learner.getByRole('status').filter({ hasText: '签署成功' })).toBeVisible();
	await learner.context().close();

	// The activity record: both parts done by the one attendee during the activity.
	await page.goto(activityUrl);
	const parts = page.getByRole('region', { name: '活动环节' });
	await expect(parts.getByRole('listitem')).toHaveCount(2);
	await expect(parts.getByRole('listitem').filter({ hasText: '廉洁从业入门测验' })).toContainText('活动中完成 1 人');
	await expect(parts.getByRole('listitem').filter({ hasText: pledgeTitle })).toContainText('活动中完成 1 人');
	await expect(page.getByRole('region', { name: '参加人员', exact: true }).getByRole('row', { name: new RegExp(member.name) })).toContainText('活动中完成活动中完成');

	// The report: one more activity with one more 人次; the quiz and the signature count as they always do.
	const after = await openReport();
	expect(after).toEqual({ activities: before.activities + 1, attendances: before.attendances + 1, quizzes: before.quizzes + 1, pledges: before.pledges + 1 });
	await page.getByRole('link', { name: /^主题党日 \d+ 次$/ }).click();
	const row = page.getByRole('row', { name: new RegExp(title) });
	await expect(row).toContainText(`在线测验：廉洁从业入门测验；签订承诺书：${pledgeTitle}`);
	await expect(row.getByRole('cell').nth(5)).toHaveText('1');
});
