import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { orgUnits, users } from '../db/schema/index.ts';
import {
	addUnit,
	deleteUnit,
	ensureUnitByNamePath,
	findUnitByNamePath,
	flattenTree,
	getUnit,
	moveUnit,
	renameUnit,
	scopeFor,
	setUnitKind,
	setUnitSortOrder,
	unitDetail,
	unitInScope,
	unitNamePath,
	unitNamePaths,
	unitOptions,
	unitTree
} from './units.ts';
import { unitOptions as scopedUnitOptions } from './scope.ts';
import { computeReport } from '../reports/report.ts';

/** 市纪委 ─ 机关党委 ─ 第一党支部 ─ 第一党小组, plus 派驻党总支 beside 机关党委. */
async function setup() {
	const db = await createTestDatabase();
	const group = await ensureUnitByNamePath(db, '市纪委/机关党委/第一党支部/第一党小组');
	const branch = (await getUnit(db, group.parentId!))!;
	const committee = (await getUnit(db, branch.parentId!))!;
	const root = (await getUnit(db, committee.parentId!))!;
	const general = await ensureUnitByNamePath(db, '市纪委/派驻党总支');
	return { db, root, committee, branch, group, general };
}

async function paths(db: DB) {
	return Object.fromEntries((await db.select().from(orgUnits).all()).map((u) => [u.name, u.path]));
}

describe('org tree paths', () => {
	it('builds materialized paths and name paths when units are created from a name path', async () => {
		const { db, root, committee, branch, group } = await setup();
		expect(group.path).toBe(`/${root.id}/${committee.id}/${branch.id}/${group.id}/`);
		expect(await unitNamePath(db, group)).toBe('市纪委/机关党委/第一党支部/第一党小组');
		expect(branch.kind).toBe('党支部');
		expect(flattenTree(await unitTree(db, null)).map((u) => u.name)).toEqual(['市纪委', '机关党委', '第一党支部', '第一党小组', '派驻党总支']);
	});

	it('moving a unit rewrites the paths of its whole subtree, and scopes follow', async () => {
		const { db, root, committee, general, branch, group } = await setup();
		const result = await moveUnit(db, { id: branch.id, parentId: general.id });
		expect(result.ok).toBe(true);
		const p = (await paths(db));
		expect(p['第一党支部']).toBe(`/${root.id}/${general.id}/${branch.id}/`);
		expect(p['第一党小组']).toBe(`/${root.id}/${general.id}/${branch.id}/${group.id}/`);
		expect(p['机关党委']).toBe(`/${root.id}/${committee.id}/`);
		expect((await unitNamePaths(db)).get(group.id)).toBe('市纪委/派驻党总支/第一党支部/第一党小组');
		// An organizer of 派驻党总支 now sees the moved branch and its group.
		const scope = await scopeFor(db, { role: 'organizer', orgUnitId: general.id });
		expect(await unitInScope(db, scope, group.id)).toBe(true);
	});

	it('moves a unit to the top level', async () => {
		const { db, committee, group } = await setup();
		expect((await moveUnit(db, { id: committee.id, parentId: null })).ok).toBe(true);
		expect((await getUnit(db, committee.id))!.path).toBe(`/${committee.id}/`);
		expect((await getUnit(db, group.id))!.path.startsWith(`/${committee.id}/`)).toBe(true);
		expect((await getUnit(db, committee.id))!.parentId).toBeNull();
	});

	it('refuses to move a unit under itself or its own descendant, changing nothing', async () => {
		const { db, committee, group } = await setup();
		const before = (await paths(db));
		const underDescendant = await moveUnit(db, { id: committee.id, parentId: group.id });
		expect(underDescendant).toEqual({ ok: false, message: '不能把单位移动到它自己的下级单位之下' });
		const underItself = await moveUnit(db, { id: committee.id, parentId: committee.id });
		expect(underItself).toEqual({ ok: false, message: '不能把单位移动到它自己之下' });
		expect((await paths(db))).toEqual(before);
	});

	it('refuses a move that would put two units of the same name under one parent', async () => {
		const { db, general, branch } = await setup();
		await addUnit(db, { parentId: general.id, name: '第一党支部', kind: '党支部' });
		const result = await moveUnit(db, { id: branch.id, parentId: general.id });
		expect(result.ok).toBe(false);
		expect((await getUnit(db, branch.id))!.parentId).not.toBe(general.id);
	});

	it('renames and re-kinds a unit, refusing duplicate or empty names', async () => {
		const { db, committee, general } = await setup();
		expect((await renameUnit(db, { id: general.id, name: '  派驻机构党总支 ' })).ok).toBe(true);
		expect((await getUnit(db, general.id))!.name).toBe('派驻机构党总支');
		expect(await renameUnit(db, { id: general.id, name: '机关党委' })).toEqual({ ok: false, message: '同一上级下已有名为“机关党委”的单位' });
		expect(await renameUnit(db, { id: general.id, name: '  ' })).toEqual({ ok: false, message: '请填写单位名称' });
		expect((await renameUnit(db, { id: general.id, name: 'a/b' })).ok).toBe(false);
		expect((await setUnitKind(db, { id: committee.id, kind: '党总支' })).ok).toBe(true);
		expect((await getUnit(db, committee.id))!.kind).toBe('党总支');
	});

	it('refuses a second top-level unit of the same name', async () => {
		const { db } = await setup();
		expect(await addUnit(db, { parentId: null, name: '市纪委', kind: '单位' })).toEqual({ ok: false, message: '同一上级下已有名为“市纪委”的单位' });
		expect((await addUnit(db, { parentId: null, name: '市委组织部', kind: '单位' })).ok).toBe(true);
	});

	it('deletes only empty units', async () => {
		const { db, branch, group, general } = await setup();
		const withChild = await deleteUnit(db, { id: branch.id });
		expect(withChild.ok).toBe(false);
		await db.insert(users).values({ username: 'p1', name: '某人', orgUnitId: group.id, passwordHash: 'x' }).run();
		expect(await deleteUnit(db, { id: group.id })).toEqual({ ok: false, message: '“第一党小组”下还有 1 名人员，请先调整他们的所属单位' });
		expect(await getUnit(db, group.id)).toBeDefined();
		expect(await deleteUnit(db, { id: general.id })).toEqual({ ok: true });
		expect(await getUnit(db, general.id)).toBeUndefined();
	});
});

describe('unit order', () => {
	async function branches() {
		const db = await createTestDatabase();
		for (const name of ['第一党支部', '第三党支部', '第十一党支部', '第二党支部']) await ensureUnitByNamePath(db, `市纪委/${name}`);
		const root = (await findUnitByNamePath(db, '市纪委'))!;
		return { db, root };
	}
	const expected = ['第一党支部', '第二党支部', '第三党支部', '第十一党支部'];

	it('lists sibling units by the numbers in their names in the tree, the selects and the report', async () => {
		const { db, root } = await branches();
		expect(flattenTree(await unitTree(db, null)).map((u) => u.name)).toEqual(['市纪委', ...expected]);
		expect((await unitOptions(db, null)).map((u) => u.name)).toEqual(['市纪委', ...expected]);
		expect((await scopedUnitOptions(db, { unitId: root.id, pathPrefix: root.path })).map((u) => u.label)).toEqual(['市纪委', ...expected.map((n) => `\u3000${n}`)]);
		const report = await computeReport(db, { unitId: root.id, from: '2026-01-01', to: '2026-12-31' });
		expect(report.rows.map((r) => r.name)).toEqual(['市纪委（本级）', ...expected]);
		expect((await unitDetail(db, root.id))!.children.map((u) => u.name)).toEqual(expected);
	});

	it('puts the admin’s sort order first, refusing numbers out of range', async () => {
		const { db, root } = await branches();
		const eleventh = (await findUnitByNamePath(db, '市纪委/第十一党支部'))!;
		expect(await setUnitSortOrder(db, { id: eleventh.id, sortOrder: -1 })).toMatchObject({ ok: true, unit: { sortOrder: -1 } });
		const report = await computeReport(db, { unitId: root.id, from: '2026-01-01', to: '2026-12-31' });
		expect(report.rows.map((r) => r.name)).toEqual(['市纪委（本级）', '第十一党支部', '第一党支部', '第二党支部', '第三党支部']);
		expect(await setUnitSortOrder(db, { id: eleventh.id, sortOrder: 100000 })).toEqual({ ok: false, message: '排序号应为 -9999 到 9999 之间的整数' });
		expect(await setUnitSortOrder(db, { id: 999999, sortOrder: 1 })).toEqual({ ok: false, message: '单位不存在' });
		expect((await getUnit(db, eleventh.id))!.sortOrder).toBe(-1);
	});
});
