import { eq, isNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, type OrgUnit } from '../db/schema/index.ts';
import { flattenTree, getUnit, unitTree, type Scope } from './units.ts';
import { compareUnits } from './collation.ts';

// Organizers act on their own unit's subtree (Scope.pathPrefix); admins get null = everything.
// Every id that comes from a URL or a form goes through one of these before anything is shown.

export function pathInScope(scope: Scope, path: string): boolean {
	return scope === null || path.startsWith(scope.pathPrefix);
}

/**
 * The path of a person's unit: from the session (SessionUser.unitPath, read with it) when the
 * caller has it, else from the database. undefined when the unit does not exist.
 */
export async function unitPathOf(db: DB, person: { orgUnitId: number; unitPath?: string }): Promise<string | undefined> {
	if (person.unitPath) return person.unitPath;
	return (await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, person.orgUnitId)).get())?.path;
}

export async function unitIfInScope(db: DB, scope: Scope, unitId: number): Promise<OrgUnit | undefined> {
	const unit = await db.select().from(orgUnits).where(eq(orgUnits.id, unitId)).get();
	return unit && pathInScope(scope, unit.path) ? unit : undefined;
}

/** The unit an organizer's pages open on: their own unit, or for admins the first top-level unit. */
export async function defaultUnit(db: DB, scope: Scope): Promise<OrgUnit | undefined> {
	if (scope) return await getUnit(db, scope.unitId);
	return (await db.select().from(orgUnits).where(isNull(orgUnits.parentId)).all()).sort(compareUnits)[0];
}

export type UnitOption = { id: number; name: string; label: string; depth: number };

/** Units in scope as indented <select> options, parents before children, siblings in unit order. */
export async function unitOptions(db: DB, scope: Scope): Promise<UnitOption[]> {
	const units = flattenTree(await unitTree(db, scope));
	const topDepth = Math.min(...units.map((u) => depthOf(u.path)));
	return units.map((u) => {
		const depth = depthOf(u.path) - topDepth;
		return { id: u.id, name: u.name, depth, label: `${'　'.repeat(depth)}${u.name}` };
	});
}

function depthOf(path: string): number {
	return path.split('/').filter(Boolean).length;
}
