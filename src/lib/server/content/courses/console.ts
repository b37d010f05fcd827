import { and, eq, like } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { contentFiles, courses } from '../../db/schema/index.ts';
import type { ContentIssue } from '../issues.ts';
import { readZip } from '../../uploads/zip.ts';
import { consoleCourseFolders, writeCourse } from './load.ts';
import { COURSE_DIR, parseCourseFolder, type FolderEntry, type ParsedCourse } from './parse.ts';

// Courses written or uploaded in the admin console. They are course folders like those in
// content/courses, kept as rows of content_files, parsed by the same parser and written by the
// same code: a saved lesson becomes a new lesson version exactly as an edited file would.

export type CourseSave = { ok: true; course: ParsedCourse } | { ok: false; errors: ContentIssue[] };

/** The console course folder of a course slug, if the course was made in the console. */
export async function consoleFolderOf(db: DB, slug: string): Promise<{ name: string; entries: FolderEntry[] } | null> {
	for (const [name, entries] of await consoleCourseFolders(db)) if (COURSE_DIR.exec(name)?.[2] === slug) return { name, entries };
	return null;
}

async function slugTakenByFiles(db: DB, slug: string): Promise<boolean> {
	const row = await db.select({ origin: courses.origin }).from(courses).where(and(eq(courses.slug, slug), eq(courses.active, true))).get();
	return row?.origin === 'files';
}

/**
 * Replaces a console course folder by `entries` (all its files), after parsing it: on any error
 * nothing is written. `dryRun` only parses.
 */
export async function saveCourseFolder(db: DB, input: { name: string; entries: FolderEntry[]; userId: number | null; originalName?: string; dryRun?: boolean }): Promise<CourseSave> {
	const match = COURSE_DIR.exec(input.name);
	if (!match) return { ok: false, errors: [{ file: `courses/${input.name}`, message: '课程文件夹名应为“两位序号-课程标识”，如 05-jiandu-zhize（标识只用字母、数字、- 和 _）' }] };
	if (await slugTakenByFiles(db, match[2])) {
		return { ok: false, errors: [{ file: `courses/${input.name}`, message: `课程标识“${match[2]}”已被内容目录（content/courses）中的课程使用，请换一个标识` }] };
	}
	const existing = await consoleFolderOf(db, match[2]);
	if (existing && existing.name !== input.name) return { ok: false, errors: [{ file: `courses/${input.name}`, message: `课程标识“${match[2]}”已有课程（courses/${existing.name}）` }] };
	const { course, errors } = parseCourseFolder(input.name, input.entries);
	if (!course) return { ok: false, errors };
	if (input.dryRun) return { ok: true, course };
	const now = new Date();
	await db.transaction(async (tx) => {
		await tx.delete(contentFiles).where(like(contentFiles.path, `courses/${input.name}/%`)).run();
		for (const e of input.entries) {
			if (e.kind !== 'file' || e.text === undefined) continue;
			await tx.insert(contentFiles).values({ path: `courses/${input.name}/${e.name}`, text: e.text, originalName: input.originalName ?? '', updatedBy: input.userId, updatedAt: now }).run();
		}
		await writeCourse(tx, course, 'console');
	});
	return { ok: true, course };
}

/** One file of a console course changed (or added, or removed with text null). */
export async function saveCourseFile(db: DB, input: { slug: string; file: string; text: string | null; userId: number | null }): Promise<CourseSave> {
	const folder = await consoleFolderOf(db, input.slug);
	if (!folder) return { ok: false, errors: [{ file: `courses/${input.slug}`, message: '没有找到这门课程，或它来自内容目录（请修改 content/ 中的文件）' }] };
	const entries = folder.entries.filter((e) => e.name !== input.file);
	if (input.text !== null) entries.push({ name: input.file, kind: 'file', text: input.text });
	return await saveCourseFolder(db, { name: folder.name, entries, userId: input.userId });
}

/** Reads a .zip of a course folder: the folder itself at the top, or its files at the top (then the zip's name names the folder). */
export async function courseFolderFromZip(bytes: Uint8Array, zipName: string): Promise<{ ok: true; name: string; entries: FolderEntry[] } | { ok: false; message: string }> {
	const zip = await readZip(bytes, { maxEntries: 500, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 20 * 1024 * 1024 });
	if (!zip.ok) return { ok: false, message: zip.message };
	const names = [...zip.entries.keys()].filter((n) => !/(^|\/)(__MACOSX|\.)/.test(n));
	const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
	const single = tops.size === 1 && !tops.has('') ? [...tops][0] : null;
	const name = single ?? zipName.replace(/\.zip$/i, '');
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const entries: FolderEntry[] = [];
	for (const n of names) {
		const rel = single ? n.slice(single.length + 1) : n;
		if (!rel) continue;
		if (rel.includes('/')) {
			const dir = rel.split('/')[0];
			if (!entries.some((e) => e.name === dir)) entries.push({ name: dir, kind: 'dir' });
			continue;
		}
		if (!rel.endsWith('.md')) continue; // images and notes are allowed beside the lessons, not loaded
		let text: string;
		try {
			text = decoder.decode(zip.entries.get(n)).replace(/^\uFEFF/, '');
		} catch {
			return { ok: false, message: `压缩包中的“${rel}”不是 UTF-8 编码的文本` };
		}
		entries.push({ name: rel, kind: 'file', text });
	}
	if (!entries.some((e) => e.name === 'course.md')) return { ok: false, message: '压缩包中没有 course.md：请压缩整个课程文件夹（如 05-jiandu-zhize/，内含 course.md 和 01-xxx.md 课时文件）' };
	return { ok: true, name, entries };
}

/** The Markdown source of a new console course: course.md and a first lesson. */
export function newCourseEntries(input: { title: string; summary: string; lessonTitle: string; lessonBody: string }): FolderEntry[] {
	const yaml = (v: string) => JSON.stringify(v);
	return [
		{ name: 'course.md', kind: 'file', text: `---\ntitle: ${yaml(input.title)}\nsummary: ${yaml(input.summary)}\n---\n` },
		{ name: '01-lesson-1.md', kind: 'file', text: `---\ntitle: ${yaml(input.lessonTitle)}\n---\n${input.lessonBody.trim()}\n` }
	];
}
