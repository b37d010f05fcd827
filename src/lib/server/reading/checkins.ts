import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { courses, lessons, readingCheckins, type ReadingCheckin } from '../db/schema/index.ts';

// 阅后签名. The server stamps opened_at when it first shows a lesson version to a person and
// measures the reading minimum from that stamp, so a browser cannot shorten it.

export type CheckinKey = { userId: number; lessonId: number; versionId: number };

/** Records that the person has the lesson version in front of them; the first stamp wins. */
export async function recordOpen(db: DB, key: CheckinKey, now = new Date()): Promise<ReadingCheckin> {
	await db.insert(readingCheckins)
		.values({ userId: key.userId, lessonId: key.lessonId, lessonVersionId: key.versionId, openedAt: now })
		.onConflictDoNothing({ target: [readingCheckins.userId, readingCheckins.lessonVersionId] })
		.run();
	return (await db
		.select()
		.from(readingCheckins)
		.where(and(eq(readingCheckins.userId, key.userId), eq(readingCheckins.lessonVersionId, key.versionId)))
		.get())!;
}

/** Whole seconds still to read before a signature is accepted (0 when it may be signed). */
export function secondsRemaining(openedAt: Date, minReadSeconds: number, now = new Date()): number {
	return Math.max(0, Math.ceil((openedAt.getTime() + minReadSeconds * 1000 - now.getTime()) / 1000));
}

export type SignResult =
	| { ok: true; signedAt: Date; alreadySigned: boolean }
	| { ok: false; message: string; secondsRemaining?: number };

/**
 * Signs a lesson version as read. `versionId` is the version the learner's page showed: a
 * signature is only accepted for the current text, after its minimum reading time since the
 * page was first opened. Signing again changes nothing and reports the first signature.
 */
export async function signLesson(db: DB, input: { userId: number; courseSlug: string; lessonSlug: string; versionId: number }, now = new Date()): Promise<SignResult> {
	const lesson = await db
		.select({ id: lessons.id, currentVersionId: lessons.currentVersionId, minReadSeconds: lessons.minReadSeconds })
		.from(lessons)
		.innerJoin(courses, eq(lessons.courseId, courses.id))
		.where(and(eq(courses.slug, input.courseSlug), eq(courses.active, true), eq(lessons.slug, input.lessonSlug), eq(lessons.active, true)))
		.get();
	if (!lesson) return { ok: false, message: '没有找到这一课' };

	const checkin = await db
		.select()
		.from(readingCheckins)
		.where(and(eq(readingCheckins.userId, input.userId), eq(readingCheckins.lessonVersionId, input.versionId), eq(readingCheckins.lessonId, lesson.id)))
		.get();
	if (checkin?.signedAt) return { ok: true, signedAt: checkin.signedAt, alreadySigned: true };
	if (input.versionId !== lesson.currentVersionId) return { ok: false, message: '本课内容已更新，请刷新页面阅读新版本后再签名' };
	if (!checkin) return { ok: false, message: '请先打开本课，阅读全文后再签名' };

	const remaining = secondsRemaining(checkin.openedAt, lesson.minReadSeconds, now);
	if (remaining > 0) {
		return { ok: false, message: `阅读时间不足：本课至少需要阅读 ${formatDuration(lesson.minReadSeconds)}，请再阅读 ${remaining} 秒后签名`, secondsRemaining: remaining };
	}
	// The `signed_at IS NULL` condition keeps the first signature if two requests race.
	await db.update(readingCheckins).set({ signedAt: now }).where(and(eq(readingCheckins.id, checkin.id), isNull(readingCheckins.signedAt))).run();
	const signedAt = (await db.select({ signedAt: readingCheckins.signedAt }).from(readingCheckins).where(eq(readingCheckins.id, checkin.id)).get())!.signedAt!;
	return { ok: true, signedAt, alreadySigned: signedAt.getTime() !== now.getTime() };
}

/** 90 → "1 分 30 秒"; 45 → "45 秒". */
export function formatDuration(seconds: number): string {
	const m = Math.floor(seconds / 60);
	const s = seconds % 60;
	if (!m) return `${s} 秒`;
	return s ? `${m} 分 ${s} 秒` : `${m} 分钟`;
}
