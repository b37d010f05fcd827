import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestDatabase, TEST_ENGINE } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { openPostgres } from '../db/postgres.ts';
import { loadCourses } from './courses/load.ts';
import { contentCatalog } from './catalog.ts';
import { lessonPage } from '../reading/lesson.ts';
import { quizOverview } from '../quizzes/attempts.ts';

// Pages read courses and lessons from memory; what is shown must still be what was loaded last,
// in this process at once and, on PostgreSQL, in every other process too.

let dir: string;
let db: DB;

function write(path: string, text: string) {
	const full = join(dir, path);
	mkdirSync(dirname(full), { recursive: true });
	writeFileSync(full, text);
}

function writeCourse(firstTitle: string, body: string) {
	write('courses/01-demo/course.md', '---\ntitle: 演示课程\nsummary: 简介\ncategory: 准则\n---\n课程说明。\n');
	write('courses/01-demo/01-first.md', `---\ntitle: ${firstTitle}\nmin_read_seconds: 30\n---\n${body}\n`);
	write('courses/01-demo/02-second.md', '---\ntitle: 第二课\n---\n第二课正文。\n');
}

const QUESTION = (id: string) => `## 判断题 {#${id}}\n陈述${id}。\n> 答案：对\n> 解析：因为。\n> 依据：sample-lianzheng-guize#1\n`;
const writeQuiz = (ids: string[]) => write('courses/01-demo/quiz.md', `---\ntitle: 测验\npass_score: 60\n---\n${ids.map(QUESTION).join('\n')}`);

const page = (target: DB) => lessonPage(target, { userId: 1, courseSlug: 'demo', lessonSlug: 'first' });

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qf-catalog-'));
	db = await createTestDatabase();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('content kept in memory', () => {
	it('shows a reloaded lesson at once, and forgets a course that was removed', async () => {
		writeCourse('第一课', '旧的正文。');
		await loadCourses(db, dir);
		expect((await page(db))?.lesson).toMatchObject({ title: '第一课', position: 1, total: 2 });
		expect((await contentCatalog(db)).courseBySlug.get('demo')?.lessons.map((l) => l.title)).toEqual(['第一课', '第二课']);

		writeCourse('第一课（修订）', '新的正文。');
		write('courses/01-demo/03-third.md', '---\ntitle: 第三课\n---\n第三课正文。\n');
		await loadCourses(db, dir);
		const after = await page(db);
		expect(after?.lesson).toMatchObject({ title: '第一课（修订）', position: 1, total: 3 });
		expect(after?.version.charCount).toBe('新的正文。'.length);
		expect((await contentCatalog(db)).courseBySlug.get('demo')?.lessons.map((l) => l.title)).toEqual(['第一课（修订）', '第二课', '第三课']);

		writeQuiz(['q1']);
		await loadCourses(db, dir);
		expect((await quizOverview(db, { userId: 1, courseSlug: 'demo' }))?.quiz.questionCount).toBe(1);
		writeQuiz(['q1', 'q2']);
		await loadCourses(db, dir);
		expect((await quizOverview(db, { userId: 1, courseSlug: 'demo' }))?.quiz.questionCount).toBe(2);

		rmSync(join(dir, 'courses'), { recursive: true });
		await loadCourses(db, dir);
		expect(await page(db)).toBeNull();
		expect((await contentCatalog(db)).courses).toEqual([]);
		expect(await quizOverview(db, { userId: 1, courseSlug: 'demo' })).toBeNull();
	});

	it.runIf(TEST_ENGINE === 'postgres')('another process on the same PostgreSQL shows the change too', async () => {
		writeCourse('第一课', '旧的正文。');
		await loadCourses(db, dir);
		const url = (db.$engine as unknown as { url: string }).url;
		const other = openPostgres(url, { max: 2 });
		try {
			expect((await page(other.db))?.lesson.title).toBe('第一课');
			writeCourse('第一课（修订）', '新的正文。');
			await loadCourses(db, dir);
			// The other process hears of it through LISTEN/NOTIFY, a moment after the commit.
			let title: string | undefined;
			for (let i = 0; i < 50 && title !== '第一课（修订）'; i++) {
				await new Promise((r) => setTimeout(r, 100));
				title = (await page(other.db))?.lesson.title;
			}
			expect(title).toBe('第一课（修订）');
		} finally {
			await other.close();
		}
	});
});
