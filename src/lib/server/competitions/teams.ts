import { like } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits } from '../db/schema/index.ts';
import { getUnit, unitAndAncestorIds } from '../org/units.ts';

// 团体赛 by unit: a player's team is their unit's ancestor at a chosen depth of the org tree
// (depth 1 = the root), e.g. every 党支部 under a 机关党委. People in a unit shallower than that
// depth form a team of their own unit.

export async function teamForUnit(db: DB, orgUnitId: number, depth: number): Promise<{ key: string; name: string }> {
	const unit = await getUnit(db, orgUnitId);
	if (!unit) return { key: 'none', name: '未分组' };
	const ids = unitAndAncestorIds(unit.path);
	const teamId = ids[Math.min(Math.max(depth, 1), ids.length) - 1];
	const team = teamId === unit.id ? unit : await getUnit(db, teamId);
	return { key: `u${teamId}`, name: team?.name ?? unit.name };
}

export type DepthOption = { depth: number; label: string };

/**
 * The depths an organizer can split teams at, under their own unit: each with a few unit names
 * as examples, so "按第 3 级单位分队" reads as "第一党支部、第二党支部…".
 */
export async function teamDepthOptions(db: DB, rootUnitId: number): Promise<DepthOption[]> {
	const root = await getUnit(db, rootUnitId);
	if (!root) return [];
	const rootDepth = root.path.split('/').filter(Boolean).length;
	const units = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(like(orgUnits.path, `${root.path}%`)).all();
	const byDepth = new Map<number, string[]>();
	for (const u of units) {
		const d = u.path.split('/').filter(Boolean).length;
		const list = byDepth.get(d) ?? [];
		list.push(u.name);
		byDepth.set(d, list);
	}
	return [...byDepth.entries()]
		.filter(([d]) => d >= rootDepth)
		.sort((a, b) => a[0] - b[0])
		.map(([depth, names]) => ({
			depth,
			label: `${names.length} 个单位：${names.slice(0, 3).join('、')}${names.length > 3 ? '…' : ''}`
		}));
}
