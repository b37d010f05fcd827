import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { courses, questionSets, quizAttempts, readingCheckins } from '../db/schema/index.ts';
import { contentCatalog } from '../content/catalog.ts';
import { preparedQuery } from '../db/prepared.ts';

// Progress is derived from the event rows (check-ins, attempts) every time; nothing is counted
// up in place.
//
// Decision on edited lessons: a signature counts for the version that was signed. A lesson whose
// text changed after the learner signed it still counts as signed (the course stays complete),
// and the learner sees a "新版本" badge inviting a re-read; signing the new version adds a row.

export type LessonStatus = 'unread' | 'opened' | 'signed' | 'new-version';

export type LessonProgress = {
	id: number;
	slug: string;
	title: string;
	minReadSeconds: number;
	status: LessonStatus;
	/** First signature of any version of this lesson. */
	signedAt: Date | null;
};

export type CourseProgress = {
	id: number;
	slug: string;
	title: string;
	summary: string;
	category: string;
	lessonsTotal: number;
	lessonsSigned: number;
	lessonsWithNewVersion: number;
	quiz: { passScore: number; bestScore: number | null; passed: boolean; passedAt: Date | null; attempts: number } | null;
	started: boolean;
	lastActivityAt: Date | null;
	complete: boolean;
	/** When the last requirement was met. */
	completedAt: Date | null;
	lessons: LessonProgress[];
};

const maxDate = (dates: (Date | null | undefined)[]): Date | null =>
	dates.reduce<Date | null>((m, d) => (d && (!m || d.getTime() > m.getTime()) ? d : m), null);

// The person's own rows, read on every page that shows progress: built once per database.
const checkinsOfUser = preparedQuery((db) =>
	db
		.select({ lessonId: readingCheckins.lessonId, lessonVersionId: readingCheckins.lessonVersionId, openedAt: readingCheckins.openedAt, signedAt: readingCheckins.signedAt })
		.from(readingCheckins)
		.where(eq(readingCheckins.userId, sql.placeholder('userId')))
		.prepare()
);
const attemptsOfUser = preparedQuery((db) =>
	db
		.select({ setId: quizAttempts.setId, startedAt: quizAttempts.startedAt, submittedAt: quizAttempts.submittedAt, score: quizAttempts.score, passed: quizAttempts.passed })
		.from(quizAttempts)
		.where(eq(quizAttempts.userId, sql.placeholder('userId')))
		.prepare()
);

/**
 * Progress of one person in every active course (or in the given ones). Complete = every active
 * lesson signed (any version) and, when the course has an active quiz, a passing attempt.
 */
export async function courseProgressForUser(db: DB, userId: number, only?: { slug: string }): Promise<CourseProgress[]> {
	const catalog = await contentCatalog(db);
	const courseList = only ? [catalog.courseBySlug.get(only.slug)].filter((c) => c !== undefined) : catalog.courses;
	if (!courseList.length) return [];
	const checkins = await checkinsOfUser(db).all({ userId });
	const attempts = await attemptsOfUser(db).all({ userId });

	return courseList.map((course) => {
		const courseLessons: LessonProgress[] = course.lessons.map((l) => {
			const mine = checkins.filter((c) => c.lessonId === l.id);
			const current = mine.find((c) => c.lessonVersionId === l.currentVersionId);
			const signed = mine.filter((c) => c.signedAt).sort((a, b) => a.signedAt!.getTime() - b.signedAt!.getTime());
			const status: LessonStatus = current?.signedAt ? 'signed' : signed.length ? 'new-version' : mine.length ? 'opened' : 'unread';
			return { id: l.id, slug: l.slug, title: l.title, minReadSeconds: l.minReadSeconds, status, signedAt: signed[0]?.signedAt ?? null };
		});
		const set = course.quiz;
		const setAttempts = set ? attempts.filter((a) => a.setId === set.id) : [];
		const submitted = setAttempts.filter((a) => a.submittedAt);
		const passes = submitted.filter((a) => a.passed).sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime());
		const quiz = set
			? {
					passScore: set.passScore,
					bestScore: submitted.length ? Math.max(...submitted.map((a) => a.score ?? 0)) : null,
					passed: passes.length > 0,
					passedAt: passes[0]?.submittedAt ?? null,
					attempts: submitted.length
				}
			: null;
		const lessonsSigned = courseLessons.filter((l) => l.signedAt).length;
		const complete = courseLessons.length > 0 && lessonsSigned === courseLessons.length && (!quiz || quiz.passed);
		const courseCheckins = checkins.filter((c) => courseLessons.some((l) => l.id === c.lessonId));
		return {
			id: course.id,
			slug: course.slug,
			title: course.title,
			summary: course.summary,
			category: course.category,
			lessonsTotal: courseLessons.length,
			lessonsSigned,
			lessonsWithNewVersion: courseLessons.filter((l) => l.status === 'new-version').length,
			quiz,
			started: courseCheckins.length > 0 || setAttempts.length > 0,
			lastActivityAt: maxDate([...courseCheckins.flatMap((c) => [c.openedAt, c.signedAt]), ...setAttempts.flatMap((a) => [a.startedAt, a.submittedAt])]),
			complete,
			completedAt: complete ? maxDate([...courseLessons.map((l) => l.signedAt), quiz?.passedAt]) : null,
			lessons: courseLessons
		};
	});
}

/** The course page: intro and per-lesson progress. */
export async function courseDetailForUser(db: DB, input: { userId: number; courseSlug: string }) {
	const progress = (await courseProgressForUser(db, input.userId, { slug: input.courseSlug }))[0];
	if (!progress) return null;
	const course = (await db.select({ introHtml: courses.introHtml }).from(courses).where(eq(courses.id, progress.id)).get())!;
	return { ...progress, introHtml: course.introHtml };
}

// Learning hours (学习时长), derived from event rows (learning/record.ts adds them up per kind):
//   each signed check-in, of a lesson or a regulation, counts min(signed_at − opened_at, 2 × its
//     minimum reading time) (time reading, but a page left open overnight does not count for hours);
//   each submitted attempt counts min(submitted_at − started_at, the time limit, or 2 minutes per
//     question when the quiz has none).
// The total is shown in hours rounded to one decimal.
export const READING_CAP_FACTOR = 2;
export const QUIZ_SECONDS_PER_QUESTION_CAP = 120;

export function readingSeconds(openedAt: Date, signedAt: Date, minReadSeconds: number): number {
	return Math.max(0, Math.min((signedAt.getTime() - openedAt.getTime()) / 1000, READING_CAP_FACTOR * minReadSeconds));
}

export function quizSeconds(a: { startedAt: Date; submittedAt: Date; deadlineAt: Date | null; totalCount: number }): number {
	const cap = a.deadlineAt ? (a.deadlineAt.getTime() - a.startedAt.getTime()) / 1000 : QUIZ_SECONDS_PER_QUESTION_CAP * a.totalCount;
	return Math.max(0, Math.min((a.submittedAt.getTime() - a.startedAt.getTime()) / 1000, cap));
}

export function hoursFromSeconds(seconds: number): number {
	return Math.round(seconds / 360) / 10;
}

const recentAttemptsOfUser = preparedQuery((db) =>
	db
		.select({ id: quizAttempts.id, submittedAt: quizAttempts.submittedAt, score: quizAttempts.score, passed: quizAttempts.passed, setTitle: questionSets.title, courseTitle: courses.title })
		.from(quizAttempts)
		.innerJoin(questionSets, eq(quizAttempts.setId, questionSets.id))
		.leftJoin(courses, eq(questionSets.courseId, courses.id))
		.where(and(eq(quizAttempts.userId, sql.placeholder('userId')), isNotNull(quizAttempts.submittedAt)))
		.orderBy(desc(quizAttempts.submittedAt), desc(quizAttempts.id))
		.limit(5)
		.prepare()
);

/** Home page: courses to continue (in progress first, most recent activity first, then not started) and recent results. */
export async function homeLearning(db: DB, userId: number) {
	const progress = await courseProgressForUser(db, userId);
	const recency = (c: CourseProgress) => c.lastActivityAt?.getTime() ?? 0;
	const inProgress = progress.filter((c) => c.started && !c.complete).sort((a, b) => recency(b) - recency(a));
	const notStarted = progress.filter((c) => !c.started && !c.complete);
	const recentAttempts = (await recentAttemptsOfUser(db).all({ userId }))
		.map((a) => ({ ...a, submittedAt: a.submittedAt!, score: a.score ?? 0, passed: !!a.passed }));
	return {
		// Only what the cards show (the page's data is serialized into every home page).
		continueCourses: [...inProgress, ...notStarted].slice(0, 6).map((c) => ({ id: c.id, slug: c.slug, title: c.title, started: c.started, lessonsSigned: c.lessonsSigned, lessonsTotal: c.lessonsTotal, quiz: c.quiz && { passed: c.quiz.passed, bestScore: c.quiz.bestScore } })),
		completedCount: progress.filter((c) => c.complete).length,
		totalCourses: progress.length,
		recentAttempts
	};
}
