import { and, count, eq, isNull, like, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, users, type OrgUnit } from '../db/schema/index.ts';
import { ORG_UNIT_KINDS, type OrgUnitKind } from '../../vocabulary.ts';
import { compareUnits } from './collation.ts';
import { preparedQuery } from '../db/prepared.ts';
import { inJsonIds } from '../db/dialect.ts';

export type UnitNode = OrgUnit & { depth: number; children: UnitNode[] };

/** Where an organizer may act: the subtree under pathPrefix. Admins get `null` (everything). */
export type Scope = { unitId: number; pathPrefix: string } | null;

export async function createUnit(db: DB, input: { parentId: number | null; name: string; kind?: OrgUnitKind }): Promise<OrgUnit> {
	return await db.transaction(async (tx) => {
		const parent = input.parentId ? await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).get() : null;
		if (input.parentId && !parent) throw new Error(`上级单位不存在（id ${input.parentId}）`);
		const inserted = await tx
			.insert(orgUnits)
			.values({ parentId: input.parentId, name: input.name.trim(), kind: input.kind ?? '其他' })
			.returning()
			.get();
		const path = `${parent ? parent.path : '/'}${inserted.id}/`;
		await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, inserted.id)).run();
		return { ...inserted, path };
	});
}

// Every organizer page reads its unit (scopeFor) and the unit tree: built once per database.
const unitById = preparedQuery((db) => db.select().from(orgUnits).where(eq(orgUnits.id, sql.placeholder('id'))).prepare());
const allUnits = preparedQuery((db) => db.select().from(orgUnits).prepare());
const unitsUnder = preparedQuery((db) => db.select().from(orgUnits).where(like(orgUnits.path, sql.placeholder('pattern'))).prepare());

export async function getUnit(db: DB, id: number): Promise<OrgUnit | undefined> {
	return await unitById(db).get({ id });
}

/** Finds a unit by its name path (`市纪委/机关党委/第一党支部`), or undefined. */
export async function findUnitByNamePath(db: DB, namePath: string): Promise<OrgUnit | undefined> {
	let parent: OrgUnit | undefined;
	for (const name of splitNamePath(namePath)) {
		parent = await db
			.select()
			.from(orgUnits)
			.where(and(parent ? eq(orgUnits.parentId, parent.id) : isNull(orgUnits.parentId), eq(orgUnits.name, name)))
			.get();
		if (!parent) return undefined;
	}
	return parent;
}

/** Like findUnitByNamePath, creating the missing units on the way (kind guessed from the name). */
export async function ensureUnitByNamePath(db: DB, namePath: string): Promise<OrgUnit> {
	return await db.transaction(async (tx) => {
		let parent: OrgUnit | undefined;
		for (const name of splitNamePath(namePath)) {
			const existing = await tx
				.select()
				.from(orgUnits)
				.where(and(parent ? eq(orgUnits.parentId, parent.id) : isNull(orgUnits.parentId), eq(orgUnits.name, name)))
				.get();
			parent = existing ?? await createUnit(tx as unknown as DB, { parentId: parent?.id ?? null, name, kind: guessUnitKind(name) });
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

/**
 * The units on a unit's path, from the root down to the unit itself ('/1/4/7/' → [1, 4, 7]). What is
 * addressed to any of them reaches a person of the unit; as ids, a query can use the index on the
 * addressed unit instead of testing every row's path.
 */
export function unitAndAncestorIds(unitPath: string): number[] {
	return unitPath.split('/').filter(Boolean).map(Number);
}

// The 学习档案 shows it on every view: built once per database.
const unitNamesIn = preparedQuery((db) => db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inJsonIds(db, orgUnits.id, 'ids')).prepare());

/** The names from the root down to the unit, e.g. 市纪委/机关党委/第一党支部. */
export async function unitNamePath(db: DB, unit: Pick<OrgUnit, 'path'>): Promise<string> {
	const ids = unitAndAncestorIds(unit.path);
	const rows = await unitNamesIn(db).all({ ids: JSON.stringify(ids) });
	const byId = new Map(rows.map((r) => [r.id, r.name]));
	return ids.map((id) => byId.get(id) ?? '?').join('/');
}

export async function scopeFor(db: DB, user: { role: string; orgUnitId: number }): Promise<Scope> {
	if (user.role === 'admin') return null;
	const unit = await getUnit(db, user.orgUnitId);
	if (!unit) throw new Error(`用户所属单位不存在（id ${user.orgUnitId}）`);
	return { unitId: unit.id, pathPrefix: unit.path };
}

export async function unitInScope(db: DB, scope: Scope, unitId: number): Promise<boolean> {
	if (scope === null) return !!await getUnit(db, unitId);
	const unit = await getUnit(db, unitId);
	return !!unit && unit.path.startsWith(scope.pathPrefix);
}

/** SQL condition: the unit column's row lies inside the scope (join org_units first). */
export function inScopeCondition(scope: Scope) {
	return scope === null ? sql`1 = 1` : like(orgUnits.path, `${scope.pathPrefix}%`);
}

/**
 * All units in scope as a tree, siblings in unit order (compareUnits: the admin's sort order,
 * then the name with its ordinals by value: 第二 before 第十一).
 */
export async function unitTree(db: DB, scope: Scope): Promise<UnitNode[]> {
	const rows = scope === null ? await allUnits(db).all() : await unitsUnder(db).all({ pattern: `${scope.pathPrefix}%` });
	const nodes = new Map<number, UnitNode>();
	for (const r of rows.sort(compareUnits)) nodes.set(r.id, { ...r, depth: r.path.split('/').filter(Boolean).length - 1, children: [] });
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

// ---- Editing the tree (admin console) ----

export type UnitResult = { ok: true; unit: OrgUnit } | { ok: false; message: string };

export const UNIT_NAME_MAX = 60;

function unitNameProblem(name: string): string | null {
	if (!name) return '请填写单位名称';
	if (name.length > UNIT_NAME_MAX) return `单位名称不能超过 ${UNIT_NAME_MAX} 个字`;
	// The import and the name paths split on these characters, so a name must not contain them.
	if (/[/／>＞\\]/.test(name)) return '单位名称不能包含 / > \\ 等分隔符';
	return null;
}

// SQLite treats NULL parent ids as distinct in the unique index, so sibling names of top-level
// units are checked here for every parent alike.
async function siblingNamed(db: DB, parentId: number | null, name: string, exceptId?: number): Promise<OrgUnit | undefined> {
	return (await db
		.select()
		.from(orgUnits)
		.where(and(parentId === null ? isNull(orgUnits.parentId) : eq(orgUnits.parentId, parentId), eq(orgUnits.name, name)))
		.all())
		.find((u) => u.id !== exceptId);
}

/** Adds a unit under parentId (null = top level), refusing an empty or duplicate name. */
export async function addUnit(db: DB, input: { parentId: number | null; name: string; kind: OrgUnitKind }): Promise<UnitResult> {
	const name = input.name.trim();
	const problem = unitNameProblem(name);
	if (problem) return { ok: false, message: problem };
	if (input.parentId !== null && !await getUnit(db, input.parentId)) return { ok: false, message: '上级单位不存在' };
	if (await siblingNamed(db, input.parentId, name)) return { ok: false, message: `同一上级下已有名为“${name}”的单位` };
	return { ok: true, unit: await createUnit(db, { parentId: input.parentId, name, kind: input.kind }) };
}

export async function renameUnit(db: DB, input: { id: number; name: string }): Promise<UnitResult> {
	const unit = await getUnit(db, input.id);
	if (!unit) return { ok: false, message: '单位不存在' };
	const name = input.name.trim();
	const problem = unitNameProblem(name);
	if (problem) return { ok: false, message: problem };
	if (await siblingNamed(db, unit.parentId, name, unit.id)) return { ok: false, message: `同一上级下已有名为“${name}”的单位` };
	return { ok: true, unit: await db.update(orgUnits).set({ name }).where(eq(orgUnits.id, unit.id)).returning().get() };
}

export async function setUnitKind(db: DB, input: { id: number; kind: OrgUnitKind }): Promise<UnitResult> {
	const unit = await getUnit(db, input.id);
	if (!unit) return { ok: false, message: '单位不存在' };
	return { ok: true, unit: await db.update(orgUnits).set({ kind: input.kind }).where(eq(orgUnits.id, unit.id)).returning().get() };
}

export const SORT_ORDER_MIN = -9999;
export const SORT_ORDER_MAX = 9999;

/**
 * Sets where a unit stands among its siblings: smaller numbers first; units with the same number
 * (0 unless set) follow the numbers in their names (第二 before 第十一).
 */
export async function setUnitSortOrder(db: DB, input: { id: number; sortOrder: number }): Promise<UnitResult> {
	if (!Number.isInteger(input.sortOrder) || input.sortOrder < SORT_ORDER_MIN || input.sortOrder > SORT_ORDER_MAX) {
		return { ok: false, message: `排序号应为 ${SORT_ORDER_MIN} 到 ${SORT_ORDER_MAX} 之间的整数` };
	}
	const unit = await db.update(orgUnits).set({ sortOrder: input.sortOrder }).where(eq(orgUnits.id, input.id)).returning().get();
	return unit ? { ok: true, unit } : { ok: false, message: '单位不存在' };
}

/**
 * Moves a unit (with its whole subtree) under another parent, or to the top level. The
 * materialized paths of every unit in the subtree change in the same transaction, so scope
 * checks never see a half-moved tree.
 */
export async function moveUnit(db: DB, input: { id: number; parentId: number | null }): Promise<UnitResult> {
	return await db.transaction(async (tx) => {
		const unit = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.id)).get();
		if (!unit) return { ok: false, message: '单位不存在' };
		if (input.parentId === unit.parentId) return { ok: false, message: '该单位已在所选上级单位之下' };
		const parent = input.parentId === null ? null : await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).get();
		if (input.parentId !== null && !parent) return { ok: false, message: '目标上级单位不存在' };
		if (parent && parent.path.startsWith(unit.path)) {
			return { ok: false, message: parent.id === unit.id ? '不能把单位移动到它自己之下' : '不能把单位移动到它自己的下级单位之下' };
		}
		if (await siblingNamed(tx as unknown as DB, input.parentId, unit.name)) {
			return { ok: false, message: `目标上级单位下已有名为“${unit.name}”的单位，请先改名` };
		}
		const oldPath = unit.path;
		const newPath = `${parent ? parent.path : '/'}${unit.id}/`;
		await tx.update(orgUnits).set({ parentId: input.parentId }).where(eq(orgUnits.id, unit.id)).run();
		await tx.update(orgUnits)
			.set({ path: sql`${newPath} || substr(${orgUnits.path}, ${oldPath.length + 1})` })
			.where(like(orgUnits.path, `${oldPath}%`))
			.run();
		return { ok: true, unit: (await tx.select().from(orgUnits).where(eq(orgUnits.id, unit.id)).get())! };
	});
}

/** Deletes a unit only when it has no sub-units, no people and nothing else recorded against it. */
export async function deleteUnit(db: DB, input: { id: number }): Promise<{ ok: true } | { ok: false; message: string }> {
	const unit = await getUnit(db, input.id);
	if (!unit) return { ok: false, message: '单位不存在' };
	const childCount = (await db.select({ n: count() }).from(orgUnits).where(eq(orgUnits.parentId, unit.id)).get())!.n;
	if (childCount > 0) return { ok: false, message: `“${unit.name}”下还有 ${childCount} 个下级单位，不能删除` };
	const peopleCount = (await db.select({ n: count() }).from(users).where(eq(users.orgUnitId, unit.id)).get())!.n;
	if (peopleCount > 0) return { ok: false, message: `“${unit.name}”下还有 ${peopleCount} 名人员，请先调整他们的所属单位` };
	try {
		await db.delete(orgUnits).where(eq(orgUnits.id, unit.id)).run();
	} catch (e) {
		// Other modules (activities, readingLists…) reference units with ON DELETE RESTRICT.
		if (e instanceof Error && /FOREIGN KEY/i.test(e.message)) {
			return { ok: false, message: `“${unit.name}”仍有关联的学习活动或任务记录，不能删除` };
		}
		throw e;
	}
	return { ok: true };
}

/** Number of people directly in each unit, keyed by unit id. */
export async function peopleCountByUnit(db: DB): Promise<Map<number, number>> {
	const rows = await db.select({ unitId: users.orgUnitId, n: count() }).from(users).groupBy(users.orgUnitId).all();
	return new Map(rows.map((r) => [r.unitId, r.n]));
}

/** Name paths (市纪委/机关党委/第一党支部) of every unit, computed from one query. */
export async function unitNamePaths(db: DB): Promise<Map<number, string>> {
	const rows = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).all();
	const names = new Map(rows.map((r) => [r.id, r.name]));
	return new Map(
		rows.map((r) => [
			r.id,
			r.path
				.split('/')
				.filter(Boolean)
				.map((id) => names.get(Number(id)) ?? '?')
				.join('/')
		])
	);
}

export const UNIT_KINDS = ORG_UNIT_KINDS;

/** Units as options for a <select>: depth-first, with the depth for indentation. */
export async function unitOptions(db: DB, scope: Scope = null): Promise<{ id: number; name: string; depth: number }[]> {
	return flattenTree(await unitTree(db, scope)).map((u) => ({ id: u.id, name: u.name, depth: u.depth }));
}

/** Everything the unit page shows: the unit, its children, head counts and where it may move. */
export async function unitDetail(db: DB, id: number) {
	const unit = await getUnit(db, id);
	if (!unit) return undefined;
	const children = (await db.select().from(orgUnits).where(eq(orgUnits.parentId, id)).all()).sort(compareUnits);
	const directPeople = (await db.select({ n: count() }).from(users).where(eq(users.orgUnitId, id)).get())!.n;
	const subtreePeople = (await db
		.select({ n: count() })
		.from(users)
		.innerJoin(orgUnits, eq(users.orgUnitId, orgUnits.id))
		.where(like(orgUnits.path, `${unit.path}%`))
		.get())!.n;
	// A unit cannot move under itself or anything below it.
	const moveTargets = flattenTree(await unitTree(db, null))
		.filter((u) => !u.path.startsWith(unit.path))
		.map((u) => ({ id: u.id, name: u.name, depth: u.depth }));
	return { unit, namePath: await unitNamePath(db, unit), children, directPeople, subtreePeople, moveTargets };
}
