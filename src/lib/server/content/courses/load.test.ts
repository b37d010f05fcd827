import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase } from '../../db/testing.ts';
import { type DB } from '../../db/client.ts';
import { courses, lessons, lessonVersions, questions, questionSets } from '../../db/schema/index.ts';
import { loadCourses } from './load.ts';
import { defaultMinReadSeconds } from './parse.ts';

let dir: string;
let db: DB;

function write(path: string, text: string) {
	const full = join(dir, path);
	mkdirSync(dirname(full), { recursive: true });
	writeFileSync(full, text);
}

const QUIZ = `---
title: 测验
pass_score: 75
time_limit_minutes: 10
---
## 判断题 {#q1}
陈述一。
> 答案：对
> 解析：因为。
> 依据：sample-lianzheng-guize#1

## 单选题 {#q2}
问？
- [ ] 甲
- [x] 乙
> 解析：因为。
> 依据：sample-lianzheng-guize#2
`;

function writeCourse(name = '01-demo', extra: Record<string, string> = {}) {
	write(`courses/${name}/course.md`, '---\ntitle: 演示课程\nsummary: 简介\ncategory: 准则\n---\n课程说明。\n');
	write(`courses/${name}/01-first.md`, '---\ntitle: 第一课\nmin_read_seconds: 30\nrefs: [sample-lianzheng-guize#1]\n---\n第一课正文。\n');
	write(`courses/${name}/02-second.md`, '---\ntitle: 第二课\n---\n第二课正文。\n');
	write(`courses/${name}/quiz.md`, QUIZ);
	for (const [file, text] of Object.entries(extra)) write(`courses/${name}/${file}`, text);
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qf-courses-'));
	db = await createTestDatabase();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCourses', () => {
	it('loads a course, its lessons with versions, and its quiz', async () => {
		writeCourse();
		const report = await loadCourses(db, dir);
		expect(report).toEqual({ courses: 1, lessons: 2, questions: 2, errors: [] });
		const course = (await db.select().from(courses).get())!;
		expect(course).toMatchObject({ slug: 'demo', title: '演示课程', summary: '简介', category: '准则', sortOrder: 1, active: true });
		expect(course.introHtml).toContain('课程说明');
		const rows = await db.select().from(lessons).orderBy(asc(lessons.ordinal)).all();
		expect(rows.map((l) => [l.slug, l.title, l.minReadSeconds, l.refs])).toEqual([
			['first', '第一课', 30, ['sample-lianzheng-guize#1']],
			['second', '第二课', defaultMinReadSeconds(6), []]
		]);
		const version = (await db.select().from(lessonVersions).where(eq(lessonVersions.id, rows[0].currentVersionId!)).get())!;
		expect(version.bodyHtml.trim()).toBe('<p>第一课正文。</p>');
		const set = (await db.select().from(questionSets).get())!;
		expect(set).toMatchObject({ slug: 'course/demo', kind: 'course-quiz', courseId: course.id, passScore: 75, timeLimitMinutes: 10, active: true });
		expect(await db.select({ key: questions.key, answer: questions.answer }).from(questions).orderBy(asc(questions.ordinal)).all()).toEqual([
			{ key: 'q1', answer: ['true'] },
			{ key: 'q2', answer: ['B'] }
		]);
	});

	it('estimates a reading minimum from length: 500 characters a minute, between 20 s and 10 min', () => {
		expect(defaultMinReadSeconds(10)).toBe(20);
		expect(defaultMinReadSeconds(1000)).toBe(120);
		expect(defaultMinReadSeconds(100000)).toBe(600);
	});

	it('is idempotent: loading unchanged content twice adds no rows', async () => {
		writeCourse();
		await loadCourses(db, dir);
		await loadCourses(db, dir);
		expect(await db.select().from(lessonVersions).all()).toHaveLength(2);
		expect(await db.select().from(questions).all()).toHaveLength(2);
		expect(await db.select().from(courses).all()).toHaveLength(1);
	});

	it('adds a lesson version when the text changes, keeps the old one, and reuses it when the edit is reverted', async () => {
		writeCourse();
		await loadCourses(db, dir);
		const lesson = (await db.select().from(lessons).where(eq(lessons.slug, 'first')).get())!;
		const v1 = lesson.currentVersionId!;

		write('courses/01-demo/01-first.md', '---\ntitle: 第一课\nmin_read_seconds: 30\n---\n第一课正文，已修订。\n');
		await loadCourses(db, dir);
		const v2 = (await db.select().from(lessons).where(eq(lessons.id, lesson.id)).get())!.currentVersionId!;
		expect(v2).not.toBe(v1);
		expect(await db.select().from(lessonVersions).where(eq(lessonVersions.lessonId, lesson.id)).all()).toHaveLength(2);

		// Changing only the reading minimum is not a new text to sign.
		write('courses/01-demo/01-first.md', '---\ntitle: 第一课\nmin_read_seconds: 60\n---\n第一课正文，已修订。\n');
		await loadCourses(db, dir);
		const after = (await db.select().from(lessons).where(eq(lessons.id, lesson.id)).get())!;
		expect([after.currentVersionId, after.minReadSeconds]).toEqual([v2, 60]);

		write('courses/01-demo/01-first.md', '---\ntitle: 第一课\nmin_read_seconds: 30\nrefs: [sample-lianzheng-guize#1]\n---\n第一课正文。\n');
		await loadCourses(db, dir);
		expect((await db.select().from(lessons).where(eq(lessons.id, lesson.id)).get())!.currentVersionId).toBe(v1);
	});

	it('keeps question rows immutable: a changed question gets a new row and the old one is deactivated', async () => {
		writeCourse();
		await loadCourses(db, dir);
		const before = (await db.select().from(questions).where(eq(questions.key, 'q2')).get())!;
		write('courses/01-demo/quiz.md', QUIZ.replace('- [ ] 甲\n- [x] 乙', '- [x] 甲\n- [ ] 乙'));
		await loadCourses(db, dir);
		const rows = await db.select().from(questions).where(eq(questions.key, 'q2')).orderBy(asc(questions.id)).all();
		expect(rows.map((r) => [r.id, r.answer, r.active])).toEqual([
			[before.id, ['B'], false],
			[expect.any(Number), ['A'], true]
		]);
		expect(await db.select().from(questions).where(eq(questions.key, 'q1')).all()).toHaveLength(1);
	});

	it('marks vanished lessons, quizzes and courses inactive but keeps their rows', async () => {
		writeCourse('01-demo');
		writeCourse('02-other');
		await loadCourses(db, dir);
		rmSync(join(dir, 'courses/01-demo/02-second.md'));
		rmSync(join(dir, 'courses/01-demo/quiz.md'));
		rmSync(join(dir, 'courses/02-other'), { recursive: true });
		const report = await loadCourses(db, dir);
		expect(report.courses).toBe(1);
		const byslug = Object.fromEntries((await db.select().from(courses).all()).map((c) => [c.slug, c.active]));
		expect(byslug).toEqual({ demo: true, other: false });
		const demo = (await db.select().from(courses).where(eq(courses.slug, 'demo')).get())!;
		expect(await db.select({ slug: lessons.slug, active: lessons.active }).from(lessons).where(eq(lessons.courseId, demo.id)).orderBy(asc(lessons.ordinal)).all()).toEqual([
			{ slug: 'first', active: true },
			{ slug: 'second', active: false }
		]);
		expect(await db.select({ slug: questionSets.slug, active: questionSets.active }).from(questionSets).orderBy(asc(questionSets.slug)).all()).toEqual([
			{ slug: 'course/demo', active: false },
			{ slug: 'course/other', active: false }
		]);
	});

	it('reports a broken file with file and line, skips that course keeping its previous state, and loads the others', async () => {
		writeCourse('01-demo');
		writeCourse('02-other');
		await loadCourses(db, dir);
		write('courses/01-demo/01-first.md', '---\ntitle: 第一课（改）\nmin_read: 30\n---\n新正文。\n');
		write('courses/02-other/02-second.md', '---\ntitle: 第二课\n---\n第二课正文（改）。\n');
		const report = await loadCourses(db, dir);
		expect(report.errors).toEqual([{ file: 'courses/01-demo/01-first.md', line: 3, message: expect.stringContaining('未知的文件头字段“min_read”') }]);
		expect(report.courses).toBe(1);
		const demo = (await db.select().from(courses).where(eq(courses.slug, 'demo')).get())!;
		expect(demo.active).toBe(true);
		const first = (await db.select().from(lessons).where(eq(lessons.courseId, demo.id)).orderBy(asc(lessons.ordinal)).get())!;
		expect(first.title).toBe('第一课');
		expect(await db.select().from(lessonVersions).where(eq(lessonVersions.lessonId, first.id)).all()).toHaveLength(1);
		const other = (await db.select().from(courses).where(eq(courses.slug, 'other')).get())!;
		const otherSecond = (await db.select().from(lessons).where(eq(lessons.courseId, other.id)).all()).find((l) => l.slug === 'second')!;
		expect(await db.select().from(lessonVersions).where(eq(lessonVersions.lessonId, otherSecond.id)).all()).toHaveLength(2);
	});

	it('reports every kind of broken course file', async () => {
		write('courses/demo-without-number/course.md', '---\ntitle: x\n---\n');
		write('courses/02-no-course-md/01-a.md', '---\ntitle: a\n---\n正文\n');
		write('courses/03-bad-front/course.md', '---\nsummary: 没有标题\npass_score: 120\n---\n');
		write('courses/03-bad-front/01-a.md', '正文没有文件头\n');
		write('courses/03-bad-front/02-b.md', '---\ntitle: b\nrefs: 准则第五条\n---\n\n');
		write('courses/03-bad-front/notes.md', '说明\n');
		write('courses/03-bad-front/quiz.md', '## 单选题\n问？\n- [x] 甲\n- [x] 乙\n> 解析：因为。\n> 依据：x#1\n');
		write('courses/04-empty/course.md', '---\ntitle: 空课程\n---\n');
		const report = await loadCourses(db, dir);
		expect(report.courses).toBe(0);
		const messages = report.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`);
		expect(messages).toEqual([
			expect.stringMatching(/^courses\/02-no-course-md\/course\.md: 缺少 course\.md/),
			expect.stringMatching(/^courses\/03-bad-front\/course\.md:1 文件头缺少必填字段“title”/),
			expect.stringMatching(/^courses\/03-bad-front\/course\.md:3 文件头字段“pass_score”应为 0 到 100 之间的整数/),
			expect.stringMatching(/^courses\/03-bad-front\/01-a\.md:1 缺少文件头/),
			expect.stringMatching(/^courses\/03-bad-front\/02-b\.md:3 文件头 refs 中“准则第五条”格式不对/),
			expect.stringMatching(/^courses\/03-bad-front\/02-b\.md:5 课时正文为空/),
			expect.stringMatching(/^courses\/03-bad-front\/notes\.md: 无法识别的文件/),
			expect.stringMatching(/^courses\/03-bad-front\/quiz\.md:1 单选题：单选题必须恰好有一个正确选项/),
			expect.stringMatching(/^courses\/04-empty: 课程中没有课时文件/),
			expect.stringMatching(/^courses\/demo-without-number: 课程文件夹名应为/)
		]);
	});

	it('refuses a second folder with the same course slug', async () => {
		writeCourse('01-demo');
		writeCourse('02-demo');
		const report = await loadCourses(db, dir);
		expect(report.errors).toEqual([{ file: 'courses/02-demo', message: expect.stringContaining('课程标识“demo”与 courses/01-demo 重复') }]);
		expect((await db.select().from(courses).get())!.sourcePath).toBe('courses/01-demo');
	});
});
