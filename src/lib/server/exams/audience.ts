import { and, eq, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import { unitPathOf } from '../org/scope.ts';
import { examPeople, exams, orgUnits, users, type Exam } from '../db/schema/index.ts';

// Who sits an exam, as of now (current members, not disabled), the way reading lists and pledges
// say it: everyone of the unit subtree, its 领导干部 only, or the people named on the exam (named
// people, a 任前 batch imported from Excel, and the people of a 补考).

type Addressed = Pick<Exam, 'id' | 'unitId' | 'audience'>;

/** SQL for the ids of an exam's examinees. */
export function examineeIdsQuery(db: DB, exam: Addressed) {
	if (exam.audience === 'named' || exam.audience === 'batch') {
		return db
			.select({ id: examPeople.userId })
			.from(examPeople)
			.innerJoin(users, eq(users.id, examPeople.userId))
			.where(and(eq(examPeople.examId, exam.id), isNull(users.disabledAt)));
	}
	const unitPath = sql`(select ${orgUnits.path} from ${orgUnits} where ${orgUnits.id} = ${exam.unitId})`;
	const conditions: SQL[] = [like(orgUnits.path, sql`${unitPath} || '%'`), isNull(users.disabledAt), sql`${users.role} <> 'admin'`];
	if (exam.audience === 'leaders') conditions.push(eq(users.isLeader, true));
	return db
		.select({ id: users.id })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(...conditions));
}

export type PersonRef = { id: number; orgUnitId: number; isLeader: boolean; role?: string; unitPath?: string };

/** Whether the person sits the exam (now). */
export async function isExaminee(db: DB, exam: Addressed, person: PersonRef): Promise<boolean> {
	if (exam.audience === 'named' || exam.audience === 'batch') {
		return !!(await db.select({ id: examPeople.userId }).from(examPeople).where(and(eq(examPeople.examId, exam.id), eq(examPeople.userId, person.id))).get());
	}
	if (person.role === 'admin') return false;
	if (exam.audience === 'leaders' && !person.isLeader) return false;
	const paths = await db
		.select({ unit: orgUnits.path, exam: sql<string>`(select ${orgUnits.path} from ${orgUnits} where ${orgUnits.id} = ${exam.unitId})` })
		.from(orgUnits)
		.where(eq(orgUnits.id, person.orgUnitId))
		.get();
	return !!paths && paths.unit.startsWith(paths.exam);
}

/** Ids of the exams a person sits (now). */
// Built once per database (db/prepared.ts): the home page asks on every view.
const examsForPath = preparedQuery((db) =>
	db
		.select({
			id: exams.id,
			audience: exams.audience,
			inUnit: sql<number>`case when ${sql.placeholder('path')} like ${orgUnits.path} || '%' then 1 else 0 end`,
			named: sql<number | null>`(select 1 from ${examPeople} where ${examPeople.examId} = ${exams.id} and ${examPeople.userId} = ${sql.placeholder('userId')})`
		})
		.from(exams)
		.innerJoin(orgUnits, eq(orgUnits.id, exams.unitId))
		.prepare()
);

export async function examIdsFor(db: DB, person: PersonRef): Promise<number[]> {
	const path = await unitPathOf(db, person);
	if (!path) return [];
	const rows = await examsForPath(db).all({ path, userId: person.id });
	return rows
		.filter((r) => {
			if (r.audience === 'named' || r.audience === 'batch') return Number(r.named) === 1;
			if (person.role === 'admin') return false;
			return Number(r.inUnit) === 1 && (r.audience === 'all' || person.isLeader);
		})
		.map((r) => r.id);
}
