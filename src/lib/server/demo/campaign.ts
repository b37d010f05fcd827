import { and, eq, like } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, orgUnits, pledges, users, writingCollections } from '../db/schema/index.ts';
import { findUnitByNamePath, scopeFor } from '../org/units.ts';
import { DAY_MS, localDate, parseLocalDate } from '../../time.ts';
import { actionsOf, publishCampaign, saveAction, saveCampaign, type ActionDraft } from '../campaigns/campaigns.ts';
import { linkRecord } from '../campaigns/links.ts';
import { DEMO_UNITS } from './people.ts';

// A demo campaign: 机关党委's “五个一”廉政教育系列活动 over the last half year and the coming two
// months, with the demo records already linked for 第一、第二党支部 (done or under way), one action
// linked for 第三党支部 and nothing yet for 派驻机构党总支 — so the matrix shows all three states.
// Run after the demo activities, pledges and writings.

const ACTIONS: ActionDraft[] = [
	{ kind: 'activity', subKind: '专题党课', category: 'required', title: '讲一堂廉政党课', description: '支部书记讲专题廉政党课', targetMode: 'times', targetTimes: 1 },
	{ kind: 'activity', subKind: '警示教育片', category: 'required', title: '观看一部警示教育片', description: '', targetMode: 'times', targetTimes: 1 },
	{ kind: 'pledge', subKind: '承诺书', category: 'required', title: '签订一份廉洁自律承诺书', description: '全体党员干部签订', targetMode: 'everyone', targetTimes: 1 },
	{ kind: 'writing', subKind: '心得体会', category: 'optional', title: '撰写一篇心得体会', description: '', targetMode: 'times', targetTimes: 1 },
	{ kind: 'activity', subKind: '参观廉政教育基地', category: 'optional', title: '参观一次廉政教育基地', description: '', targetMode: 'times', targetTimes: 1 }
];

export async function seedDemoCampaign(db: DB, now = new Date()): Promise<void> {
	const [committee, b1, b2, b3] = await Promise.all(DEMO_UNITS.slice(0, 4).map((p) => findUnitByNamePath(db, p)));
	const organizer = await db.select().from(users).where(eq(users.username, 'jgdw')).get();
	if (!committee || !b1 || !b2 || !b3 || !organizer) return;
	const scope = await scopeFor(db, organizer);
	const today = parseLocalDate(localDate(now))!.getTime();
	const start = new Date(today - 180 * DAY_MS);
	const plan = await saveCampaign(db, {
		scope,
		actorId: organizer.id,
		now: start,
		draft: {
			title: '“五个一”廉政教育系列活动',
			document: '《关于在机关党员干部中开展“五个一”廉政教育系列活动的通知》',
			description: '各党支部结合实际，讲一堂廉政党课、观看一部警示教育片、签订一份廉洁自律承诺书、撰写一篇心得体会、参观一次廉政教育基地，每季度末向机关党委报送开展情况。',
			unitId: committee.id,
			startDate: localDate(start),
			endDate: localDate(new Date(today + 60 * DAY_MS))
		}
	});
	if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
	for (const draft of ACTIONS) await saveAction(db, { scope, campaignId: plan.id, draft, now: start });
	await publishCampaign(db, { scope, campaignId: plan.id, now: new Date(start.getTime() + DAY_MS) });
	const actions = await actionsOf(db, plan.id);

	const link = async (unitId: number, actionIndex: number, recordId: number) => {
		await linkRecord(db, { scope, actorId: organizer.id, campaignId: plan.id, unitId, actionId: actions[actionIndex].id, recordId, now });
	};
	// Sessions of the asked kind that each branch held during the campaign (link refuses anything else).
	const sessionsOf = async (unitPath: string, kind: string) =>
		await db
			.select({ id: activities.id })
			.from(activities)
			.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
			.where(and(like(orgUnits.path, `${unitPath}%`), eq(activities.kind, kind as typeof activities.$inferSelect.kind), eq(activities.source, 'offline')))
			.all();
	for (const [unit, kinds] of [
		[b1, [0, 1, 4]],
		[b2, [0, 1, 4]],
		[b3, [1]]
	] as const) {
		for (const i of kinds) for (const s of await sessionsOf(unit.path, ACTIONS[i].subKind!)) await link(unit.id, i, s.id);
	}
	// 机关党委's own 承诺书 and 心得体会 collection count for each branch by its own people.
	const pledge = await db.select({ id: pledges.id }).from(pledges).where(and(eq(pledges.unitId, committee.id), eq(pledges.kind, '承诺书'))).get();
	if (pledge) await link(b1.id, 2, pledge.id);
	const collection = await db.select({ id: writingCollections.id }).from(writingCollections).where(and(eq(writingCollections.unitId, committee.id), eq(writingCollections.kind, '心得体会'))).get();
	if (collection) await link(b1.id, 3, collection.id);
}
