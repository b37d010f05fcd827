import { and, asc, eq, isNull, like, or, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, type OrgUnit, type OrgUnitKind } from '../db/schema/index.ts';

export type UnitNode = OrgUnit & { depth: number; children: UnitNode[] };

/** Where an organizer may act: the subtree under pathPrefix. Admins get `null` (everything). */
export type Scope = { unitId: number; pathPrefix: string } | null;

export function createUnit(db: DB, input: { parentId: number | null; name: string; kind?: OrgUnitKind }): OrgUnit {
	return db.transaction((tx) => {
		const parent = input.parentId ? tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).get() : null;
		if (input.parentId && !parent) throw new Error(`上级单位不存在（id ${input.parentId}）`);
		const inserted = tx
			.insert(orgUnits)
			.values({ parentId: input.parentId, name: input.name.trim(), kind: input.kind ?? '其他' })
			.returning()
			.get();
		const path = `${parent ? parent.path : '/'}${inserted.id}/`;
		tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, inserted.id)).run();
		return { ...inserted, path };
	});
}

export function getUnit(db: DB, id: number): OrgUnit | undefined {
	return db.select().from(orgUnits).where(eq(orgUnits.id, id)).get();
}

/** Finds a unit by its name path (`市纪委/机关党委/第一党支部`), or undefined. */
export function findUnitByNamePath(db: DB, namePath: string): OrgUnit | undefined {
	let parent: OrgUnit | undefined;
	for (const name of splitNamePath(namePath)) {
		parent = db
			.select()
			.from(orgUnits)
			.where(and(parent ? eq(orgUnits.parentId, parent.id) : isNull(orgUnits.parentId), eq(orgUnits.name, name)))
			.get();
		if (!parent) return undefined;
	}
	return parent;
}

/** Like findUnitByNamePath, creating the missing units on the way (kind guessed from the name). */
export function ensureUnitByNamePath(db: DB, namePath: string): OrgUnit {
	return db.transaction((tx) => {
		let parent: OrgUnit | undefined;
		for (const name of splitNamePath(namePath)) {
			const existing = tx
				.select()
				.from(orgUnits)
				.where(and(parent ? eq(orgUnits.parentId, parent.id) : isNull(orgUnits.parentId), eq(orgUnits.name, name)))
				.get();
			parent = existing ?? createUnit(tx as unknown as DB, { parentId: parent?.id ?? null, name, kind: guessUnitKind(name) });
		}
		if (!parent) throw new Error('单位路径为空');
		return parent;
	});
}

export function splitNamePath(namePath: string): string[] {
	return namePath
		.split(/[/／>＞\\]/)
		.map((s) => s.trim())
		.filter(Boolean);
}

export function guessUnitKind(name: string): OrgUnitKind {
	if (name.endsWith('党总支')) return '党总支';
	if (name.endsWith('党支部')) return '党支部';
	if (name.endsWith('党小组')) return '党小组';
	if (name.endsWith('党委') || name.endsWith('党组')) return '党委';
	if (name.endsWith('科') || name.endsWith('室') || name.endsWith('处')) return '科室';
	return '单位';
}

/** The names from the root down to the unit, e.g. 市纪委/机关党委/第一党支部. */
export function unitNamePath(db: DB, unit: OrgUnit): string {
	const ids = unit.path.split('/').filter(Boolean).map(Number);
	const rows = db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(sql`${orgUnits.id} in ${ids}`).all();
	const byId = new Map(rows.map((r) => [r.id, r.name]));
	return ids.map((id) => byId.get(id) ?? '?').join('/');
}

export function scopeFor(db: DB, user: { role: string; orgUnitId: number }): Scope {
	if (user.role === 'admin') return null;
	const unit = getUnit(db, user.orgUnitId);
	if (!unit) throw new Error(`用户所属单位不存在（id ${user.orgUnitId}）`);
	return { unitId: unit.id, pathPrefix: unit.path };
}

export function unitInScope(db: DB, scope: Scope, unitId: number): boolean {
	if (scope === null) return !!getUnit(db, unitId);
	const unit = getUnit(db, unitId);
	return !!unit && unit.path.startsWith(scope.pathPrefix);
}

/** SQL condition: the unit column's row lies inside the scope (join org_units first). */
export function inScopeCondition(scope: Scope) {
	return scope === null ? sql`1 = 1` : like(orgUnits.path, `${scope.pathPrefix}%`);
}

/** All units in scope as a tree, ordered by sort order then name. */
export function unitTree(db: DB, scope: Scope): UnitNode[] {
	const rows = db
		.select()
		.from(orgUnits)
		.where(scope === null ? undefined : or(like(orgUnits.path, `${scope.pathPrefix}%`)))
		.orderBy(asc(orgUnits.sortOrder), asc(orgUnits.name))
		.all();
	const nodes = new Map<number, UnitNode>();
	for (const r of rows) nodes.set(r.id, { ...r, depth: r.path.split('/').filter(Boolean).length - 1, children: [] });
	const roots: UnitNode[] = [];
	for (const node of nodes.values()) {
		const parent = node.parentId ? nodes.get(node.parentId) : undefined;
		if (parent) parent.children.push(node);
		else roots.push(node);
	}
	return roots;
}

/** Depth-first flat list, handy for <select> options and indented tables. */
export function flattenTree(nodes: UnitNode[]): UnitNode[] {
	return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}
