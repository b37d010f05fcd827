import { and, asc, eq, gte, inArray, isNotNull, isNull, like, min, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, readingListItems, readingListPeople, readingLists, attendances, lessons, orgUnits, questionSets, quizAttempts, readingCheckins, regulationCheckins, users, type Activity, type ReadingList } from '../db/schema/index.ts';
import { parseLocalDate, DAY_MS } from '../../time.ts';
import { recordCourseCompletions } from '../learning/completions.ts';
import { covers } from '../reading/regulation-scope.ts';
import { contentCatalog } from '../content/catalog.ts';
import { preparedQuery } from '../db/prepared.ts';
import { unitPathOf } from '../org/scope.ts';
import { unitAndAncestorIds } from '../org/units.ts';
import { inJsonIds } from '../db/dialect.ts';

// What "done" means for a reading list, decided once here and used by the learner's home page,
// the organizer's progress page and the report alike:
//   - a lesson is done when the person has signed it (阅后签名, any version of its text);
//   - a course is done when every active lesson is signed and its quiz passed (if it has one);
//   - a regulation is done when the person has read and signed it (regulation_checkins, any
//     edition) over a scope that covers what the list assigns (the whole text, or its 必读 articles).
// Study done before the list's start counts only when the organizer chose so when creating it
// (reading_lists.count_earlier; default: it does not). The drill-down marks such completions.
// The audience is evaluated as of now (current members of the unit subtree, not disabled).
//
// Status is always computed from the event rows. The completion is also written once, as one
// attendance of the list's activity (method 'reading-list', at = when the last requirement was met,
// not earlier than the start), so the report counts it like any other participation. That row is
// written only by a deliberate act, inside its transaction, never by a page load:
//   - the learner's own completing act: signing a lesson or a regulation, submitting a quiz
//     (recordLearningProgress);
//   - the organizer saving the list, created or edited (syncReadingListCompletions), which also
//     covers everyone the list reaches by then;
//   - an administrator's change that brings a person into a list's audience: a move to another
//     unit, the 领导干部 flag, re-enabling an account (recordLearningProgress for that person);
//   - reloading content (start-up or the admin's 重新加载内容), which can finish a course by
//     removing a lesson (syncReadingListCompletions for every open list).
// So a person moved into a unit after a list was set, who had already done everything that counts,
// is recorded at the moment of the move, with the time of their last completing act.

/** One thing to have done; for a regulation, `scope` is the part assigned ('' = the whole text). */
export type Requirement = { kind: 'lesson' | 'quiz' | 'regulation'; ref: number; scope?: string };

export const reqKey = (r: Requirement) => (r.kind === 'regulation' ? `${r.kind}:${r.ref}:${r.scope ?? ''}` : `${r.kind}:${r.ref}`);

/** The readingList's items expanded into individual requirements, without duplicates. */
export async function requirementsOf(db: DB, activityId: number): Promise<Requirement[]> {
	const items = await db.select().from(readingListItems).where(eq(readingListItems.activityId, activityId)).orderBy(asc(readingListItems.ordinal)).all();
	const out = new Map<string, Requirement>();
	const add = (r: Requirement) => out.set(reqKey(r), r);
	for (const item of items) {
		if (item.itemType === 'lesson' && item.lessonId) add({ kind: 'lesson', ref: item.lessonId });
		else if (item.itemType === 'regulation' && item.regulationId) add({ kind: 'regulation', ref: item.regulationId, scope: item.scope });
		else if (item.itemType === 'course' && item.courseId) {
			for (const r of await courseRequirements(db, item.courseId)) add(r);
		}
	}
	return [...out.values()];
}

export async function courseRequirements(db: DB, courseId: number): Promise<Requirement[]> {
	const course = (await contentCatalog(db)).courseById.get(courseId);
	if (course) return [...course.lessons.map((l) => ({ kind: 'lesson' as const, ref: l.id })), ...(course.quiz ? [{ kind: 'quiz' as const, ref: course.quiz.id }] : [])];
	// A course no longer in content/: what it asked of people when it was there.
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

/**
 * First time each (user, requirement) was met, for the given users (an id list or a subquery).
 * With `since`, only what was done at or after it counts (a list that does not count earlier study).
 */
export async function firstDoneTimes(db: DB, reqs: Requirement[], userIds: number[] | ReturnType<typeof targetIdsQuery>, since?: Date): Promise<Map<number, Map<string, number>>> {
	const out = new Map<number, Map<string, number>>();
	const put = (userId: number, key: string, at: Date | number | null) => {
		if (at === null) return;
		const t = typeof at === 'number' ? at : at.getTime();
		let m = out.get(userId);
		if (!m) out.set(userId, (m = new Map()));
		const had = m.get(key);
		if (had === undefined || t < had) m.set(key, t);
	};
	if (Array.isArray(userIds) && userIds.length === 0) return out;
	const lessonIds = reqs.filter((r) => r.kind === 'lesson').map((r) => r.ref);
	const quizIds = reqs.filter((r) => r.kind === 'quiz').map((r) => r.ref);
	const regulationReqs = reqs.filter((r) => r.kind === 'regulation');
	if (lessonIds.length) {
		const rows = await db
			.select({ userId: readingCheckins.userId, ref: readingCheckins.lessonId, at: min(readingCheckins.signedAt) })
			.from(readingCheckins)
			.where(and(inArray(readingCheckins.lessonId, lessonIds), isNotNull(readingCheckins.signedAt), since ? gte(readingCheckins.signedAt, since) : undefined, inArray(readingCheckins.userId, userIds)))
			.groupBy(readingCheckins.userId, readingCheckins.lessonId)
			.all();
		for (const r of rows) put(r.userId, `lesson:${r.ref}`, r.at);
	}
	if (quizIds.length) {
		const rows = await db
			.select({ userId: quizAttempts.userId, ref: quizAttempts.setId, at: min(quizAttempts.submittedAt) })
			.from(quizAttempts)
			.where(and(inArray(quizAttempts.setId, quizIds), eq(quizAttempts.passed, true), since ? gte(quizAttempts.submittedAt, since) : undefined, inArray(quizAttempts.userId, userIds)))
			.groupBy(quizAttempts.userId, quizAttempts.setId)
			.all();
		for (const r of rows) put(r.userId, `quiz:${r.ref}`, r.at);
	}
	if (regulationReqs.length) {
		// Every signature of these regulations (any edition and scope); a requirement is met by the
		// first whose scope covers it.
		const rows = await db
			.select({ userId: regulationCheckins.userId, ref: regulationCheckins.regulationId, scope: regulationCheckins.scope, at: regulationCheckins.signedAt })
			.from(regulationCheckins)
			.where(and(inArray(regulationCheckins.regulationId, [...new Set(regulationReqs.map((r) => r.ref))]), isNotNull(regulationCheckins.signedAt), since ? gte(regulationCheckins.signedAt, since) : undefined, inArray(regulationCheckins.userId, userIds)))
			.all();
		for (const r of rows) {
			for (const req of regulationReqs) if (req.ref === r.ref && covers(r.scope, req.scope ?? '')) put(r.userId, reqKey(req), r.at);
		}
	}
	return out;
}

/** Everything one person has done that can meet a requirement (personDoneEvents reads it in one query). */
export type PersonDoneEvents = { lessons: { ref: number; at: Date }[]; quizzes: { ref: number; at: Date }[]; regulations: { ref: number; scope: string; at: Date }[] };

type DoneKind = 'lesson' | 'quiz' | 'regulation';

// A person's done events in one query (on every home page view, built once per database):
// lessons signed, quizzes passed, regulations signed, told apart by `kind`.
const doneEventsOf = preparedQuery((db) =>
	db
		.select({ kind: sql<DoneKind>`'lesson'`.as('kind'), ref: readingCheckins.lessonId, scope: sql<string>`''`.as('scope'), at: readingCheckins.signedAt })
		.from(readingCheckins)
		.where(and(eq(readingCheckins.userId, sql.placeholder('userId')), isNotNull(readingCheckins.signedAt)))
		.unionAll(
			db
				.select({ kind: sql<DoneKind>`'quiz'`.as('kind'), ref: quizAttempts.setId, scope: sql<string>`''`.as('scope'), at: quizAttempts.submittedAt })
				.from(quizAttempts)
				.where(and(eq(quizAttempts.userId, sql.placeholder('userId')), eq(quizAttempts.passed, true), isNotNull(quizAttempts.submittedAt)))
		)
		.unionAll(
			db
				.select({ kind: sql<DoneKind>`'regulation'`.as('kind'), ref: regulationCheckins.regulationId, scope: regulationCheckins.scope, at: regulationCheckins.signedAt })
				.from(regulationCheckins)
				.where(and(eq(regulationCheckins.userId, sql.placeholder('userId')), isNotNull(regulationCheckins.signedAt)))
		)
		.prepare()
);

export async function personDoneEvents(db: DB, userId: number): Promise<PersonDoneEvents> {
	const out: PersonDoneEvents = { lessons: [], quizzes: [], regulations: [] };
	for (const r of await doneEventsOf(db).all({ userId })) {
		if (r.kind === 'lesson') out.lessons.push({ ref: r.ref, at: r.at! });
		else if (r.kind === 'quiz') out.quizzes.push({ ref: r.ref, at: r.at! });
		else out.regulations.push({ ref: r.ref, scope: r.scope, at: r.at! });
	}
	return out;
}

/** firstDoneTimes for one person, from their events: the same rules, without a query per list. */
export function firstDoneFor(events: PersonDoneEvents, reqs: Requirement[], since?: Date): Map<string, number> {
	const out = new Map<string, number>();
	const from = since?.getTime() ?? -Infinity;
	const put = (key: string, at: Date) => {
		const t = at.getTime();
		if (t < from) return;
		const had = out.get(key);
		if (had === undefined || t < had) out.set(key, t);
	};
	for (const req of reqs) {
		const key = reqKey(req);
		if (req.kind === 'lesson') for (const e of events.lessons) if (e.ref === req.ref) put(key, e.at);
		if (req.kind === 'quiz') for (const e of events.quizzes) if (e.ref === req.ref) put(key, e.at);
		if (req.kind === 'regulation') for (const e of events.regulations) if (e.ref === req.ref && covers(e.scope, req.scope ?? '')) put(key, e.at);
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
	/** Requirements met by study done before the list's start (only when the list counts it). */
	earlier: number;
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

/** Study counts from this instant on: the list's start, or ever when it counts earlier study. */
export function countsSince(activity: Pick<Activity, 'startsAt'>, readingList: Pick<ReadingList, 'countEarlier'>): Date | undefined {
	return readingList.countEarlier ? undefined : activity.startsAt;
}

/** Per-person progress of one reading list, ordered by unit then username. */
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
	const times = await firstDoneTimes(db, reqs, targetIdsQuery(db, activity, readingList), countsSince(activity, readingList));
	const overdue = now.getTime() >= dueEnd(readingList).getTime();
	const start = activity.startsAt.getTime();
	return people.map(({ unitPath: _p, ...p }) => {
		const mine = times.get(p.userId);
		const doneTimes = reqs.map((r) => mine?.get(reqKey(r))).filter((t): t is number => t !== undefined);
		const status = statusOf(doneTimes.length, reqs.length, overdue);
		const last = status === 'done' ? Math.max(start, ...doneTimes) : null;
		return { ...p, done: doneTimes.length, total: reqs.length, status, completedAt: last === null ? null : new Date(last), earlier: doneTimes.filter((t) => t < start).length };
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
 * requirement. Idempotent; cancelled lists are left alone. Called only from write paths (saving a
 * list, reloading content), inside their transaction. Returns the number added.
 */
export async function syncReadingListCompletions(db: DB, activityIds: number[], now = new Date()): Promise<number> {
	return await db.transaction(async (tx) => {
		let added = 0;
		for (const activityId of activityIds) {
			const activity = await tx.select().from(activities).where(eq(activities.id, activityId)).get();
			if (!activity || activity.cancelledAt || activity.source !== 'reading-list') continue;
			const recorded = new Set((await tx.select({ userId: attendances.userId }).from(attendances).where(eq(attendances.activityId, activityId)).all()).map((r) => r.userId));
			for (const p of await readingListProgress(tx, activityId, now)) {
				if (p.status !== 'done' || recorded.has(p.userId)) continue;
				added += (await tx
					.insert(attendances)
					.values({ activityId, userId: p.userId, method: 'reading-list', at: p.completedAt!, memberUnitId: p.unitId })
					.onConflictDoNothing()
					.run()).changes;
			}
		}
		return added;
	});
}

/** Every reading list that is not cancelled (for the content reload, which can change what "done" means). */
export async function openReadingListIds(db: DB): Promise<number[]> {
	return (await db.select({ id: activities.id }).from(activities).innerJoin(readingLists, eq(readingLists.activityId, activities.id)).where(isNull(activities.cancelledAt)).all()).map((r) => r.id);
}

/** A person as the audience checks see them; unitPath when the caller has it (the session does). */
export type LearnerRef = { id: number; orgUnitId: number; isLeader: boolean; unitPath?: string };

/** ReadingLists (not cancelled) addressed to the person as of now. */
export async function readingListIdsFor(db: DB, user: LearnerRef): Promise<number[]> {
	return (await readingListsFor(db, user)).map((r) => r.id);
}

const listsOfUnitPath = preparedQuery((db) =>
	db
		.select({
			id: activities.id,
			kind: activities.kind,
			title: activities.title,
			note: activities.notes,
			startsAt: activities.startsAt,
			startDate: readingLists.startDate,
			dueDate: readingLists.dueDate,
			countEarlier: readingLists.countEarlier,
			audience: readingLists.audience,
			named: sql<number | null>`(select 1 from ${readingListPeople} where ${readingListPeople.activityId} = ${activities.id} and ${readingListPeople.userId} = ${sql.placeholder('userId')})`
		})
		.from(activities)
		.innerJoin(readingLists, eq(readingLists.activityId, activities.id))
		// A list of the person's unit or of a unit above it covers them.
		.where(and(isNull(activities.cancelledAt), inJsonIds(db, activities.unitId, 'units')))
		.prepare()
);

/** The reading lists (not cancelled) addressed to the person as of now, with what their pages show. */
export async function readingListsFor(db: DB, user: LearnerRef) {
	const unitPath = await unitPathOf(db, user);
	if (!unitPath) return [];
	const rows = await listsOfUnitPath(db).all({ userId: user.id, units: JSON.stringify(unitAndAncestorIds(unitPath)) });
	return rows
		.filter((r) => (r.audience === 'all' ? true : r.audience === 'leaders' ? user.isLeader : r.named === 1))
		.map(({ audience: _a, named: _n, ...r }) => r);
}

/**
 * Call in the transaction of an act that can complete something for a person: signing a lesson or
 * a regulation, submitting a quiz, or an administrator's change that adds them to a list's
 * audience. Records the courses and reading lists this completed (course_completions, reading-list
 * attendances). Cheap: only the person's own rows. Returns the number of reading lists newly completed.
 */
export async function recordLearningProgress(db: DB, userId: number): Promise<number> {
	return await db.transaction(async (tx) => {
		const user = await tx.select({ id: users.id, orgUnitId: users.orgUnitId, isLeader: users.isLeader, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).get();
		if (!user || user.disabledAt) return 0;
		await recordCourseCompletions(tx, user.id);
		let added = 0;
		for (const activityId of await readingListIdsFor(tx, user)) {
			const already = await tx
				.select({ id: attendances.id })
				.from(attendances)
				.where(and(eq(attendances.activityId, activityId), eq(attendances.userId, user.id)))
				.get();
			if (already) continue;
			const activity = (await tx.select().from(activities).where(eq(activities.id, activityId)).get())!;
			const readingList = (await tx.select().from(readingLists).where(eq(readingLists.activityId, activityId)).get())!;
			const reqs = await requirementsOf(tx, activityId);
			if (!reqs.length) continue;
			const mine = (await firstDoneTimes(tx, reqs, [user.id], countsSince(activity, readingList))).get(user.id);
			if (!mine || reqs.some((r) => !mine.has(reqKey(r)))) continue;
			const at = new Date(Math.max(activity.startsAt.getTime(), ...reqs.map((r) => mine.get(reqKey(r))!)));
			added += (await tx
				.insert(attendances)
				.values({ activityId, userId: user.id, method: 'reading-list', at, memberUnitId: user.orgUnitId })
				.onConflictDoNothing()
				.run()).changes;
		}
		return added;
	});
}

export type FreshNeed = { id: number; title: string; startDate: string };

/**
 * A reading list addressed to the person that does not count study done before its start and
 * still needs this lesson (or this regulation part) signed since then: the reason to let someone
 * read and sign again what they signed before. null when there is none.
 */
export async function freshSignatureNeeded(db: DB, userId: number, target: { kind: 'lesson'; ref: number } | { kind: 'regulation'; ref: number; scope: string }): Promise<FreshNeed | null> {
	const user = await db.select({ id: users.id, orgUnitId: users.orgUnitId, isLeader: users.isLeader }).from(users).where(eq(users.id, userId)).get();
	if (!user) return null;
	const ids = await readingListIdsFor(db, user);
	if (!ids.length) return null;
	const lists = await db
		.select({ id: activities.id, title: activities.title, startsAt: activities.startsAt, startDate: readingLists.startDate, dueDate: readingLists.dueDate, countEarlier: readingLists.countEarlier })
		.from(activities)
		.innerJoin(readingLists, eq(readingLists.activityId, activities.id))
		.where(inArray(activities.id, ids))
		.orderBy(asc(readingLists.dueDate), asc(activities.id))
		.all();
	for (const list of lists) {
		if (list.countEarlier) continue;
		const matching = (await requirementsOf(db, list.id)).filter((r) =>
			target.kind === 'lesson' ? r.kind === 'lesson' && r.ref === target.ref : r.kind === 'regulation' && r.ref === target.ref && covers(target.scope, r.scope ?? '')
		);
		if (!matching.length) continue;
		const mine = (await firstDoneTimes(db, matching, [userId], list.startsAt)).get(userId);
		if (matching.some((r) => !mine?.has(reqKey(r)))) return { id: list.id, title: list.title, startDate: list.startDate };
	}
	return null;
}
