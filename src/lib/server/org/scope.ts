import { asc, eq, like } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, type OrgUnit } from '../db/schema/index.ts';
import type { Scope } from './units.ts';

// Organizers act on their own unit's subtree (Scope.pathPrefix); admins get null = everything.
// Every id that comes from a URL or a form goes through one of these before anything is shown.

export function pathInScope(scope: Scope, path: string): boolean {
	return scope === null || path.startsWith(scope.pathPrefix);
}

export async function unitIfInScope(db: DB, scope: Scope, unitId: number): Promise<OrgUnit | undefined> {
	const unit = await db.select().from(orgUnits).where(eq(orgUnits.id, unitId)).get();
	return unit && pathInScope(scope, unit.path) ? unit : undefined;
}

/** Units of a subtree (the unit itself first), ordered by path so parents precede children. */
export async function subtreeUnits(db: DB, root: OrgUnit): Promise<OrgUnit[]> {
	return await db.select().from(orgUnits).where(like(orgUnits.path, `${root.path}%`)).orderBy(asc(orgUnits.path)).all();
}

/** The unit an organizer's pages open on: their own unit, or for admins the first top-level unit. */
export async function defaultUnit(db: DB, scope: Scope): Promise<OrgUnit | undefined> {
	if (scope) return await db.select().from(orgUnits).where(eq(orgUnits.id, scope.unitId)).get();
	return await db.select().from(orgUnits).orderBy(asc(orgUnits.path)).limit(1).get();
}

export type UnitOption = { id: number; name: string; label: string; depth: number };

/** Units in scope as indented <select> options, parents before children. */
export async function unitOptions(db: DB, scope: Scope): Promise<UnitOption[]> {
	const rows = await db
		.select()
		.from(orgUnits)
		.where(scope === null ? undefined : like(orgUnits.path, `${scope.pathPrefix}%`))
		.all();
	const byId = new Map(rows.map((r) => [r.id, r]));
	const topDepth = Math.min(...rows.map((r) => depthOf(r.path)));
	// Sort siblings by sort order then name, keeping each subtree together.
	const key = (u: OrgUnit): string =>
		u.path
			.split('/')
			.filter(Boolean)
			.map((id) => {
				const n = byId.get(Number(id));
				return n ? `${String(n.sortOrder).padStart(6, '0')}:${n.name}:${n.id}` : id;
			})
			.join('\u0000');
	return rows
		.map((u) => ({ u, k: key(u) }))
		.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
		.map(({ u }) => {
			const depth = depthOf(u.path) - topDepth;
			return { id: u.id, name: u.name, depth, label: `${'　'.repeat(depth)}${u.name}` };
		});
}

function depthOf(path: string): number {
	return path.split('/').filter(Boolean).length;
}
