import { and, eq, gte, like, lt } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { firstTries, orgUnits, questions, users } from '../db/schema/index.ts';
import { parseRef, resolveRefs } from '../content/refs.ts';

// 薄弱条款: for the people now in a unit subtree, each article's share of wrong first tries — a
// person's first graded answer to a question (quiz, exam once released, competition) counts once,
// for every article the question cites. An organizer picks the next 专题党课 from the top of it.

export type WeakArticle = { ref: string; label: string; href: string | null; tries: number; wrong: number; people: number; wrongRate: number };

export async function weakArticles(db: DB, input: { unitPath: string; t0?: number; t1?: number; minTries?: number }): Promise<WeakArticle[]> {
	const conditions = [like(orgUnits.path, `${input.unitPath}%`)];
	if (input.t0 !== undefined) conditions.push(gte(firstTries.at, input.t0));
	if (input.t1 !== undefined) conditions.push(lt(firstTries.at, input.t1));
	const rows = await db
		.select({ userId: firstTries.userId, correct: firstTries.correct, refs: questions.refs })
		.from(firstTries)
		.innerJoin(users, eq(users.id, firstTries.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.innerJoin(questions, eq(questions.id, firstTries.questionId))
		.where(and(...conditions))
		.all();
	const byRef = new Map<string, { tries: number; wrong: number; people: Set<number> }>();
	for (const r of rows) {
		for (const ref of new Set(r.refs)) {
			if (!parseRef(ref)) continue;
			const x = byRef.get(ref) ?? { tries: 0, wrong: 0, people: new Set<number>() };
			x.tries++;
			if (!r.correct) x.wrong++;
			x.people.add(r.userId);
			byRef.set(ref, x);
		}
	}
	const min = input.minTries ?? 1;
	const refs = [...byRef.keys()].filter((r) => byRef.get(r)!.tries >= min);
	const resolved = new Map((await resolveRefs(db, refs)).map((r) => [r.ref, r]));
	return refs
		.map((ref) => {
			const x = byRef.get(ref)!;
			return { ref, label: resolved.get(ref)?.label ?? ref, href: resolved.get(ref)?.href ?? null, tries: x.tries, wrong: x.wrong, people: x.people.size, wrongRate: Math.round((1000 * x.wrong) / x.tries) / 10 };
		})
		.sort((a, b) => b.wrongRate - a.wrongRate || b.tries - a.tries || a.ref.localeCompare(b.ref));
}
