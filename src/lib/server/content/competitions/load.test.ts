import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from '../../db/testing.ts';
import { questions, questionSets } from '../../db/schema/index.ts';
import { loadCompetitions } from './load.ts';

const GOOD = `---
title: 主题党日知识竞赛
---

## 单选题 {#a}
题干一？

- [x] 对的
- [ ] 错的

> 解析：说明。
> 依据：lianjie-zilv-zhunze-2015#5

## 判断题 {#b}
题干二。

> 答案：错误
> 解析：说明。
> 依据：lianjie-zilv-zhunze-2015#6
`;

function dirWith(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'qf-comp-'));
	mkdirSync(join(dir, 'competitions'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'competitions', name), text);
	return dir;
}

describe('loadCompetitions', () => {
	it('loads each file as a competition question set', async () => {
		const db = await createTestDatabase();
		const report = await loadCompetitions(db, dirWith({ 'dangri.md': GOOD }));
		expect(report).toEqual({ sets: 1, questions: 2, errors: [] });
		const set = (await db.select().from(questionSets).where(eq(questionSets.slug, 'competition/dangri')).get())!;
		expect(set).toMatchObject({ kind: 'competition', title: '主题党日知识竞赛', active: true });
		expect((await db.select().from(questions).where(eq(questions.setId, set.id)).all()).map((q) => [q.key, q.type, q.answer])).toEqual([
			['a', 'single', ['A']],
			['b', 'truefalse', ['false']]
		]);
	});

	it('reports a broken file with file and line, keeps its earlier version, and loads the others', async () => {
		const db = await createTestDatabase();
		const dir = dirWith({ 'dangri.md': GOOD });
		await loadCompetitions(db, dir);
		writeFileSync(join(dir, 'competitions', 'dangri.md'), GOOD.replace('> 答案：错误', '> 答案：也许'));
		writeFileSync(join(dir, 'competitions', 'other.md'), GOOD.replace('title: 主题党日知识竞赛', 'title: 另一套\ncolour: red'));
		writeFileSync(join(dir, 'competitions', 'third.md'), GOOD.replace('主题党日知识竞赛', '第三套'));
		const report = await loadCompetitions(db, dir);
		expect(report.sets).toBe(1);
		expect(report.errors).toContainEqual(expect.objectContaining({ file: 'competitions/dangri.md', line: 17 }));
		expect(report.errors).toContainEqual(expect.objectContaining({ file: 'competitions/other.md', line: 3, message: expect.stringContaining('colour') }));
		const old = (await db.select().from(questionSets).where(eq(questionSets.slug, 'competition/dangri')).get())!;
		expect(old.active).toBe(true);
		expect(await db.select().from(questions).where(and(eq(questions.setId, old.id), eq(questions.active, true))).all()).toHaveLength(2);
	});

	it('deactivates the set of a file that was removed', async () => {
		const db = await createTestDatabase();
		await loadCompetitions(db, dirWith({ 'dangri.md': GOOD }));
		await loadCompetitions(db, dirWith({}));
		expect((await db.select().from(questionSets).where(eq(questionSets.slug, 'competition/dangri')).get())!.active).toBe(false);
	});
});
