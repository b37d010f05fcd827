import { and, asc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import { orgUnits, pledgeLetters, pledgePeople, pledges, users, type Pledge } from '../db/schema/index.ts';
import { unitPathOf } from '../org/scope.ts';

// Who a pledge is addressed to, as of now (current members of the unit subtree, not disabled):
//   承诺书 — everyone of the unit subtree, its 领导干部 only, or named people (like a reading list);
//   责任书 — the two parties of each of its letters.

/** SQL for the ids of the people a 承诺书 addresses. */
export function addresseeIdsQuery(db: DB, pledge: Pick<Pledge, 'id' | 'unitId' | 'audience'>) {
	if (pledge.audience === 'named') {
		return db
			.select({ id: pledgePeople.userId })
			.from(pledgePeople)
			.innerJoin(users, eq(users.id, pledgePeople.userId))
			.where(and(eq(pledgePeople.pledgeId, pledge.id), isNull(users.disabledAt)));
	}
	if (pledge.audience === 'letters') {
		return db
			.select({ id: users.id })
			.from(users)
			.where(
				and(
					isNull(users.disabledAt),
					or(
						inArray(users.id, db.select({ id: pledgeLetters.firstUserId }).from(pledgeLetters).where(eq(pledgeLetters.pledgeId, pledge.id))),
						inArray(users.id, db.select({ id: pledgeLetters.secondUserId }).from(pledgeLetters).where(eq(pledgeLetters.pledgeId, pledge.id)))
					)
				)
			);
	}
	const unitPath = sql`(select ${orgUnits.path} from ${orgUnits} where ${orgUnits.id} = ${pledge.unitId})`;
	const conditions: SQL[] = [like(orgUnits.path, sql`${unitPath} || '%'`), isNull(users.disabledAt)];
	if (pledge.audience === 'leaders') conditions.push(eq(users.isLeader, true));
	return db
		.select({ id: users.id })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(...conditions));
}

export type PersonRef = { id: number; orgUnitId: number; isLeader: boolean; unitPath?: string };

/** Ids of the pledges addressed to a person now. */
// Built once per database (db/prepared.ts): the home page asks on every view.
const pledgesForPath = preparedQuery((db) =>
	db
		.select({
			id: pledges.id,
			audience: pledges.audience,
			inUnit: sql<number>`case when ${sql.placeholder('path')} like ${orgUnits.path} || '%' then 1 else 0 end`,
			named: sql<number | null>`(select 1 from ${pledgePeople} where ${pledgePeople.pledgeId} = ${pledges.id} and ${pledgePeople.userId} = ${sql.placeholder('userId')})`,
			party: sql<number | null>`(select 1 from ${pledgeLetters} where ${pledgeLetters.pledgeId} = ${pledges.id} and (${pledgeLetters.firstUserId} = ${sql.placeholder('userId')} or ${pledgeLetters.secondUserId} = ${sql.placeholder('userId')}) limit 1)`
		})
		.from(pledges)
		.innerJoin(orgUnits, eq(orgUnits.id, pledges.unitId))
		.prepare()
);

export async function pledgeIdsFor(db: DB, user: PersonRef): Promise<number[]> {
	const unitPath = await unitPathOf(db, user);
	if (!unitPath) return [];
	const rows = await pledgesForPath(db).all({ path: unitPath, userId: user.id });
	return rows
		.filter((r) => {
			if (r.audience === 'letters') return r.party === 1;
			if (r.audience === 'named') return r.named === 1;
			return Number(r.inUnit) === 1 && (r.audience === 'all' || user.isLeader);
		})
		.map((r) => r.id);
}

export type LetterView = { id: number; first: { id: number; name: string; username: string; unitName: string }; second: { id: number; name: string; username: string; unitId: number; unitName: string } };

/** The letters of a 责任书 with both parties' names, in the order they were listed. */
export async function lettersOf(db: DB, pledgeId: number): Promise<LetterView[]> {
	const rows = await db
		.select({
			id: pledgeLetters.id,
			firstId: pledgeLetters.firstUserId,
			secondId: pledgeLetters.secondUserId
		})
		.from(pledgeLetters)
		.where(eq(pledgeLetters.pledgeId, pledgeId))
		.orderBy(asc(pledgeLetters.id))
		.all();
	if (!rows.length) return [];
	const ids = [...new Set(rows.flatMap((r) => [r.firstId, r.secondId]))];
	const people = new Map(
		(await db
			.select({ id: users.id, name: users.name, username: users.username, unitId: users.orgUnitId, unitName: orgUnits.name })
			.from(users)
			.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
			.where(inArray(users.id, ids))
			.all()).map((p) => [p.id, p])
	);
	return rows.map((r) => {
		const f = people.get(r.firstId)!;
		const s = people.get(r.secondId)!;
		return { id: r.id, first: { id: f.id, name: f.name, username: f.username, unitName: f.unitName }, second: { id: s.id, name: s.name, username: s.username, unitId: s.unitId, unitName: s.unitName } };
	});
}
