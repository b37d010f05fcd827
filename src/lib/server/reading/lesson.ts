import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { courses, lessons, lessonVersions, readingCheckins } from '../db/schema/index.ts';
import { resolveRefs, type ResolvedRef } from '../content/refs.ts';
import { recordOpen, secondsRemaining } from './checkins.ts';

export type LessonPage = {
	course: { slug: string; title: string };
	lesson: { slug: string; title: string; minReadSeconds: number; position: number; total: number };
	version: { id: number; bodyHtml: string; createdAt: Date };
	openedAt: Date;
	/** Signature of the current version, if any. */
	signedAt: Date | null;
	secondsRemaining: number;
	/** The learner signed an earlier text of this lesson but not the current one. */
	earlierSignature: { signedAt: Date } | null;
	prev: { slug: string; title: string } | null;
	next: { slug: string; title: string } | null;
	citations: ResolvedRef[];
};

/**
 * What the lesson page shows, and the server-side "opened" stamp that starts the reading clock
 * (recorded once per person and version; reloading the page does not restart it).
 */
export async function openLesson(db: DB, input: { userId: number; courseSlug: string; lessonSlug: string }, now = new Date()): Promise<LessonPage | null> {
	const course = await db
		.select({ id: courses.id, slug: courses.slug, title: courses.title })
		.from(courses)
		.where(and(eq(courses.slug, input.courseSlug), eq(courses.active, true)))
		.get();
	if (!course) return null;
	const siblings = await db
		.select({ id: lessons.id, slug: lessons.slug, title: lessons.title, minReadSeconds: lessons.minReadSeconds, refs: lessons.refs, currentVersionId: lessons.currentVersionId })
		.from(lessons)
		.where(and(eq(lessons.courseId, course.id), eq(lessons.active, true)))
		.orderBy(asc(lessons.ordinal), asc(lessons.slug))
		.all();
	const index = siblings.findIndex((l) => l.slug === input.lessonSlug);
	const lesson = siblings[index];
	if (!lesson?.currentVersionId) return null;
	const version = (await db.select().from(lessonVersions).where(eq(lessonVersions.id, lesson.currentVersionId)).get())!;

	const checkin = await recordOpen(db, { userId: input.userId, lessonId: lesson.id, versionId: version.id }, now);
	const earlier = checkin.signedAt
		? undefined
		: await db
				.select({ signedAt: readingCheckins.signedAt })
				.from(readingCheckins)
				.where(and(eq(readingCheckins.userId, input.userId), eq(readingCheckins.lessonId, lesson.id), isNotNull(readingCheckins.signedAt)))
				.orderBy(desc(readingCheckins.signedAt))
				.get();

	const link = (l: (typeof siblings)[number] | undefined) => (l ? { slug: l.slug, title: l.title } : null);
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { slug: lesson.slug, title: lesson.title, minReadSeconds: lesson.minReadSeconds, position: index + 1, total: siblings.length },
		version: { id: version.id, bodyHtml: version.bodyHtml, createdAt: version.createdAt },
		openedAt: checkin.openedAt,
		signedAt: checkin.signedAt,
		secondsRemaining: checkin.signedAt ? 0 : secondsRemaining(checkin.openedAt, lesson.minReadSeconds, now),
		earlierSignature: earlier?.signedAt ? { signedAt: earlier.signedAt } : null,
		prev: link(siblings[index - 1]),
		next: link(siblings[index + 1]),
		citations: await resolveRefs(db, lesson.refs)
	};
}
