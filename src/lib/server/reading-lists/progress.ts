import { and, asc, eq, inArray, isNotNull, isNull, like, min, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, readingListItems, readingListPeople, readingLists, attendances, lessons, orgUnits, questionSets, quizAttempts, readingCheckins, regulationReads, regulations, users, type Activity, type ReadingList } from '../db/schema/index.ts';
import { parseLocalDate, DAY_MS } from '../../time.ts';
import { recordCourseCompletions } from '../learning/completions.ts';

// What "done" means for a reading list, decided once here and used by the learner's home page,
// the organizer's progress page and the report alike:
//   - a lesson is done when the person has signed it (阅后签名, any version of its text);
//   - a course is done when every active lesson is signed and its quiz passed (if it has one);
//   - a regulation is done when the person has opened its reading page (regulation_reads).
// Items done before the list was assigned count too: nobody has to read a text twice.
// The audience is evaluated as of now (current members of the unit subtree, not disabled).
// When a person's last requirement is met the completion is recorded as one attendance of the
// readingList's activity (method 'reading-list', at = when it was met, not earlier than the start),
// so the report counts readingList completions like any other participation.

export type Requirement = { kind: 'lesson' | 'quiz' | 'regulation'; ref: number };

const reqKey = (r: Requirement) => `${r.kind}:${r.ref}`;

/** The readingList's items expanded into individual requirements, without duplicates. */
export async function requirementsOf(db: DB, activityId: number): Promise<Requirement[]> {
	const items = await db.select().from(readingListItems).where(eq(readingListItems.activityId, activityId)).orderBy(asc(readingListItems.ordinal)).all();
	const out = new Map<string, Requirement>();
	const add = (r: Requirement) => out.set(reqKey(r), r);
	for (const item of items) {
		if (item.itemType === 'lesson' && item.lessonId) add({ kind: 'lesson', ref: item.lessonId });
		else if (item.itemType === 'regulation' && item.regulationId) add({ kind: 'regulation', ref: item.regulationId });
		else if (item.itemType === 'course' && item.courseId) {
			for (const r of await courseRequirements(db, item.courseId)) add(r);
		}
	}
	return [...out.values()];
}

export async function courseRequirements(db: DB, courseId: number): Promise<Requirement[]> {
	const lessonRows = await db
		.select({ id: lessons.id })
		.from(lessons)
		.where(and(eq(lessons.courseId, courseId), eq(lessons.active, true)))
		.orderBy(asc(lessons.ordinal))
		.all();
	const quiz = await db
		.select({ id: questionSets.id })
		.from(questionSets)
		.where(and(eq(questionSets.courseId, courseId), eq(questionSets.kind, 'course-quiz'), eq(questionSets.active, true)))
		.all();
	return [...lessonRows.map((l) => ({ kind: 'lesson' as const, ref: l.id })), ...quiz.map((q) => ({ kind: 'quiz' as const, ref: q.id }))];
}

/** SQL for the user ids an readingList is addressed to (as of now). */
export function targetIdsQuery(db: DB, activity: Pick<Activity, 'id' | 'unitId'>, readingList: Pick<ReadingList, 'audience'>) {
	if (readingList.audience === 'named') {
		return db
			.select({ id: readingListPeople.userId })
			.from(readingListPeople)
			.innerJoin(users, eq(users.id, readingListPeople.userId))
			.where(and(eq(readingListPeople.activityId, activity.id), isNull(users.disabledAt)));
	}
	const unitPath = sql`(select ${orgUnits.path} from ${orgUnits} where ${orgUnits.id} = ${activity.unitId})`;
	const conditions: SQL[] = [like(orgUnits.path, sql`${unitPath} || '%'`), isNull(users.disabledAt)];
	if (readingList.audience === 'leaders') conditions.push(eq(users.isLeader, true));
	return db
		.select({ id: users.id })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(...conditions));
}

/** First time each (user, requirement) was met, for the given users (an id list or a subquery). */
export async function firstDoneTimes(db: DB, reqs: Requirement[], userIds: number[] | ReturnType<typeof targetIdsQuery>): Promise<Map<number, Map<string, number>>> {
	const out = new Map<number, Map<string, number>>();
	const put = (userId: number, key: string, at: Date | null) => {
		if (!at) return;
		let m = out.get(userId);
		if (!m) out.set(userId, (m = new Map()));
		m.set(key, at.getTime());
	};
	if (Array.isArray(userIds) && userIds.length === 0) return out;
	const lessonIds = reqs.filter((r) => r.kind === 'lesson').map((r) => r.ref);
	const quizIds = reqs.filter((r) => r.kind === 'quiz').map((r) => r.ref);
	const regulationIds = reqs.filter((r) => r.kind === 'regulation').map((r) => r.ref);
	if (lessonIds.length) {
		const rows = await db
			.select({ userId: readingCheckins.userId, ref: readingCheckins.lessonId, at: min(readingCheckins.signedAt) })
			.from(readingCheckins)
			.where(and(inArray(readingCheckins.lessonId, lessonIds), isNotNull(readingCheckins.signedAt), inArray(readingCheckins.userId, userIds)))
			.groupBy(readingCheckins.userId, readingCheckins.lessonId)
			.all();
		for (const r of rows) put(r.userId, `lesson:${r.ref}`, r.at);
	}
	if (quizIds.length) {
		const rows = await db
			.select({ userId: quizAttempts.userId, ref: quizAttempts.setId, at: min(quizAttempts.submittedAt) })
			.from(quizAttempts)
			.where(and(inArray(quizAttempts.setId, quizIds), eq(quizAttempts.passed, true), inArray(quizAttempts.userId, userIds)))
			.groupBy(quizAttempts.userId, quizAttempts.setId)
			.all();
		for (const r of rows) put(r.userId, `quiz:${r.ref}`, r.at);
	}
	if (regulationIds.length) {
		const rows = await db
			.select({ userId: regulationReads.userId, ref: regulationReads.regulationId, at: regulationReads.at })
			.from(regulationReads)
			.where(and(inArray(regulationReads.regulationId, regulationIds), inArray(regulationReads.userId, userIds)))
			.all();
		for (const r of rows) put(r.userId, `regulation:${r.ref}`, r.at);
	}
	return out;
}

export type ProgressStatus = 'done' | 'in-progress' | 'not-started' | 'overdue';

export type PersonProgress = {
	userId: number;
	name: string;
	username: string;
	unitId: number;
	unitName: string;
	isLeader: boolean;
	done: number;
	total: number;
	status: ProgressStatus;
	completedAt: Date | null;
};

/** The instant after the due date's last moment (China time). */
export function dueEnd(readingList: Pick<ReadingList, 'dueDate'>): Date {
	return new Date(parseLocalDate(readingList.dueDate)!.getTime() + DAY_MS);
}

export function statusOf(done: number, total: number, overdue: boolean): ProgressStatus {
	if (total > 0 && done >= total) return 'done';
	if (overdue) return 'overdue';
	return done > 0 ? 'in-progress' : 'not-started';
}

/** Per-person progress of one readingList, ordered by unit then username. */
export async function readingListProgress(db: DB, activityId: number, now = new Date()): Promise<PersonProgress[]> {
	const activity = await db.select().from(activities).where(eq(activities.id, activityId)).get();
	const readingList = await db.select().from(readingLists).where(eq(readingLists.activityId, activityId)).get();
	if (!activity || !readingList) return [];
	const reqs = await requirementsOf(db, activityId);
	const targets = targetIdsQuery(db, activity, readingList);
	const people = await db
		.select({ userId: users.id, name: users.name, username: users.username, unitId: users.orgUnitId, unitName: orgUnits.name, unitPath: orgUnits.path, isLeader: users.isLeader })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(inArray(users.id, targets))
		.orderBy(asc(orgUnits.path), asc(users.username))
		.all();
	const times = await firstDoneTimes(db, reqs, targetIdsQuery(db, activity, readingList));
	const overdue = now.getTime() >= dueEnd(readingList).getTime();
	return people.map(({ unitPath: _p, ...p }) => {
		const mine = times.get(p.userId);
		const done = reqs.filter((r) => mine?.has(reqKey(r))).length;
		const status = statusOf(done, reqs.length, overdue);
		const last = status === 'done' ? Math.max(activity.startsAt.getTime(), ...reqs.map((r) => mine!.get(reqKey(r))!)) : null;
		return { ...p, done, total: reqs.length, status, completedAt: last === null ? null : new Date(last) };
	});
}

export type UnitProgress = { unitId: number; unitName: string; total: number } & Record<ProgressStatus, number>;

export function progressByUnit(people: PersonProgress[]): UnitProgress[] {
	const rows = new Map<number, UnitProgress>();
	for (const p of people) {
		let row = rows.get(p.unitId);
		if (!row) rows.set(p.unitId, (row = { unitId: p.unitId, unitName: p.unitName, total: 0, done: 0, 'in-progress': 0, 'not-started': 0, overdue: 0 }));
		row.total++;
		row[p.status]++;
	}
	return [...rows.values()];
}

/**
 * Records completions not yet recorded: one attendance per person who has met every
 * requirement. Idempotent; cancelled readingLists are left alone. Returns the number added.
 */
export async function syncReadingListCompletions(db: DB, activityIds: number[], now = new Date()): Promise<number> {
	let added = 0;
	for (const activityId of activityIds) {
		const activity = await db.select().from(activities).where(eq(activities.id, activityId)).get();
		if (!activity || activity.cancelledAt || activity.source !== 'reading-list') continue;
		const recorded = new Set(
			(await db.select({ userId: attendances.userId }).from(attendances).where(eq(attendances.activityId, activityId)).all()).map((r) => r.userId)
		);
		const newlyDone = (await readingListProgress(db, activityId, now)).filter((p) => p.status === 'done' && !recorded.has(p.userId));
		if (!newlyDone.length) continue;
		await db.transaction(async (tx) => {
			for (const p of newlyDone) {
				added += (await tx
					.insert(attendances)
					.values({ activityId, userId: p.userId, method: 'reading-list', at: p.completedAt!, memberUnitId: p.unitId })
					.onConflictDoNothing()
					.run()).changes;
			}
		});
	}
	return added;
}

export type LearnerRef = { id: number; orgUnitId: number; isLeader: boolean };

/** ReadingLists (not cancelled) addressed to the person as of now. */
export async function readingListIdsFor(db: DB, user: LearnerRef): Promise<number[]> {
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, user.orgUnitId)).get();
	if (!unit) return [];
	// The person's unit path starts with the readingList unit's path: the readingList covers them.
	const rows = await db
		.select({ id: activities.id, audience: readingLists.audience, named: sql<number | null>`(select 1 from ${readingListPeople} where ${readingListPeople.activityId} = ${activities.id} and ${readingListPeople.userId} = ${user.id})` })
		.from(activities)
		.innerJoin(readingLists, eq(readingLists.activityId, activities.id))
		.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
		.where(and(isNull(activities.cancelledAt), sql`${unit.path} like ${orgUnits.path} || '%'`))
		.all();
	return rows
		.filter((r) => (r.audience === 'all' ? true : r.audience === 'leaders' ? user.isLeader : r.named === 1))
		.map((r) => r.id);
}

/**
 * Call after a learner signs a lesson, submits a quiz or opens a regulation: records the
 * courses and reading lists this completed (course_completions, readingList attendances).
 * Cheap: only the person's own rows. Returns the number of reading lists newly completed.
 */
export async function recordLearningProgress(db: DB, user: LearnerRef): Promise<number> {
	await recordCourseCompletions(db, user.id);
	let added = 0;
	for (const activityId of await readingListIdsFor(db, user)) {
		const activity = (await db.select().from(activities).where(eq(activities.id, activityId)).get())!;
		const already = await db
			.select({ id: attendances.id })
			.from(attendances)
			.where(and(eq(attendances.activityId, activityId), eq(attendances.userId, user.id)))
			.get();
		if (already) continue;
		const reqs = await requirementsOf(db, activityId);
		if (!reqs.length) continue;
		const mine = (await firstDoneTimes(db, reqs, [user.id])).get(user.id);
		if (!mine || reqs.some((r) => !mine.has(reqKey(r)))) continue;
		const at = new Date(Math.max(activity.startsAt.getTime(), ...reqs.map((r) => mine.get(reqKey(r))!)));
		added += (await db
			.insert(attendances)
			.values({ activityId, userId: user.id, method: 'reading-list', at, memberUnitId: user.orgUnitId })
			.onConflictDoNothing()
			.run()).changes;
	}
	return added;
}

/**
 * A learner opened a regulation's reading page (call from its load). The first time is what
 * counts; a reading list this completes is recorded at once.
 */
export async function recordRegulationRead(db: DB, user: LearnerRef, regulationId: number, now = new Date()): Promise<void> {
	const inserted = (await db.insert(regulationReads).values({ userId: user.id, regulationId, at: now }).onConflictDoNothing().run()).changes;
	if (inserted) await recordLearningProgress(db, user);
}

/** recordRegulationRead for the regulation page's URL slug (unknown or inactive slugs are ignored). */
export async function recordRegulationReadBySlug(db: DB, user: LearnerRef, slug: string, now = new Date()): Promise<void> {
	const regulation = await db.select({ id: regulations.id }).from(regulations).where(and(eq(regulations.slug, slug), eq(regulations.active, true))).get();
	if (regulation) await recordRegulationRead(db, user, regulation.id, now);
}
