// Shared set-up for the learning tests: a database with a small course loaded from real files
// through the real loader, and people to learn it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestDatabase } from '../db/testing.ts';
import { type DB } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { loadCourses } from '../content/courses/load.ts';

export const LESSON_ONE = '---\ntitle: 第一课\nmin_read_seconds: 30\n---\n第一课正文。\n';
export const LESSON_TWO = '---\ntitle: 第二课\nmin_read_seconds: 40\n---\n第二课正文。\n';
export const QUIZ = `---
title: 演示测验
pass_score: 75
---
## 单选题 {#s}
几条？
- [ ] 二条
- [x] 四条
- [ ] 六条
> 解析：四条。
> 依据：sample-lianzheng-guize#5

## 多选题 {#m}
哪些？
- [x] 甲
- [ ] 乙
- [x] 丙
> 解析：甲丙。
> 依据：sample-lianzheng-guize#6

## 判断题 {#t}
陈述。
> 答案：错误
> 解析：不对。
> 依据：sample-lianzheng-guize#7

## 填空题 {#f}
反对____，落实________。
> 答案：四风；八项规定|中央八项规定
> 解析：如此。
> 依据：sample-lianzheng-guize#8
`;

export type Fixture = { db: DB; dir: string; write: (path: string, text: string) => void; reload: () => Promise<void>; cleanup: () => void };

export async function courseFixture(files: Record<string, string> = {}): Promise<Fixture> {
	const dir = mkdtempSync(join(tmpdir(), 'qf-learning-'));
	const db = await createTestDatabase();
	const write = (path: string, text: string) => {
		const full = join(dir, path);
		mkdirSync(dirname(full), { recursive: true });
		writeFileSync(full, text);
	};
	const defaults: Record<string, string> = {
		'courses/01-demo/course.md': '---\ntitle: 演示课程\n---\n说明。\n',
		'courses/01-demo/01-first.md': LESSON_ONE,
		'courses/01-demo/02-second.md': LESSON_TWO,
		'courses/01-demo/quiz.md': QUIZ
	};
	for (const [path, text] of Object.entries({ ...defaults, ...files })) write(path, text);
	const reload = async () => {
		const report = await loadCourses(db, dir);
		if (report.errors.length) throw new Error(JSON.stringify(report.errors));
	};
	await reload();
	return { db, dir, write, reload, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function makeUser(db: DB, username: string): Promise<number> {
	const unitId = (await createUnit(db, { parentId: null, name: `单位-${username}` })).id;
	return (await db.insert(users).values({ username, name: username, orgUnitId: unitId, passwordHash: 'x', mustChangePassword: false }).returning({ id: users.id }).get()).id;
}

export const at = (iso: string) => new Date(`2026-03-01T${iso}+08:00`);
