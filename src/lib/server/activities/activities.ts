import { aliasedTable, and, asc, desc, eq, gte, inArray, isNull, like, lt, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, attendances, courses, orgUnits, regulations, users, type Activity } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { generateCheckinToken } from './checkin.ts';
import { type ActivityKind, type ActivitySource } from '../../vocabulary.ts';

export type ActivityInput = {
	kind: ActivityKind;
	title: string;
	unitId: number;
	startsAt: Date;
	endsAt: Date;
	place: string;
	speaker: string;
	courseId: number | null;
	regulationId: number | null;
	notes: string;
	checkinGraceMinutes: number;
};

export type Result<T = object> = ({ ok: true } & T) | { ok: false; message: string };

/** Longest plausible offline session (a day trip to an education base, a two-day study class). */
const MAX_ACTIVITY_MS = 3 * 24 * 60 * 60 * 1000;

/** Problems a form schema cannot see alone: the end must follow the start, linked content must exist. */
export async function activityInputProblems(db: DB, input: ActivityInput): Promise<Record<string, string>> {
	const errors: Record<string, string> = {};
	if (input.endsAt.getTime() <= input.startsAt.getTime()) errors.endsAt = '结束时间必须晚于开始时间';
	else if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_ACTIVITY_MS) errors.endsAt = '一次活动最长 3 天，请分次登记';
	if (input.courseId !== null && !await db.select({ id: courses.id }).from(courses).where(eq(courses.id, input.courseId)).get()) {
		errors.courseId = '所选课程不存在';
	}
	if (input.regulationId !== null && !await db.select({ id: regulations.id }).from(regulations).where(eq(regulations.id, input.regulationId)).get()) {
		errors.regulationId = '所选法规不存在';
	}
	return errors;
}

function activityValues(input: ActivityInput) {
	const { kind, title, unitId, startsAt, endsAt, place, speaker, courseId, regulationId, notes, checkinGraceMinutes } = input;
	return { kind, title, unitId, startsAt, endsAt, place, speaker, courseId, regulationId, notes, checkinGraceMinutes };
}

/** Records an offline session. The caller has checked that input.unitId is in the organizer's scope. */
export async function createSession(db: DB, actorId: number, input: ActivityInput, now = new Date()): Promise<Activity> {
	return await db
		.insert(activities)
		.values({ ...activityValues(input), source: 'offline', checkinToken: generateCheckinToken(), createdBy: actorId, createdAt: now, updatedAt: now })
		.returning()
		.get();
}

export async function updateActivity(db: DB, id: number, input: ActivityInput, now = new Date()): Promise<Activity> {
	return await db
		.update(activities)
		.set({ ...activityValues(input), updatedAt: now })
		.where(and(eq(activities.id, id), eq(activities.source, 'offline')))
		.returning()
		.get();
}

export type ActivityDetail = Activity & {
	unitName: string;
	unitPath: string;
	createdByName: string | null;
	cancelledByName: string | null;
	courseTitle: string | null;
	courseSlug: string | null;
	regulationTitle: string | null;
	regulationSlug: string | null;
};

const creator = aliasedTable(users, 'creator');
const canceller = aliasedTable(users, 'canceller');

/** One activity with names for display, or undefined when it does not exist or lies outside the scope. */
export async function getActivity(db: DB, scope: Scope, id: number): Promise<ActivityDetail | undefined> {
	const row = await db
		.select({
			activity: activities,
			unitName: orgUnits.name,
			unitPath: orgUnits.path,
			createdByName: creator.name,
			cancelledByName: canceller.name,
			courseTitle: courses.title,
			courseSlug: courses.slug,
			regulationTitle: regulations.title,
			regulationSlug: regulations.slug
		})
		.from(activities)
		.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
		.leftJoin(creator, eq(creator.id, activities.createdBy))
		.leftJoin(canceller, eq(canceller.id, activities.cancelledBy))
		.leftJoin(courses, eq(courses.id, activities.courseId))
		.leftJoin(regulations, eq(regulations.id, activities.regulationId))
		.where(eq(activities.id, id))
		.get();
	if (!row || !pathInScope(scope, row.unitPath)) return undefined;
	const { activity, ...names } = row;
	return { ...activity, ...names };
}

export type ActivityListFilter = {
	from?: Date;
	to?: Date;
	/** Restrict to this unit's subtree (must already be checked against the scope). */
	unitPath?: string;
	kind?: ActivityKind;
	sources?: ActivitySource[];
	includeCancelled?: boolean;
	limit?: number;
};

export type ActivityListRow = {
	id: number;
	kind: ActivityKind;
	source: ActivitySource;
	title: string;
	unitName: string;
	startsAt: Date;
	endsAt: Date;
	place: string;
	cancelledAt: Date | null;
	cancelledByName: string | null;
	attendeeCount: number;
};

/** Activities in scope, newest first, each with its attendee count computed from the attendance rows. */
export async function listActivities(db: DB, scope: Scope, filter: ActivityListFilter = {}): Promise<ActivityListRow[]> {
	const conditions: SQL[] = [];
	if (scope) conditions.push(like(orgUnits.path, `${scope.pathPrefix}%`));
	if (filter.unitPath) conditions.push(like(orgUnits.path, `${filter.unitPath}%`));
	if (filter.from) conditions.push(gte(activities.startsAt, filter.from));
	if (filter.to) conditions.push(lt(activities.startsAt, filter.to));
	if (filter.kind) conditions.push(eq(activities.kind, filter.kind));
	if (filter.sources) conditions.push(inArray(activities.source, filter.sources));
	if (!filter.includeCancelled) conditions.push(isNull(activities.cancelledAt));
	return await db
		.select({
			id: activities.id,
			kind: activities.kind,
			source: activities.source,
			title: activities.title,
			unitName: orgUnits.name,
			startsAt: activities.startsAt,
			endsAt: activities.endsAt,
			place: activities.place,
			cancelledAt: activities.cancelledAt,
			cancelledByName: canceller.name,
			attendeeCount: sql<number>`(select count(*) from ${attendances} where ${attendances.activityId} = ${activities.id})`
		})
		.from(activities)
		.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
		.leftJoin(canceller, eq(canceller.id, activities.cancelledBy))
		.where(and(...conditions))
		.orderBy(desc(activities.startsAt), desc(activities.id))
		.limit(filter.limit ?? 500)
		.all();
}

/** Cancelled activities drop out of every figure but stay listed with who cancelled them and when. */
export async function cancelActivity(db: DB, id: number, actorId: number, reason: string, now = new Date()): Promise<Result> {
	const activity = await db.select().from(activities).where(eq(activities.id, id)).get();
	if (!activity) return { ok: false, message: '活动不存在' };
	if (activity.cancelledAt) return { ok: false, message: '该活动已经取消' };
	await db.update(activities).set({ cancelledAt: now, cancelledBy: actorId, cancelReason: reason, updatedAt: now }).where(eq(activities.id, id)).run();
	return { ok: true };
}

export async function restoreActivity(db: DB, id: number, now = new Date()): Promise<Result> {
	const activity = await db.select().from(activities).where(eq(activities.id, id)).get();
	if (!activity) return { ok: false, message: '活动不存在' };
	if (!activity.cancelledAt) return { ok: false, message: '该活动没有取消' };
	await db.update(activities).set({ cancelledAt: null, cancelledBy: null, cancelReason: '', updatedAt: now }).where(eq(activities.id, id)).run();
	return { ok: true };
}

export type ContentOption = { id: number; title: string };

/** Courses and regulations an organizer may link a session or a reading list to. */
export async function contentOptions(db: DB): Promise<{ courses: ContentOption[]; regulations: ContentOption[] }> {
	return {
		courses: await db
			.select({ id: courses.id, title: courses.title })
			.from(courses)
			.where(eq(courses.active, true))
			.orderBy(asc(courses.sortOrder), asc(courses.title))
			.all(),
		regulations: await db
			.select({ id: regulations.id, title: regulations.title })
			.from(regulations)
			.where(eq(regulations.active, true))
			.orderBy(asc(regulations.title))
			.all()
	};
}

export type SaveResult = { ok: true; id: number } | { ok: false; status: 400 | 404; errors: Record<string, string> };

/**
 * Creates (id absent) or edits a session for an organizer: the unit, and for an edit the session
 * itself, must lie in the scope (404 otherwise, so nothing leaks); other problems are field errors.
 */
export async function saveActivity(db: DB, input: { scope: Scope; actorId: number; id?: number; session: ActivityInput; now?: Date }): Promise<SaveResult> {
	const now = input.now ?? new Date();
	if (input.id !== undefined) {
		const existing = await getActivity(db, input.scope, input.id);
		if (!existing) return { ok: false, status: 404, errors: { _form: '活动不存在' } };
		if (existing.source !== 'offline') return { ok: false, status: 400, errors: { _form: '此活动由系统生成，不能在这里修改' } };
		if (existing.cancelledAt) return { ok: false, status: 400, errors: { _form: '活动已取消，请先恢复再修改' } };
	}
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.session.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, status: 400, errors: { unitId: '请选择本单位或下级单位' } };
	const errors = await activityInputProblems(db, input.session);
	if (Object.keys(errors).length) return { ok: false, status: 400, errors };
	if (input.id !== undefined) {
		await updateActivity(db, input.id, input.session, now);
		return { ok: true, id: input.id };
	}
	return { ok: true, id: (await createSession(db, input.actorId, input.session, now)).id };
}
