import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, login } from './helpers';
import { deflatedZeros, writeZip } from '../../src/lib/server/uploads/test-zip';

// What the attack test found: requests the server will not read must get their own status and a
// Chinese message, not "服务器内部错误"; destinations after login stay on this site.

test.describe('requests the server will not read', () => {
	test('a body over BODY_SIZE_LIMIT gets 413 with a Chinese message, as a page and for enhanced forms', async ({ request, baseURL }) => {
		const big = { name: 'big.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(21 * 1024 * 1024, 1) };
		const page = await request.post('/login', { headers: { origin: baseURL!, accept: 'text/html' }, multipart: { username: 'x', file: big } });
		expect(page.status()).toBe(413);
		const html = await page.text();
		expect(html).toContain('提交的内容过大');
		expect(html).not.toContain('服务器内部错误');
		const enhanced = await request.post('/login', { headers: { origin: baseURL!, accept: 'application/json' }, multipart: { username: 'x', file: big } });
		expect(enhanced.status()).toBe(413);
		expect(await enhanced.json()).toMatchObject({ type: 'error', error: { message: expect.stringContaining('提交的内容过大') } });
	});

	test('a form action posted as something other than a form gets 415', async ({ request, baseURL }) => {
		const json = await request.post('/login', { headers: { origin: baseURL!, accept: 'text/html', 'content-type': 'application/json' }, data: '{"username":"x"}' });
		expect(json.status()).toBe(415);
		expect(await json.text()).toContain('提交的格式不正确');
		const plain = await request.post('/login', { headers: { origin: baseURL!, accept: 'text/html', 'content-type': 'text/plain' }, data: 'username=x' });
		expect(plain.status()).toBe(415);
	});

	test('garbage multipart gets 400, not 500', async ({ request, baseURL }) => {
		const response = await request.post('/login', {
			headers: { origin: baseURL!, accept: 'text/html', 'content-type': 'multipart/form-data; boundary=----x' },
			data: 'this is not multipart at all'
		});
		expect(response.status()).toBe(400);
		const html = await response.text();
		expect(html).toContain('无法解析');
		expect(html).not.toContain('服务器内部错误');
	});
});

test('after login, a next= that normalises to another site lands on the home page', async ({ request, baseURL }) => {
	for (const next of ['/..//evil.example/x', '/%2e%2e//evil.example/x', '/.\\/evil.example']) {
		const response = await request.post(`/login?next=${encodeURIComponent(next)}`, {
			headers: { origin: baseURL!, accept: 'text/html' },
			form: { username: 'xueyuan', password: DEMO_PASSWORD },
			maxRedirects: 0
		});
		expect(response.status(), next).toBe(303);
		expect(response.headers()['location'], next).toBe('/');
	}
});

test('an .xlsx zip bomb is refused by its uncompressed size, and the site keeps answering', async ({ page }) => {
	await login(page, 'admin');
	await page.goto('/admin/import');
	// One sheet of 200 MB of zeros in a file of about 200 KB.
	const bomb = writeZip([
		{ name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
		{ name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(), compressed: deflatedZeros(200), declaredSize: 200 * 1024 * 1024 }
	]);
	await page.getByLabel('人员名单文件').setInputFiles({ name: 'people.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(bomb) });
	await page.getByLabel('统一初始密码').fill('Chushi2026');
	await page.getByRole('button', { name: '导入', exact: true }).click();
	await expect(page.getByRole('alert').first()).toContainText('未导入');
	await expect(page.getByRole('table', { name: '导入错误' })).toContainText('解压后过大');
	const health = await page.request.get('/healthz');
	expect(health.status()).toBe(200);
});
