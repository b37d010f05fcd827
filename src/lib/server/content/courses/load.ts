import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, like, notInArray } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { contentFiles, courses, lessons, lessonVersions, questions, questionSets } from '../../db/schema/index.ts';
import type { ContentIssue } from '../issues.ts';
import type { Difficulty } from '../../../vocabulary.ts';
import { indexLesson, indexQuestion } from '../search/documents.ts';
import { contentChanged } from '../catalog.ts';
import { COURSE_DIR, parseCourseFolder, readCourseFolder, type FolderEntry, type ParsedCourse } from './parse.ts';

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

/** The question set of a course quiz; competitions use their own slug space. */
export function courseQuizSlug(courseSlug: string): string {
	return `course/${courseSlug}`;
}

/**
 * Mirrors content/courses into the database. Each course is parsed completely first and written
 * in its own transaction; a course with any error is reported and left as it was in the
 * database, so a typo in one lesson never takes down the other courses (or this course's history).
 */
export async function loadCourses(db: DB, dir: string): Promise<{ courses: number; lessons: number; questions: number; errors: ContentIssue[] }> {
	const coursesDir = join(dir, 'courses');
	const names = existsSync(coursesDir)
		? readdirSync(coursesDir)
				.filter((n) => !n.startsWith('.') && statSync(join(coursesDir, n)).isDirectory())
				.sort()
		: [];
	const errors: ContentIssue[] = [];
	const present = new Set<string>();
	const counts = { courses: 0, lessons: 0, questions: 0 };
	const firstDirBySlug = new Map<string, string>();
	// Courses written in the admin console come first: their slugs are taken.
	const consoleFolders = await consoleCourseFolders(db);
	const folders: { name: string; origin: 'files' | 'console'; entries: () => FolderEntry[] }[] = [
		...[...consoleFolders].map(([name, entries]) => ({ name, origin: 'console' as const, entries: () => entries })),
		...names.map((name) => ({ name, origin: 'files' as const, entries: () => readCourseFolder(dir, name) }))
	];

	for (const { name, origin, entries } of folders) {
		const slug = COURSE_DIR.exec(name)?.[2];
		if (slug) {
			present.add(slug);
			const first = firstDirBySlug.get(slug);
			if (first) {
				errors.push({ file: `courses/${name}`, message: `课程标识“${slug}”与 courses/${first} 重复，此文件夹未加载` });
				continue;
			}
			firstDirBySlug.set(slug, origin === 'console' ? `${name}（管理后台）` : name);
		}
		const { course, errors: courseErrors } = parseCourseFolder(name, entries());
		errors.push(...courseErrors);
		if (!course) continue;
		await db.transaction(async (tx) => await writeCourse(tx, course, origin));
		counts.courses++;
		counts.lessons += course.lessons.length;
		counts.questions += course.quiz?.questions.length ?? 0;
	}

	// Folders that vanished: hide the course (its history stays). Broken folders count as present.
	const gone = await db
		.select({ id: courses.id, slug: courses.slug })
		.from(courses)
		.where(and(eq(courses.active, true), present.size ? notInArray(courses.slug, [...present]) : undefined))
		.all();
	if (gone.length) {
		await db.transaction(async (tx) => {
			for (const c of gone) {
				await tx.update(courses).set({ active: false }).where(eq(courses.id, c.id)).run();
				await tx.update(questionSets).set({ active: false }).where(eq(questionSets.courseId, c.id)).run();
			}
			await contentChanged(tx);
		});
	}
	return { ...counts, errors };
}

/** Course folders kept in the database (written or uploaded in the admin console), by folder name. */
export async function consoleCourseFolders(db: DB): Promise<Map<string, FolderEntry[]>> {
	const rows = await db.select({ path: contentFiles.path, text: contentFiles.text }).from(contentFiles).where(like(contentFiles.path, 'courses/%')).orderBy(contentFiles.path).all();
	const folders = new Map<string, FolderEntry[]>();
	for (const r of rows) {
		const [, folder, file] = r.path.split('/');
		if (!folder || !file) continue;
		folders.set(folder, [...(folders.get(folder) ?? []), { name: file, kind: 'file', text: r.text }]);
	}
	return folders;
}

export async function writeCourse(tx: Tx, parsed: ParsedCourse, origin: 'files' | 'console' = 'files'): Promise<void> {
	await contentChanged(tx); // heard at commit
	const now = new Date();
	const values = {
		origin,
		title: parsed.title,
		summary: parsed.summary,
		category: parsed.category,
		sortOrder: parsed.ordinal,
		introHtml: parsed.introHtml,
		sourcePath: parsed.dir,
		contentHash: parsed.hash,
		active: true
	};
	const existing = await tx.select({ id: courses.id, hash: courses.contentHash, active: courses.active }).from(courses).where(eq(courses.slug, parsed.slug)).get();
	let courseId: number;
	if (existing) {
		courseId = existing.id;
		const changed = existing.hash !== parsed.hash || !existing.active;
		await tx.update(courses).set(changed ? { ...values, updatedAt: now } : values).where(eq(courses.id, courseId)).run();
	} else {
		courseId = (await tx.insert(courses).values({ slug: parsed.slug, ...values, updatedAt: now }).returning({ id: courses.id }).get()).id;
	}

	const keptLessonIds: number[] = [];
	for (const lesson of parsed.lessons) {
		const lessonValues = {
			ordinal: lesson.ordinal,
			title: lesson.title,
			minReadSeconds: lesson.minReadSeconds,
			refs: lesson.refs,
			sourcePath: lesson.file,
			active: true
		};
		const row = await tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.courseId, courseId), eq(lessons.slug, lesson.slug))).get();
		const lessonId = row
			? (await tx.update(lessons).set(lessonValues).where(eq(lessons.id, row.id)).run(), row.id)
			: (await tx.insert(lessons).values({ courseId, slug: lesson.slug, ...lessonValues }).returning({ id: lessons.id }).get()).id;
		keptLessonIds.push(lessonId);

		// A text seen before (e.g. an edit that was reverted) reuses its version, so its signatures count again.
		const version = await tx
			.select({ id: lessonVersions.id })
			.from(lessonVersions)
			.where(and(eq(lessonVersions.lessonId, lessonId), eq(lessonVersions.contentHash, lesson.hash)))
			.get();
		const versionId = version
			? (await tx.update(lessonVersions).set({ bodyHtml: lesson.bodyHtml }).where(eq(lessonVersions.id, version.id)).run(), version.id)
			: (await tx
					.insert(lessonVersions)
					.values({ lessonId, contentHash: lesson.hash, title: lesson.title, bodyHtml: lesson.bodyHtml, charCount: lesson.charCount, createdAt: now })
					.returning({ id: lessonVersions.id })
					.get()).id;
		await tx.update(lessons).set({ currentVersionId: versionId }).where(eq(lessons.id, lessonId)).run();
		await indexLesson(tx, lessonId, lesson.title, lesson.body);
	}
	await tx.update(lessons)
		.set({ active: false })
		.where(and(eq(lessons.courseId, courseId), notInArray(lessons.id, keptLessonIds)))
		.run();

	const setSlug = courseQuizSlug(parsed.slug);
	const set = await tx.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, setSlug)).get();
	const quiz = parsed.quiz;
	if (!quiz) {
		if (set) await tx.update(questionSets).set({ active: false }).where(eq(questionSets.id, set.id)).run();
		return;
	}
	const setValues = {
		kind: 'course-quiz' as const,
		courseId,
		title: quiz.title,
		passScore: quiz.passScore,
		timeLimitMinutes: quiz.timeLimitMinutes,
		introHtml: quiz.introHtml,
		sourcePath: quiz.file,
		contentHash: quiz.hash,
		active: true
	};
	const setId = set
		? (await tx.update(questionSets).set(setValues).where(eq(questionSets.id, set.id)).run(), set.id)
		: (await tx.insert(questionSets).values({ slug: setSlug, ...setValues }).returning({ id: questionSets.id }).get()).id;
	await syncQuestions(tx, setId, quiz.questions);
}

/**
 * Question rows are immutable: an unchanged question keeps its row (only its position may move),
 * a changed one gets a new row and the old row is deactivated, so past attempts still show what
 * was asked and what counted as right at the time.
 */
export async function syncQuestions(
	tx: Tx,
	setId: number,
	parsed: {
		key: string;
		type: (typeof questions.$inferInsert)['type'];
		stem: string;
		options: { key: string; text: string }[];
		answer: string[] | string[][];
		explanation: string;
		refs: string[];
		hash: string;
		category?: string;
		difficulty?: Difficulty;
	}[]
): Promise<void> {
	const kept: number[] = [];
	for (const [i, q] of parsed.entries()) {
		const row = await tx
			.select({ id: questions.id })
			.from(questions)
			.where(and(eq(questions.setId, setId), eq(questions.key, q.key), eq(questions.contentHash, q.hash)))
			.get();
		// Category and difficulty are for exam rules, not what a learner sees: changed in place.
		const tags = { category: q.category ?? '', difficulty: q.difficulty ?? 'medium' };
		if (row) {
			await tx.update(questions).set({ ordinal: i + 1, active: true, ...tags }).where(eq(questions.id, row.id)).run();
			kept.push(row.id);
		} else {
			const inserted = await tx
				.insert(questions)
				.values({ setId, key: q.key, ordinal: i + 1, type: q.type, stem: q.stem, options: q.options, answer: q.answer, explanation: q.explanation, refs: q.refs, contentHash: q.hash, active: true, ...tags })
				.returning({ id: questions.id })
				.get();
			await indexQuestion(tx, inserted.id, q);
			kept.push(inserted.id);
		}
	}
	await tx.update(questions)
		.set({ active: false })
		.where(kept.length ? and(eq(questions.setId, setId), notInArray(questions.id, kept)) : eq(questions.setId, setId))
		.run();
}
