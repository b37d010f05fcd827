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

	it('reads .docx and GB18030 texts, reports parser repairs, texts not loaded yet and 依据 to articles that do not exist', async () => {
		const { docx, gb18030 } = await import('../support/documents.ts');
		writeFileSync(join(dir, 'regulations', 'word-2024.docx'), docx(['清风市公文规定', '第一条 公文应当规范。', '第二条 本规定自发布之日起施行。']));
		writeFileSync(join(dir, 'regulations', 'notepad-2024.txt'), gb18030('清风市值班办法\r\n第一条 值班应当登记。\r\n— 1 —\r\n第二条 本办法自发布之日起施行。\r\n'));
		const quiz = ['## 判断题 {#q1}', '值班应当登记。', '> 答案：正确', '> 解析：见第一条。', '> 依据：notepad-2024#1, notepad-2024#9, jilv-chufen-tiaoli-2023#98'].join('\n');
		mkdirSync(join(dir, 'courses', '01-demo'), { recursive: true });
		writeFileSync(join(dir, 'courses', '01-demo', 'course.md'), '---\ntitle: 演示课程\n---\n');
		writeFileSync(join(dir, 'courses', '01-demo', '01-a.md'), '---\ntitle: 第一课\nrefs: [notepad-2024#2]\n---\n正文。\n');
		writeFileSync(join(dir, 'courses', '01-demo', 'quiz.md'), quiz);
		const result = run(dir, '--json');
		const report = JSON.parse(result.stdout);
		expect(report.regulations.map((r: { slug: string; articles: number }) => [r.slug, r.articles])).toEqual([
			['good', 3],
			['notepad-2024', 2],
			['word-2024', 2]
		]);
		expect(report.warnings).toEqual([{ file: 'regulations/notepad-2024.txt', line: 3, message: '删除了页码行“— 1 —”' }]);
		expect(report.notLoaded).toEqual([{ slug: 'jilv-chufen-tiaoli-2023', citation: '《中国共产党纪律处分条例》（2023年修订）', count: 1 }]);
		expect(report.errors).toEqual([{ file: 'courses/01-demo/quiz.md 第 1 题（判断题 q1）', line: null, message: '依据 notepad-2024#9 指向的条款不存在：已导入的《清风市值班办法》没有第九条' }]);
		expect(result.status).toBe(1);
		const text = run(dir).stdout;
		expect(text).toContain('尚未导入《中国共产党纪律处分条例》（2023年修订）（jilv-chufen-tiaoli-2023）：被 1 处引用');
		rmSync(join(dir, 'courses'), { recursive: true });
		rmSync(join(dir, 'regulations', 'word-2024.docx'));
		rmSync(join(dir, 'regulations', 'notepad-2024.txt'));
	});

	it('exits 1 when the content directory does not exist', () => {
		const result = run(join(dir, 'missing'), '--json');
		expect(result.status).toBe(1);
		expect(JSON.parse(result.stdout).errors[0].message).toContain('内容目录不存在');
	});
});
