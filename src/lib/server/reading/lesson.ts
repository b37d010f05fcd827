import { and, asc, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { courses, lessons, lessonVersions, readingCheckins } from '../db/schema/index.ts';
import { resolveRefs, type ResolvedRef } from '../content/refs.ts';
import { contentMemo } from '../content/catalog.ts';
import { readingsOf, secondsRemaining } from './checkins.ts';
import { freshSignatureNeeded, type FreshNeed } from '../reading-lists/progress.ts';

export type LessonPage = {
	course: { slug: string; title: string };
	lesson: { slug: string; title: string; minReadSeconds: number; position: number; total: number };
	/** The current version; its text only once reading has started (before that: ''). */
	version: { id: number; bodyHtml: string; createdAt: Date; charCount: number };
	/** When the learner pressed 开始阅读 for this version (the open reading, else the signed one); null before. */
	openedAt: Date | null;
	/** Signature of the current version, if any (null while a new reading is open). */
	signedAt: Date | null;
	/** Signed, but a reading list counting only study since its start needs a new reading. */
	freshNeeded: FreshNeed | null;
	secondsRemaining: number;
	/** The learner signed an earlier text of this lesson but not the current one. */
	earlierSignature: { signedAt: Date } | null;
	prev: { slug: string; title: string } | null;
	next: { slug: string; title: string } | null;
	citations: ResolvedRef[];
};

/**
 * What the lesson page shows. Reads only: the reading clock is started by the learner's
 * 开始阅读 (startLesson, a POST), never by showing the page, so a hover preload or a prefetch of
 * this page records nothing.
 */
export async function lessonPage(db: DB, input: { userId: number; courseSlug: string; lessonSlug: string }, now = new Date()): Promise<LessonPage | null> {
	const content = await lessonContent(db, input.courseSlug, input.lessonSlug);
	if (!content) return null;
	const { lesson, version } = content;

	const { open, signed } = await readingsOf(db, { userId: input.userId, versionId: version.id });
	const checkin = open ?? signed;
	const freshNeeded = !open && signed ? await freshSignatureNeeded(db, input.userId, { kind: 'lesson', ref: lesson.id }) : null;
	const earlier = signed
		? undefined
		: await db
				.select({ signedAt: readingCheckins.signedAt })
				.from(readingCheckins)
				.where(and(eq(readingCheckins.userId, input.userId), eq(readingCheckins.lessonId, lesson.id), ne(readingCheckins.lessonVersionId, version.id), isNotNull(readingCheckins.signedAt)))
				.orderBy(desc(readingCheckins.signedAt))
				.get();

	return {
		course: content.course,
		lesson: content.page,
		version: { id: version.id, bodyHtml: checkin ? version.bodyHtml : '', createdAt: version.createdAt, charCount: version.charCount },
		openedAt: checkin?.openedAt ?? null,
		signedAt: checkin?.signedAt ?? null,
		freshNeeded,
		secondsRemaining: !checkin ? lesson.minReadSeconds : checkin.signedAt ? 0 : secondsRemaining(checkin.openedAt, lesson.minReadSeconds, now),
		earlierSignature: earlier?.signedAt ? { signedAt: earlier.signedAt } : null,
		prev: content.prev,
		next: content.next,
		citations: content.citations
	};
}

/** The lesson as content (course, position, current text, citations): the same for everyone until content changes. */
function lessonContent(db: DB, courseSlug: string, lessonSlug: string) {
	return contentMemo(db, `lesson:${courseSlug}/${lessonSlug}`, async () => {
		const course = await db
			.select({ id: courses.id, slug: courses.slug, title: courses.title })
			.from(courses)
			.where(and(eq(courses.slug, courseSlug), eq(courses.active, true)))
			.get();
		if (!course) return null;
		const siblings = await db
			.select({ id: lessons.id, slug: lessons.slug, title: lessons.title, minReadSeconds: lessons.minReadSeconds, refs: lessons.refs, currentVersionId: lessons.currentVersionId })
			.from(lessons)
			.where(and(eq(lessons.courseId, course.id), eq(lessons.active, true)))
			.orderBy(asc(lessons.ordinal), asc(lessons.slug))
			.all();
		const index = siblings.findIndex((l) => l.slug === lessonSlug);
		const lesson = siblings[index];
		if (!lesson?.currentVersionId) return null;
		const version = (await db.select().from(lessonVersions).where(eq(lessonVersions.id, lesson.currentVersionId)).get())!;
		const link = (l: (typeof siblings)[number] | undefined) => (l ? { slug: l.slug, title: l.title } : null);
		return {
			course: { slug: course.slug, title: course.title },
			lesson,
			page: { slug: lesson.slug, title: lesson.title, minReadSeconds: lesson.minReadSeconds, position: index + 1, total: siblings.length },
			version,
			prev: link(siblings[index - 1]),
			next: link(siblings[index + 1]),
			citations: await resolveRefs(db, lesson.refs)
		};
	});
}
