import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { courses, lessons, readingCheckins, type ReadingCheckin } from '../db/schema/index.ts';
import { freshSignatureNeeded, recordLearningProgress } from '../reading-lists/progress.ts';

// 阅后签名. The learner starts reading a lesson version with an explicit act (the "开始阅读" form,
// a POST): the server stamps opened_at then and measures the reading minimum from that stamp, so
// a browser cannot shorten it, and no page load, hover preload or prefetch can start the clock.
// A person reads and signs a version once; a second reading is started only when a reading list
// that does not count earlier study needs a signature made since its start.

export type CheckinKey = { userId: number; lessonId: number; versionId: number };

/** A person's readings of a lesson version: the open one (not signed yet) and the latest signed one. */
export async function readingsOf(db: DB, key: Omit<CheckinKey, 'lessonId'>): Promise<{ open: ReadingCheckin | undefined; signed: ReadingCheckin | undefined }> {
	const rows = await db
		.select()
		.from(readingCheckins)
		.where(and(eq(readingCheckins.userId, key.userId), eq(readingCheckins.lessonVersionId, key.versionId)))
		.orderBy(desc(readingCheckins.id))
		.all();
	return { open: rows.find((r) => !r.signedAt), signed: rows.find((r) => r.signedAt) };
}

/**
 * Stamps the start of reading a lesson version. An open reading is never restarted; a signed
 * version is read again only when a reading list needs it (then a new row, a new clock).
 */
export async function recordOpen(db: DB, key: CheckinKey, now = new Date()): Promise<ReadingCheckin> {
	return await db.transaction(async (tx) => {
		const { open, signed } = await readingsOf(tx, key);
		if (open) return open;
		if (signed && !(await freshSignatureNeeded(tx, key.userId, { kind: 'lesson', ref: key.lessonId }))) return signed;
		return await tx.insert(readingCheckins).values({ userId: key.userId, lessonId: key.lessonId, lessonVersionId: key.versionId, openedAt: now }).returning().get();
	});
}

/** Whole seconds still to read before a signature is accepted (0 when it may be signed). */
export function secondsRemaining(openedAt: Date, minReadSeconds: number, now = new Date()): number {
	return Math.max(0, Math.ceil((openedAt.getTime() + minReadSeconds * 1000 - now.getTime()) / 1000));
}

async function activeLesson(db: DB, courseSlug: string, lessonSlug: string) {
	return await db
		.select({ id: lessons.id, currentVersionId: lessons.currentVersionId, minReadSeconds: lessons.minReadSeconds })
		.from(lessons)
		.innerJoin(courses, eq(lessons.courseId, courses.id))
		.where(and(eq(courses.slug, courseSlug), eq(courses.active, true), eq(lessons.slug, lessonSlug), eq(lessons.active, true)))
		.get();
}

/**
 * 开始阅读: the learner asks for the lesson version the page offered (`versionId`). Starts the
 * reading clock once; pressing it again changes nothing. Refused for a version that is no longer current.
 */
export async function startLesson(db: DB, input: { userId: number; courseSlug: string; lessonSlug: string; versionId: number }, now = new Date()): Promise<{ ok: true; checkin: ReadingCheckin } | { ok: false; message: string }> {
	const lesson = await activeLesson(db, input.courseSlug, input.lessonSlug);
	if (!lesson) return { ok: false, message: '没有找到这一课' };
	if (input.versionId !== lesson.currentVersionId) return { ok: false, message: '本课内容已更新，请刷新页面后再开始阅读' };
	return { ok: true, checkin: await recordOpen(db, { userId: input.userId, lessonId: lesson.id, versionId: input.versionId }, now) };
}

export type SignResult =
	| { ok: true; signedAt: Date; alreadySigned: boolean }
	| { ok: false; message: string; secondsRemaining?: number };

/**
 * Signs a lesson version as read. `versionId` is the version the learner's page showed: a
 * signature is only accepted for the current text, after its minimum reading time since the
 * learner pressed 开始阅读. Signing again changes nothing and reports the latest signature. In
 * the same transaction, records the course and reading lists this completes for the person.
 */
export async function signLesson(db: DB, input: { userId: number; courseSlug: string; lessonSlug: string; versionId: number }, now = new Date()): Promise<SignResult> {
	return await db.transaction(async (tx) => await signInTransaction(tx, input, now));
}

async function signInTransaction(db: DB, input: { userId: number; courseSlug: string; lessonSlug: string; versionId: number }, now: Date): Promise<SignResult> {
	const lesson = await activeLesson(db, input.courseSlug, input.lessonSlug);
	if (!lesson) return { ok: false, message: '没有找到这一课' };

	const { open, signed } = await readingsOf(db, { userId: input.userId, versionId: input.versionId });
	const mine = (r: ReadingCheckin | undefined) => (r?.lessonId === lesson.id ? r : undefined);
	const checkin = mine(open);
	if (!checkin && mine(signed)) return { ok: true, signedAt: signed!.signedAt!, alreadySigned: true };
	if (input.versionId !== lesson.currentVersionId) return { ok: false, message: '本课内容已更新，请刷新页面阅读新版本后再签名' };
	if (!checkin) return { ok: false, message: '请先点击“开始阅读”，读完全文后再签名' };

	const remaining = secondsRemaining(checkin.openedAt, lesson.minReadSeconds, now);
	if (remaining > 0) {
		return { ok: false, message: `阅读时间不足：本课至少需要阅读 ${formatDuration(lesson.minReadSeconds)}，请再阅读 ${remaining} 秒后签名`, secondsRemaining: remaining };
	}
	// The `signed_at IS NULL` condition keeps the first signature if two requests race.
	const updated = await db.update(readingCheckins).set({ signedAt: now }).where(and(eq(readingCheckins.id, checkin.id), isNull(readingCheckins.signedAt))).run();
	if (updated.changes !== 1) {
		const signedAt = (await db.select({ signedAt: readingCheckins.signedAt }).from(readingCheckins).where(eq(readingCheckins.id, checkin.id)).get())!.signedAt!;
		return { ok: true, signedAt, alreadySigned: true };
	}
	await recordLearningProgress(db, input.userId);
	return { ok: true, signedAt: now, alreadySigned: false };
}

/** 90 → "1 分 30 秒"; 45 → "45 秒". */
export function formatDuration(seconds: number): string {
	const m = Math.floor(seconds / 60);
	const s = seconds % 60;
	if (!m) return `${s} 秒`;
	return s ? `${m} 分 ${s} 秒` : `${m} 分钟`;
}
