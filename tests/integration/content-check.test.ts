import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve('src/cli/content-check.ts');

function run(contentDir: string, ...args: string[]) {
	return spawnSync(process.execPath, [SCRIPT, ...args], {
		encoding: 'utf8',
		env: { ...process.env, CONTENT_DIR: contentDir },
		timeout: 20_000
	});
}

describe('npm run content:check', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'qf-check-'));
		mkdirSync(join(dir, 'regulations'));
		writeFileSync(
			join(dir, 'regulations', 'good.md'),
			['---', 'title: 清风市测试规定', 'sample: true', '---', '第一编 总则', '第一章 通则', '第一条 甲。', '第二章 细则', '第二条 乙。', '第二编 附则', '第三条 丙。'].join('\n')
		);
		writeFileSync(join(dir, 'regulations', 'broken.md'), ['# 出错的规定', '', '第一条 甲。', '', '第二条 乙。', '', '第二条 又是乙。'].join('\n'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('prints JSON with each regulation and each error, and exits 1 on an error', () => {
		const result = run(dir, '--json');
		expect(result.status).toBe(1);
		const report = JSON.parse(result.stdout);
		expect(report.ok).toBe(false);
		expect(report.regulations).toEqual([
			{ slug: 'good', title: '清风市测试规定', articles: 3, parts: 2, chapters: 2, sections: 0, numbering: 'article', sample: true }
		]);
		expect(report.courses).toEqual([]);
		expect(report.errors).toEqual([{ file: 'regulations/broken.md', line: 7, message: expect.stringContaining('重复') }]);
	});

	it('prints a Chinese summary naming file and line', () => {
		const result = run(dir);
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('good　清风市测试规定：3 条，2 编，2 章');
		expect(result.stdout).toContain('regulations/broken.md:7: ');
	});

	it('exits 0 when everything loads', () => {
		rmSync(join(dir, 'regulations', 'broken.md'));
		const result = run(dir, '--json');
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, errors: [] });
	});

	it('exits 1 when the content directory does not exist', () => {
		const result = run(join(dir, 'missing'), '--json');
		expect(result.status).toBe(1);
		expect(JSON.parse(result.stdout).errors[0].message).toContain('内容目录不存在');
	});
});
