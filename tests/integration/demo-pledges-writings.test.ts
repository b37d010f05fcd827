import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { users } from '../../src/lib/server/db/schema/index.ts';
import { findUnitByNamePath } from '../../src/lib/server/org/units.ts';
import { seedDemoPeople } from '../../src/lib/server/demo/people.ts';
import { seedDemoPledgesAndWritings } from '../../src/lib/server/demo/pledges-writings.ts';
import { parseLocalDateTime } from '../../src/lib/time.ts';
import { computeReport } from '../../src/lib/server/reports/report.ts';
import { presetPeriod } from '../../src/lib/server/reports/period.ts';
import { pledgesOf } from '../../src/lib/server/pledges/copies.ts';
import { learnerPledges } from '../../src/lib/server/pledges/learner.ts';
import { learnerCollections, writingsOf } from '../../src/lib/server/writings/overview.ts';

describe('demo pledges and writings', () => {
	it('shows a visitor a pledge and collections, while the demo learner’s own records stay empty', async () => {
		const db = await createTestDatabase();
		const now = parseLocalDateTime('2026-11-22T10:00')!;
		await seedDemoPeople(db);
		await seedDemoPledgesAndWritings(db, now);
		const chen = (await db.select().from(users).where(eq(users.username, 'xueyuan')).get())!;
		expect(await pledgesOf(db, chen.id)).toEqual([]);
		expect(await writingsOf(db, chen.id)).toEqual([]);
		// 陈立新 is asked to sign the 承诺书 and sees both collections, one with a gallery.
		expect((await learnerPledges(db, chen, now)).map((p) => [p.kind, p.status])).toEqual([['承诺书', 'unsigned']]);
		const collections = await learnerCollections(db, chen, now);
		expect(collections.map((c) => [c.kind, c.standing, c.galleryCount])).toEqual([
			['心得体会', 'none', 2],
			['廉政家书', 'none', 3]
		]);
		// 周文清 has a 责任书 to sign as 甲方.
		const zhou = (await db.select().from(users).where(eq(users.username, 'jgdw')).get())!;
		expect((await learnerPledges(db, zhou, now)).find((p) => p.kind === '责任书')).toMatchObject({ status: 'unsigned', pending: 3 });

		const unitId = (await findUnitByNamePath(db, '市纪委监委/机关党委'))!.id;
		const year = await computeReport(db, { unitId, ...presetPeriod('year', now) });
		expect(year.total.pledgesByKind.承诺书).toBeGreaterThan(20);
		expect(year.total.writingsByKind).toEqual({ 心得体会: 9, 廉政家书: 5 });
	});
});
