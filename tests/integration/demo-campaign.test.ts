import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { users } from '../../src/lib/server/db/schema/index.ts';
import { scopeFor } from '../../src/lib/server/org/units.ts';
import { seedDemoPeople } from '../../src/lib/server/demo/people.ts';
import { seedDemoActivity } from '../../src/lib/server/demo/activity.ts';
import { seedDemoPledgesAndWritings } from '../../src/lib/server/demo/pledges-writings.ts';
import { seedDemoCampaign } from '../../src/lib/server/demo/campaign.ts';
import { listCampaigns } from '../../src/lib/server/campaigns/access.ts';
import { campaignOverview } from '../../src/lib/server/campaigns/pages.ts';
import { parseLocalDateTime } from '../../src/lib/time.ts';

describe('demo campaign', () => {
	it('shows the matrix in all three states: branches done or under way, one untouched', async () => {
		const db = await createTestDatabase();
		const now = parseLocalDateTime('2026-11-22T10:00')!;
		await seedDemoPeople(db);
		await seedDemoActivity(db, now);
		await seedDemoPledgesAndWritings(db, now);
		await seedDemoCampaign(db, now);
		const jgdw = (await db.select().from(users).where(eq(users.username, 'jgdw')).get())!;
		const [campaign] = await listCampaigns(db, await scopeFor(db, jgdw));
		expect(campaign).toMatchObject({ title: '“五个一”廉政教育系列活动', actions: 5, units: 4, manage: true });
		const overview = (await campaignOverview(db, await scopeFor(db, jgdw), campaign.id, now))!;
		const statuses = (name: string) => overview.rows.find((r) => r.unit.name === name)!.cells.map((c) => c.status);
		expect(statuses('第一党支部').filter((s) => s === 'done').length).toBeGreaterThanOrEqual(2);
		// Nothing of its own is linked for 派驻机构党总支: its sessions' actions are missing; the 承诺书 and the
		// 心得体会 collection of 机关党委 count for it by its own people's signatures and pieces.
		const general = statuses('派驻机构党总支');
		expect([general[0], general[1], general[4]]).toEqual(['missing', 'missing', 'missing']);
		expect(new Set(overview.rows.flatMap((r) => r.cells.map((c) => c.status)))).toEqual(new Set(['done', 'in-progress', 'missing']));
		// 第一党支部's organizer sees the campaign with that branch only.
		const zb1 = (await db.select().from(users).where(eq(users.username, 'zb1')).get())!;
		expect((await campaignOverview(db, await scopeFor(db, zb1), campaign.id, now))!.rows.map((r) => r.unit.name)).toEqual(['第一党支部']);
	});
});
