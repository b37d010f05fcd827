import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../db/testing.ts';
import { type DB } from '../../db/client.ts';
import { regulationArticles, regulations } from '../../db/schema/index.ts';
import { loadRegulations } from './load.ts';
import { getArticle, getRegulationText, listRegulations, regulationSummaries } from './queries.ts';

// Small texts written for the tests.
const GOOD = `---
title: 《清风市会议纪律规定》
edition: 2025年版
sample: true
---

第一编 总则

第一章 一般规定

第一条 为了严肃会议纪律，制定本规定。

第二条 本规定适用于全市机关。

第二编 分则

第二章 会议要求

第一节 会前

第三条 会前应当通知到人。

第二节 会中

第四条 会中不得随意走动。<script>alert(1)</script>

手机应当调至静音。
`;

const PLAIN = `清风市值班办法

第一条 值班人员应当坚守岗位。

第二条 <b>交接班</b>应当登记。
`;

const BROKEN = `# 出错的规定

第一条 甲。

第三条 丙。
`;

let dir: string;
let db: DB;

function write(name: string, text: string) {
	writeFileSync(join(dir, 'regulations', name), text);
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qf-regs-'));
	mkdirSync(join(dir, 'regulations'));
	db = await createTestDatabase();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadRegulations', () => {
	it('loads good files, reports a broken one with file and line, and skips only that one', async () => {
		write('huiyi.md', GOOD);
		write('zhiban.txt', PLAIN);
		write('broken.md', BROKEN);
		const result = await loadRegulations(db, dir);
		expect(result.loaded).toBe(2);
		expect(result.errors).toEqual([{ file: 'regulations/broken.md', line: 5, message: expect.stringContaining('编号不连续') }]);
		expect((await listRegulations(db)).map((r) => [r.slug, r.title, r.articleCount, r.isSample])).toEqual([
			['zhiban', '清风市值班办法', 2, false],
			['huiyi', '清风市会议纪律规定', 4, true]
		]);
		expect(await db.select().from(regulations).where(eq(regulations.slug, 'broken')).get()).toBeUndefined();
	});

	it('stores titles and articles without invisible or bidi-override characters', async () => {
		write('zhiban.txt', '\uFEFF清风市\u202E值班\u200B办法\r\n\r\n第一条 值班人员\u2066应当坚守岗位。\r\n');
		// A NUL byte is no text at all: that file is refused by name, the others load.
		write('nul.txt', '清风市某办法\r\n\r\n第一条 应当\u0000遵守。\r\n');
		const result = await loadRegulations(db, dir);
		expect(result.errors).toEqual([{ file: 'regulations/nul.txt', message: expect.stringMatching(/无法识别的文件内容|无法确定文件的文字编码/) }]);
		expect((await listRegulations(db)).map((r) => r.title)).toEqual(['清风市值班办法']);
		expect((await getArticle(db, 'zhiban', 1))!.article.bodyHtml).toBe('<p>值班人员应当坚守岗位。</p>');
	});

	it('renders bodies sanitized: Markdown without scripts, plain text escaped', async () => {
		write('huiyi.md', GOOD);
		write('zhiban.txt', PLAIN);
		await loadRegulations(db, dir);
		const fourth = (await getArticle(db, 'huiyi', 4))!;
		expect(fourth.article.bodyHtml).toContain('<p>会中不得随意走动。</p>');
		expect(fourth.article.bodyHtml).toContain('<p>手机应当调至静音。</p>');
		expect(fourth.article.bodyHtml).not.toContain('<script');
		expect((await getArticle(db, 'zhiban', 2))!.article.bodyHtml).toBe('<p>&#60;b&#62;交接班&#60;/b&#62;应当登记。</p>');
	});

	it('rewrites a regulation only when its text changed', async () => {
		write('huiyi.md', GOOD);
		await loadRegulations(db, dir);
		const idsBefore = await db.select({ id: regulationArticles.id }).from(regulationArticles).all();
		await loadRegulations(db, dir);
		expect(await db.select({ id: regulationArticles.id }).from(regulationArticles).all()).toEqual(idsBefore);

		write('huiyi.md', GOOD.replace('第二条 本规定适用于全市机关。', '第二条 本规定适用于全市机关和事业单位。'));
		await loadRegulations(db, dir);
		const after = await db.select({ id: regulationArticles.id }).from(regulationArticles).all();
		expect(after).toHaveLength(4);
		expect(after).not.toEqual(idsBefore);
		expect((await getArticle(db, 'huiyi', 2))!.article.bodyHtml).toContain('事业单位');
	});

	it('marks a regulation whose file vanished inactive, and active again when it returns', async () => {
		write('huiyi.md', GOOD);
		write('zhiban.txt', PLAIN);
		await loadRegulations(db, dir);
		unlinkSync(join(dir, 'regulations', 'zhiban.txt'));
		expect((await loadRegulations(db, dir)).loaded).toBe(1);
		expect((await listRegulations(db)).map((r) => r.slug)).toEqual(['huiyi']);
		expect(await getRegulationText(db, 'zhiban')).toBeNull();
		expect((await db.select().from(regulations).where(eq(regulations.slug, 'zhiban')).get())?.active).toBe(false);

		write('zhiban.txt', PLAIN);
		await loadRegulations(db, dir);
		expect((await listRegulations(db)).map((r) => r.slug)).toEqual(['zhiban', 'huiyi']);
	});

	it('keeps the last good version readable while its file is broken', async () => {
		write('huiyi.md', GOOD);
		await loadRegulations(db, dir);
		write('huiyi.md', GOOD.replace('第四条', '第五条'));
		const result = await loadRegulations(db, dir);
		expect(result.errors).toHaveLength(1);
		expect(await getArticle(db, 'huiyi', 4)).not.toBeNull();
	});

	it('refuses a second file claiming the same slug', async () => {
		write('a.md', GOOD.replace('sample: true', 'slug: huiyi'));
		write('huiyi.md', GOOD);
		const result = await loadRegulations(db, dir);
		expect(result.loaded).toBe(1);
		expect(result.errors).toEqual([{ file: 'regulations/huiyi.md', line: 1, message: expect.stringContaining('huiyi') }]);
	});

	it('has nothing to load when the folder is missing', async () => {
		rmSync(join(dir, 'regulations'), { recursive: true });
		expect(await loadRegulations(db, dir)).toEqual({ loaded: 0, errors: [], warnings: [] });
	});
});

describe('regulation queries', () => {
	beforeEach(async () => {
		write('huiyi.md', GOOD);
		await loadRegulations(db, dir);
	});

	it('builds a table of contents of 编, 章 and 节 with article ranges', async () => {
		const text = (await getRegulationText(db, 'huiyi'))!;
		expect(text.articleCount).toBe(4);
		expect(text.toc).toEqual([
			{
				id: 'part-1',
				kind: 'part',
				title: '第一编 总则',
				from: '第一条',
				to: '第二条',
				children: [{ id: 'chapter-1', kind: 'chapter', title: '第一章 一般规定', from: '第一条', to: '第二条', children: [] }]
			},
			{
				id: 'part-2',
				kind: 'part',
				title: '第二编 分则',
				from: '第三条',
				to: '第四条',
				children: [
					{
						id: 'chapter-2',
						kind: 'chapter',
						title: '第二章 会议要求',
						from: '第三条',
						to: '第四条',
						children: [
							{ id: 'section-1', kind: 'section', title: '第一节 会前', from: '第三条', to: '第三条', children: [] },
							{ id: 'section-2', kind: 'section', title: '第二节 会中', from: '第四条', to: '第四条', children: [] }
						]
					}
				]
			}
		]);
		expect(text.blocks.map((b) => (b.type === 'heading' ? `${b.level}:${b.title}` : b.label))).toEqual([
			'2:第一编 总则',
			'3:第一章 一般规定',
			'第一条',
			'第二条',
			'2:第二编 分则',
			'3:第二章 会议要求',
			'4:第一节 会前',
			'第三条',
			'4:第二节 会中',
			'第四条'
		]);
	});

	it('gives one article with its context and neighbours', async () => {
		const third = (await getArticle(db, 'huiyi', 3))!;
		expect(third.article).toMatchObject({ label: '第三条', partTitle: '第二编 分则', chapterTitle: '第二章 会议要求', sectionTitle: '第一节 会前' });
		expect(third.previous).toEqual({ number: 2, label: '第二条' });
		expect(third.next).toEqual({ number: 4, label: '第四条' });
		expect((await getArticle(db, 'huiyi', 1))!.previous).toBeNull();
		expect((await getArticle(db, 'huiyi', 4))!.next).toBeNull();
		expect(await getArticle(db, 'huiyi', 5)).toBeNull();
		expect(await getArticle(db, 'nope', 1)).toBeNull();
	});

	it('names items of an item-numbered text 第N项 on their own page', async () => {
		write('yaoqiu.md', '# 清风市作风要求\n\n一、守时。\n\n二、守信。\n');
		await loadRegulations(db, dir);
		const second = (await getArticle(db, 'yaoqiu', 2))!;
		expect(second.article.label).toBe('第二项');
		expect(second.previous).toEqual({ number: 1, label: '第一项' });
		expect((await getRegulationText(db, 'yaoqiu'))!.blocks).toEqual([
			{ type: 'article', number: 1, label: '一、', bodyHtml: '<p>守时。</p>\n' },
			{ type: 'article', number: 2, label: '二、', bodyHtml: '<p>守信。</p>\n' }
		]);
	});

	it('summarizes counts of articles, 编, 章 and 节', async () => {
		expect(await regulationSummaries(db)).toEqual([
			{ slug: 'huiyi', title: '清风市会议纪律规定', sample: true, numbering: 'article', articles: 4, parts: 2, chapters: 2, sections: 2 }
		]);
	});
});
