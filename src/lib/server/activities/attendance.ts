import { and, asc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, attendances, orgUnits, users, type Activity } from '../db/schema/index.ts';
import type { Result } from './activities.ts';
import { flattenTree, unitTree } from '../org/units.ts';
import { type ActivityKind, type AttendanceMethod } from '../../vocabulary.ts';


export type AttendeeRow = {
	userId: number;
	name: string;
	username: string;
	/** Where the person belonged when they took part. */
	unitName: string | null;
	method: AttendanceMethod;
	at: Date;
	recordedByName: string | null;
	/** Not a member of the organizing unit's subtree when they took part (a visitor from another unit). */
	external: boolean;
};

export async function attendeesOf(db: DB, activity: Pick<Activity, 'id' | 'unitId'>): Promise<AttendeeRow[]> {
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, activity.unitId)).get();
	// The person's unit at the time (member_unit_id), not their unit now.
	const rows = await db
		.select({
			userId: attendances.userId,
			name: users.name,
			username: users.username,
			unitName: orgUnits.name,
			unitPath: orgUnits.path,
			method: attendances.method,
			at: attendances.at,
			// A subquery rather than a second join on users: drizzle cannot type that join beside org_units.
			recordedByName: sql<string | null>`(select r.name from users r where r.id = ${attendances.recordedBy})`
		})
		.from(attendances)
		.innerJoin(users, eq(users.id, attendances.userId))
		.leftJoin(orgUnits, eq(orgUnits.id, attendances.memberUnitId))
		.where(eq(attendances.activityId, activity.id))
		.orderBy(asc(attendances.at), asc(users.username))
		.all();
	return rows.map(({ unitPath, ...r }) => ({ ...r, external: !!unit && !(unitPath ?? '').startsWith(unit.path) }));
}

export type MemberTick = { id: number; name: string; username: string; unitId: number; unitName: string; attended: boolean; method: AttendanceMethod | null };

/** Whether a member matches the tick list's filter: part of the name or of the 工号/用户名. */
export function matchesMember(member: { name: string; username: string }, query: string): boolean {
	const q = query.trim().toLowerCase();
	return q === '' || member.name.toLowerCase().includes(q) || member.username.toLowerCase().includes(q);
}

/**
 * Current, active members of the activity's unit subtree, with whether each took part: the tick
 * list, unit by unit in unit order (as the org tree lists them), then by 工号. `query` keeps only
 * members whose name or 工号 contains it.
 */
export async function membersForTicking(db: DB, activity: Pick<Activity, 'id' | 'unitId'>, options: { query?: string } = {}): Promise<MemberTick[]> {
	const unit = await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, activity.unitId)).get();
	if (!unit) return [];
	const present = new Map(
		(await db
			.select({ userId: attendances.userId, method: attendances.method })
			.from(attendances)
			.where(eq(attendances.activityId, activity.id))
			.all())
			.map((r) => [r.userId, r.method])
	);
	const unitRank = new Map(flattenTree(await unitTree(db, { unitId: unit.id, pathPrefix: unit.path })).map((u, i) => [u.id, i]));
	const members = await db
		.select({ id: users.id, name: users.name, username: users.username, unitId: users.orgUnitId, unitName: orgUnits.name })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(like(orgUnits.path, `${unit.path}%`), isNull(users.disabledAt)))
		.orderBy(asc(users.username))
		.all();
	return members
		.filter((m) => matchesMember(m, options.query ?? ''))
		.sort((a, b) => (unitRank.get(a.unitId) ?? 0) - (unitRank.get(b.unitId) ?? 0))
		.map((m) => ({ ...m, attended: present.has(m.id), method: present.get(m.id) ?? null }));
}

/**
 * Saves the organizer's tick list. `listed` are the members the form showed, `ticked` those
 * checked. Ticked members without a record are added; unticked members lose only a record the
 * organizer made, so a QR sign-in that arrived while the form was open is never wiped out
 * (QR and competition records are removed one by one with removeAttendance).
 */
export async function saveTickedAttendance(
	db: DB,
	input: { activityId: number; actorId: number; listed: number[]; ticked: number[]; tickWholeUnit?: number; now?: Date }
): Promise<Result<{ added: number; removed: number }>> {
	const now = input.now ?? new Date();
	return await db.transaction(async (tx) => {
		const activity = await tx.select().from(activities).where(eq(activities.id, input.activityId)).get();
		if (!activity) return { ok: false, message: '活动不存在' };
		if (activity.cancelledAt) return { ok: false, message: '活动已取消，不能登记参加人员' };
		if (activity.source !== 'offline') return { ok: false, message: '此活动的参加记录由系统自动生成，不能手工登记' };
		const listed = new Set(input.listed);
		if (input.ticked.some((id) => !listed.has(id))) return { ok: false, message: '提交的名单有误，请刷新页面后重试' };
		const members = new Map((await membersForTicking(tx as unknown as DB, activity)).map((m) => [m.id, m]));
		const units = new Map(
			input.listed.length
				? (await tx.select({ id: users.id, unitId: users.orgUnitId }).from(users).where(inArray(users.id, input.listed)).all()).map((u) => [u.id, u.unitId])
				: []
		);
		if (input.listed.some((id) => !members.has(id))) return { ok: false, message: '名单中有不属于本单位的人员，请刷新页面后重试' };
		// "Select a whole unit": every listed member of that unit counts as ticked.
		const ticked = new Set([...input.ticked, ...input.listed.filter((id) => input.tickWholeUnit !== undefined && members.get(id)!.unitId === input.tickWholeUnit)]);
		let added = 0;
		let removed = 0;
		for (const id of listed) {
			const member = members.get(id)!;
			if (ticked.has(id) && !member.attended) {
				await tx.insert(attendances)
					.values({ activityId: activity.id, userId: id, method: 'organizer', at: now, memberUnitId: units.get(id) ?? null, recordedBy: input.actorId })
					.onConflictDoNothing()
					.run();
				added++;
			} else if (!ticked.has(id) && member.attended && member.method === 'organizer') {
				await tx.delete(attendances).where(and(eq(attendances.activityId, activity.id), eq(attendances.userId, id))).run();
				removed++;
			}
		}
		return { ok: true, added, removed };
	});
}

/** Removes one person's record from a session (e.g. a QR sign-in by someone who was not there). */
export async function removeAttendance(db: DB, activityId: number, userId: number): Promise<Result> {
	const activity = await db.select().from(activities).where(eq(activities.id, activityId)).get();
	if (!activity) return { ok: false, message: '活动不存在' };
	if (activity.source !== 'offline') return { ok: false, message: '此活动的参加记录由系统自动生成，不能手工删除' };
	const deleted = await db
		.delete(attendances)
		.where(and(eq(attendances.activityId, activityId), eq(attendances.userId, userId)))
		.returning({ id: attendances.id })
		.all();
	return deleted.length ? { ok: true } : { ok: false, message: '此人没有参加记录' };
}

export type RecordActivityInput = {
	/** Defaults to 知识竞赛. */
	kind?: ActivityKind;
	/** Identifies the originating record, e.g. `competition:42`; recording the same ref twice adds only missing participants. */
	sourceRef: string;
	title: string;
	/** The organizing unit: the competition and its participants count for this unit's subtree. */
	unitId: number;
	startsAt: Date;
	endsAt: Date;
	place?: string;
	notes?: string;
	createdBy?: number | null;
	/** One attendance per player; `at` defaults to endsAt. */
	participants: { userId: number; at?: Date }[];
};

/**
 * Records a finished live competition (or any activity held elsewhere in the app) as an
 * activity with one attendance per participant (method 'competition'), in one transaction.
 * Idempotent by sourceRef, so the live module may call it again after a retry.
 */
export async function recordActivity(db: DB, input: RecordActivityInput): Promise<{ activityId: number; added: number }> {
	return await db.transaction(async (tx) => {
		let activity = await tx
			.select()
			.from(activities)
			.where(and(eq(activities.source, 'competition'), eq(activities.sourceRef, input.sourceRef)))
			.get();
		activity ??= await tx
			.insert(activities)
			.values({
				kind: input.kind ?? '知识竞赛',
				source: 'competition',
				sourceRef: input.sourceRef,
				title: input.title,
				unitId: input.unitId,
				startsAt: input.startsAt,
				endsAt: input.endsAt,
				place: input.place ?? '',
				notes: input.notes ?? '',
				createdBy: input.createdBy ?? null,
				createdAt: input.endsAt,
				updatedAt: input.endsAt
			})
			.returning()
			.get();
		const ids = [...new Set(input.participants.map((p) => p.userId))];
		const units = new Map(
			ids.length ? (await tx.select({ id: users.id, unitId: users.orgUnitId }).from(users).where(inArray(users.id, ids)).all()).map((u) => [u.id, u.unitId]) : []
		);
		let added = 0;
		for (const p of input.participants) {
			if (!units.has(p.userId)) continue;
			const res = await tx
				.insert(attendances)
				.values({ activityId: activity.id, userId: p.userId, method: 'competition', at: p.at ?? input.endsAt, memberUnitId: units.get(p.userId) ?? null })
				.onConflictDoNothing()
				.run();
			added += res.changes;
		}
		return { activityId: activity.id, added };
	});
}
