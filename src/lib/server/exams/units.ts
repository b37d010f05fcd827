import type { DB } from '../db/client.ts';
import { orgUnits } from '../db/schema/index.ts';

/** Every unit's materialized path, by id (to pick a subtree's people out of an exam's results). */
export async function orgUnitPaths(db: DB): Promise<Map<number, string>> {
	return new Map((await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).all()).map((u) => [u.id, u.path]));
}
