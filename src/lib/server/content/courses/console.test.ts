import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from '../../db/testing.ts';
import type { DB } from '../../db/client.ts';
import { courses, lessons, lessonVersions } from '../../db/schema/index.ts';
import { zip } from '../../../../../tests/support/documents.ts';
import { loadContent } from '../index.ts';
import { courseFolderFromZip, newCourseEntries, saveCourseFile, saveCourseFolder } from './console.ts';

let db: DB;
beforeEach(async () => {
	db = await createTestDatabase();
});

const versionsOf = async (slug: string) => {
	const course = (await db.select().from(courses).where(eq(courses.slug, slug)).get())!;
	const lesson = (await db.select().from(lessons).where(and(eq(lessons.courseId, course.id), eq(lessons.slug, 'lesson-1'))).get())!;
	return await db.select({ title: lessonVersions.title }).from(lessonVersions).where(eq(lessonVersions.lessonId, lesson.id)).orderBy(lessonVersions.id).all();
};

describe('courses written in the console', () => {
	it('are versioned like files and survive a reload of content/', async () => {
		const created = await saveCourseFolder(db, { name: '50-zhiban', entries: newCourseEntries({ title: '值班制度学习', summary: '', lessonTitle: '第一课', lessonBody: '值班人员应当坚守岗位。' }), userId: null });
		expect(created.ok).toBe(true);
		const edited = await saveCourseFile(db, { slug: 'zhiban', file: '01-lesson-1.md', text: '---\ntitle: 第一课（修订）\n---\n值班人员应当坚守岗位，不得擅离职守。\n', userId: null });
		expect(edited.ok).toBe(true);
		expect(await versionsOf('zhiban')).toEqual([{ title: '第一课' }, { title: '第一课（修订）' }]);
		await loadContent(db, mkdtempSync(join(tmpdir(), 'qf-empty-')));
		expect((await db.select().from(courses).where(eq(courses.slug, 'zhiban')).get())).toMatchObject({ active: true, origin: 'console' });
	});

	it('refuses an edit that does not parse, keeping the saved text', async () => {
		await saveCourseFolder(db, { name: '50-zhiban', entries: newCourseEntries({ title: '值班制度学习', summary: '', lessonTitle: '第一课', lessonBody: '正文。' }), userId: null });
		const broken = await saveCourseFile(db, { slug: 'zhiban', file: '01-lesson-1.md', text: '---\nmin_read_seconds: 0\n---\n', userId: null });
		expect(broken).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('title') })]) });
		expect(await versionsOf('zhiban')).toEqual([{ title: '第一课' }]);
	});

	it('are uploaded as a .zip of a course folder', async () => {
		const bytes = zip({ '05-jiandu/course.md': '---\ntitle: 监督课程\n---\n', '05-jiandu/01-gailan.md': '---\ntitle: 概览\n---\n正文。\n', '05-jiandu/cover.png': new Uint8Array([1, 2]) });
		const folder = await courseFolderFromZip(bytes, '课程.zip');
		expect(folder).toMatchObject({ ok: true, name: '05-jiandu' });
		if (folder.ok) expect(folder.entries.map((e) => e.name)).toEqual(['course.md', '01-gailan.md']);
		expect(await courseFolderFromZip(zip({ 'readme.txt': 'x' }), 'x.zip')).toMatchObject({ ok: false, message: expect.stringContaining('course.md') });
	});
});
