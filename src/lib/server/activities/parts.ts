import { and, asc, count, desc, eq, inArray, isNotNull, like, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activityParts, competitionPlayers, competitions, courses, lessons, orgUnits, pledges, pledgeSignatures, questionSets, quizAttempts, readingCheckins, regulationCheckins, regulations, attendances } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { getActivity } from './activities.ts';
import { checkinWindow } from './checkin.ts';
import { ACTIVITY_PART_LABELS, ACTIVITY_PART_TYPES, type ActivityPartType, type PartProgress } from '../../vocabulary.ts';

// The parts of one study activity — typically a 主题党日: a lesson or regulation read and signed, a
// quiz or a live competition, a pledge signed. The activity is the one event: it counts once (1 次)
// with its attendance (人次). A part adds no figure of its own: it shows, for each attendee, whether
// they did that part during the activity (its sign-in window; a quiz taken before and again at the
// activity counts as done during it), before it, after it, or not at all,
// from the part's own records (check-ins, attempts, players, signatures), which keep counting for
// themselves in the report exactly as they always do.

export const MAX_PARTS = 10;

export type PartOption = { id: number; title: string };
export type PartOptions = Record<ActivityPartType, PartOption[]>;

/** What an organizer may add as a part: content anyone can open, and competitions and pledges in their scope. */
export async function partOptions(db: DB, scope: Scope): Promise<PartOptions> {
	const inScope = (path: typeof orgUnits.path) => (scope ? like(path, `${scope.pathPrefix}%`) : undefined);
	return {
		lesson: (await db
			.select({ id: lessons.id, course: courses.title, lesson: lessons.title })
			.from(lessons)
			.innerJoin(courses, eq(courses.id, lessons.courseId))
			.where(and(eq(lessons.active, true), eq(courses.active, true)))
			.orderBy(asc(courses.sortOrder), asc(courses.title), asc(lessons.ordinal))
			.all()).map((r) => ({ id: r.id, title: `${r.course} · ${r.lesson}` })),
		regulation: await db.select({ id: regulations.id, title: regulations.title }).from(regulations).where(eq(regulations.active, true)).orderBy(asc(regulations.title)).all(),
		quiz: await db.select({ id: questionSets.id, title: questionSets.title }).from(questionSets).where(and(eq(questionSets.kind, 'course-quiz'), eq(questionSets.active, true))).orderBy(asc(questionSets.title)).all(),
		competition: await db
			.select({ id: competitions.id, title: competitions.title })
			.from(competitions)
			.innerJoin(orgUnits, eq(orgUnits.id, competitions.orgUnitId))
			.where(inScope(orgUnits.path))
			.orderBy(desc(competitions.createdAt))
			.limit(100)
			.all(),
		pledge: await db
			.select({ id: pledges.id, title: pledges.title })
			.from(pledges)
			.innerJoin(orgUnits, eq(orgUnits.id, pledges.unitId))
			.where(inScope(orgUnits.path))
			.orderBy(desc(pledges.createdAt))
			.limit(100)
			.all()
	};
}

export type PartsResult = { ok: true; message: string } | { ok: false; message: string };

export async function addPart(db: DB, input: { scope: Scope; actorId: number; activityId: number; partType: ActivityPartType; refId: number; now?: Date }): Promise<PartsResult> {
	const activity = await getActivity(db, input.scope, input.activityId);
	if (!activity) return { ok: false, message: '活动不存在' };
	if (activity.source !== 'offline') return { ok: false, message: '只有线下学习活动可以添加活动环节' };
	if (activity.cancelledAt) return { ok: false, message: '活动已取消，不能添加活动环节' };
	if (!ACTIVITY_PART_TYPES.includes(input.partType)) return { ok: false, message: '活动环节类型无效' };
	const option = (await partOptions(db, input.scope))[input.partType].find((o) => o.id === input.refId);
	if (!option) return { ok: false, message: `所选${ACTIVITY_PART_LABELS[input.partType]}不存在或不在您的管理范围内` };
	const n = (await db.select({ n: count() }).from(activityParts).where(eq(activityParts.activityId, activity.id)).get())!.n;
	if (n >= MAX_PARTS) return { ok: false, message: `一项活动最多 ${MAX_PARTS} 个环节` };
	const inserted = await db
		.insert(activityParts)
		.values({ activityId: activity.id, ordinal: n + 1, partType: input.partType, refId: input.refId, addedBy: input.actorId, addedAt: input.now ?? new Date() })
		.onConflictDoNothing()
		.returning({ id: activityParts.id })
		.all();
	return inserted.length ? { ok: true, message: `已添加活动环节：${option.title}` } : { ok: false, message: '该环节已经添加过了' };
}

export async function removePart(db: DB, input: { scope: Scope; activityId: number; partId: number }): Promise<PartsResult> {
	const activity = await getActivity(db, input.scope, input.activityId);
	if (!activity) return { ok: false, message: '活动不存在' };
	const removed = await db.delete(activityParts).where(and(eq(activityParts.id, input.partId), eq(activityParts.activityId, activity.id))).returning({ id: activityParts.id }).all();
	return removed.length ? { ok: true, message: '已移除该环节（其本身的记录不受影响）。' } : { ok: false, message: '该环节不存在' };
}

/** Titles of parts by type and id ('' when the record is gone). */
async function partTitles(db: DB, parts: { partType: ActivityPartType; refId: number }[]): Promise<Map<string, { title: string; href: string }>> {
	const ids = (t: ActivityPartType) => parts.filter((p) => p.partType === t).map((p) => p.refId);
	const out = new Map<string, { title: string; href: string }>();
	const put = (t: ActivityPartType, rows: { id: number; title: string; href: string }[]) => rows.forEach((r) => out.set(`${t}:${r.id}`, { title: r.title, href: r.href }));
	if (ids('lesson').length) put('lesson', (await db.select({ id: lessons.id, title: lessons.title, slug: lessons.slug, course: courses.slug }).from(lessons).innerJoin(courses, eq(courses.id, lessons.courseId)).where(inArray(lessons.id, ids('lesson'))).all()).map((r) => ({ ...r, href: `/courses/${r.course}/${r.slug}` })));
	if (ids('regulation').length) put('regulation', (await db.select({ id: regulations.id, title: regulations.title, slug: regulations.slug }).from(regulations).where(inArray(regulations.id, ids('regulation'))).all()).map((r) => ({ ...r, href: `/regulations/${r.slug}` })));
	if (ids('quiz').length) put('quiz', (await db.select({ id: questionSets.id, title: questionSets.title, course: courses.slug }).from(questionSets).leftJoin(courses, eq(courses.id, questionSets.courseId)).where(inArray(questionSets.id, ids('quiz'))).all()).map((r) => ({ ...r, href: r.course ? `/courses/${r.course}/quiz` : '' })));
	if (ids('competition').length) put('competition', (await db.select({ id: competitions.id, title: competitions.title }).from(competitions).where(inArray(competitions.id, ids('competition'))).all()).map((r) => ({ ...r, href: `/org/competitions/${r.id}` })));
	if (ids('pledge').length) put('pledge', (await db.select({ id: pledges.id, title: pledges.title }).from(pledges).where(inArray(pledges.id, ids('pledge'))).all()).map((r) => ({ ...r, href: `/org/pledges/${r.id}` })));
	return out;
}

/** Every time each person did the part (epoch ms): signed the lesson, submitted the quiz, joined, signed the pledge. */
async function doneTimes(db: DB, part: { partType: ActivityPartType; refId: number }, userIds: number[]): Promise<Map<number, number[]>> {
	if (!userIds.length) return new Map();
	let rows: { userId: number | null; at: Date | number | null }[] = [];
	switch (part.partType) {
		case 'lesson':
			rows = await db.select({ userId: readingCheckins.userId, at: readingCheckins.signedAt }).from(readingCheckins).where(and(eq(readingCheckins.lessonId, part.refId), isNotNull(readingCheckins.signedAt), inArray(readingCheckins.userId, userIds))).all();
			break;
		case 'regulation':
			rows = await db.select({ userId: regulationCheckins.userId, at: regulationCheckins.signedAt }).from(regulationCheckins).where(and(eq(regulationCheckins.regulationId, part.refId), isNotNull(regulationCheckins.signedAt), inArray(regulationCheckins.userId, userIds))).all();
			break;
		case 'quiz':
			rows = await db.select({ userId: quizAttempts.userId, at: quizAttempts.submittedAt }).from(quizAttempts).where(and(eq(quizAttempts.setId, part.refId), isNotNull(quizAttempts.submittedAt), inArray(quizAttempts.userId, userIds))).all();
			break;
		case 'competition':
			rows = await db.select({ userId: competitionPlayers.userId, at: competitionPlayers.joinedAt }).from(competitionPlayers).where(and(eq(competitionPlayers.competitionId, part.refId), inArray(competitionPlayers.userId, userIds))).all();
			break;
		case 'pledge':
			rows = await db.select({ userId: pledgeSignatures.userId, at: pledgeSignatures.signedAt }).from(pledgeSignatures).where(and(eq(pledgeSignatures.pledgeId, part.refId), inArray(pledgeSignatures.userId, userIds))).all();
			break;
	}
	const out = new Map<number, number[]>();
	for (const r of rows) {
		if (r.userId === null || r.at === null) continue;
		out.set(r.userId, [...(out.get(r.userId) ?? []), r.at instanceof Date ? r.at.getTime() : Number(r.at)]);
	}
	return out;
}

/** During the activity if any time falls in its window; else before it, else after it. */
function progressOf(times: number[] | undefined, opensAt: number, closesAt: number): PartProgress {
	if (!times?.length) return 'not-done';
	if (times.some((t) => t >= opensAt && t <= closesAt)) return 'during';
	return times.some((t) => t < opensAt) ? 'before' : 'after';
}

export type PartView = {
	id: number;
	partType: ActivityPartType;
	typeLabel: string;
	title: string;
	href: string;
	/** Attendees by where they stand with the part. */
	counts: Record<PartProgress, number>;
	byUser: Record<number, PartProgress>;
};

/** The parts of an activity, each with where every attendee stands with it. */
export async function partsOf(db: DB, activity: { id: number; startsAt: Date; endsAt: Date; checkinGraceMinutes: number }): Promise<PartView[]> {
	const parts = await db.select().from(activityParts).where(eq(activityParts.activityId, activity.id)).orderBy(asc(activityParts.ordinal), asc(activityParts.id)).all();
	if (!parts.length) return [];
	const titles = await partTitles(db, parts);
	const attendees = (await db.select({ userId: attendances.userId }).from(attendances).where(eq(attendances.activityId, activity.id)).all()).map((r) => r.userId);
	const { opensAt, closesAt } = checkinWindow(activity);
	const out: PartView[] = [];
	for (const part of parts) {
		const done = await doneTimes(db, part, attendees);
		const counts: Record<PartProgress, number> = { during: 0, before: 0, after: 0, 'not-done': 0 };
		const byUser: Record<number, PartProgress> = {};
		for (const userId of attendees) {
			const state = progressOf(done.get(userId), opensAt.getTime(), closesAt.getTime());
			counts[state]++;
			byUser[userId] = state;
		}
		const named = titles.get(`${part.partType}:${part.refId}`);
		out.push({ id: part.id, partType: part.partType, typeLabel: ACTIVITY_PART_LABELS[part.partType], title: named?.title ?? '（已删除）', href: named?.href ?? '', counts, byUser });
	}
	return out;
}

/** "学习课时：第一课；在线测验：廉洁自律准则测验" for each activity that has parts (record tables and exports). */
export async function partSummaries(db: DB, activityIds: number[]): Promise<Map<number, string>> {
	if (!activityIds.length) return new Map();
	const parts = await db.select().from(activityParts).where(sql`${activityParts.activityId} in ${activityIds}`).orderBy(asc(activityParts.activityId), asc(activityParts.ordinal)).all();
	const titles = await partTitles(db, parts);
	const out = new Map<number, string>();
	for (const p of parts) {
		const text = `${ACTIVITY_PART_LABELS[p.partType].replace(/（.*）$/, '')}：${titles.get(`${p.partType}:${p.refId}`)?.title ?? '（已删除）'}`;
		out.set(p.activityId, out.has(p.activityId) ? `${out.get(p.activityId)}；${text}` : text);
	}
	return out;
}
