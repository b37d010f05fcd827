import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../db/testing.ts';
import type { DB } from '../../db/client.ts';
import { loadContent } from '../index.ts';
import { search, snippet } from './search.ts';

let db: DB;
beforeAll(async () => {
	db = await createTestDatabase();
	const dir = mkdtempSync(join(tmpdir(), 'qf-search-'));
	mkdirSync(join(dir, 'regulations'));
	mkdirSync(join(dir, 'courses', '01-demo'), { recursive: true });
	writeFileSync(join(dir, 'regulations', 'huiyi-2018.md'), '---\ntitle: 清风市会议纪律规定\n---\n第一条 参会人员不得收受会议主办方赠送的纪念品。\n第二条 会议期间手机应当静音。\n');
	writeFileSync(join(dir, 'regulations', 'huiyi-2024.md'), '---\ntitle: 清风市会议纪律规定\n---\n第一条 参会人员不得收受会议主办方赠送的礼品和纪念品。\n第二条 会议期间手机应当静音。\n');
	writeFileSync(join(dir, 'courses', '01-demo', 'course.md'), '---\ntitle: 演示课程\n---\n');
	writeFileSync(join(dir, 'courses', '01-demo', '01-a.md'), '---\ntitle: 礼品礼金要拒收\n---\n收受礼品是违纪行为。\n');
	writeFileSync(join(dir, 'courses', '01-demo', 'quiz.md'), '## 判断题 {#q1}\n可以收受管理服务对象的礼品。\n> 答案：错误\n> 解析：答案就在这里。\n> 依据：huiyi-2024#1\n');
	const report = await loadContent(db, dir);
	expect(report.errors).toEqual([]);
});

describe('search', () => {
	it('finds an article of the current edition by a phrase inside it, with the words marked and a deep link', async () => {
		const r = await search(db, '纪念品', 'learner');
		const articles = r.hits.filter((h) => h.kind === 'article');
		expect(articles.map((h) => h.href)).toEqual(['/regulations/huiyi-2024/1']);
		expect(articles[0].snippet.filter((s) => s.mark).map((s) => s.text)).toEqual(['纪念品']);
	});

	it('searches two-character words, several terms at once, lessons and quiz stems (not the explanation) for learners', async () => {
		const r = await search(db, '礼品', 'learner');
		expect(r.hits.map((h) => h.kind).sort()).toEqual(['article', 'lesson', 'question']);
		const question = r.hits.find((h) => h.kind === 'question')!;
		expect(question.snippet.map((s) => s.text).join('')).not.toContain('答案就在这里');
		expect((await search(db, '会议 静音', 'learner')).hits.map((h) => h.href)).toEqual(['/regulations/huiyi-2024/2']);
		expect((await search(db, '没有这个词', 'learner')).hits).toEqual([]);
		expect((await search(db, '   ', 'learner')).hits).toEqual([]);
	});

	it('treats query text as text, not as search syntax', async () => {
		for (const q of ['"', 'AND OR', '%', '_', "'); drop table users; --", 'NEAR(a b)']) await expect(search(db, q, 'admin')).resolves.toMatchObject({ query: q });
	});
});

describe('snippet', () => {
	it('marks every occurrence of every term', () => {
		expect(snippet('甲乙丙甲', ['甲'])).toEqual([
			{ text: '甲', mark: true },
			{ text: '乙丙', mark: false },
			{ text: '甲', mark: true }
		]);
	});
});
