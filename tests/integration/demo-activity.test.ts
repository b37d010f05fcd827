import { describe, expect, it } from 'vitest';
import { count, isNotNull } from 'drizzle-orm';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { activities, readingLists, notices } from '../../src/lib/server/db/schema/index.ts';
import { loadContent } from '../../src/lib/server/content/index.ts';
import { findUnitByNamePath } from '../../src/lib/server/org/units.ts';
import { seedDemoPeople } from '../../src/lib/server/demo/people.ts';
import { seedDemoActivity } from '../../src/lib/server/demo/activity.ts';
import { parseLocalDateTime } from '../../src/lib/time.ts';
import { computeReport } from '../../src/lib/server/reports/report.ts';
import { presetPeriod } from '../../src/lib/server/reports/period.ts';

async function demo(now: Date, withContent = true) {
	const db = await createTestDatabase();
	if (withContent) await loadContent(db, 'content');
	await seedDemoPeople(db);
	await seedDemoActivity(db, now);
	const unitId = (await findUnitByNamePath(db, '市纪委监委/机关党委'))!.id;
	const report = async (preset: 'quarter' | 'year') => await computeReport(db, { unitId, ...presetPeriod(preset, now) });
	return { db, report };
}

describe('demo year of activity', () => {
	it('fills this quarter and this year with every kind of activity, check-ins, quizzes, lists and notices', async () => {
		const { db, report } = await demo(parseLocalDateTime('2026-11-22T10:00')!);
		const quarter = (await report('quarter')).total;
		expect(quarter.activities).toBeGreaterThan(5);
		expect(quarter.attendances).toBeGreaterThan(50);
		expect(quarter.checkins).toBeGreaterThan(0);
		const year = await report('year');
		expect(year.kinds).toEqual(['集中学习', '专题党课', '警示教育片', '参观廉政教育基地', '主题党日', '谈心谈话', '知识竞赛', '读书思廉', '专题学习', '其他']);
		expect(year.total.members).toBeGreaterThan(55);
		expect(year.total.courseCompletions).toBeGreaterThan(0);
		expect(year.total.quizAttempts).toBeGreaterThan(0);
		expect((await db.select({ n: count() }).from(activities).where(isNotNull(activities.cancelledAt)).get())!.n).toBeGreaterThanOrEqual(3);
		expect((await db.select({ n: count() }).from(readingLists).get())!.n).toBe(3);
		expect((await db.select({ n: count() }).from(notices).get())!.n).toBe(3);
	});

	it('is the same on every run of the same day', async () => {
		const now = parseLocalDateTime('2026-05-03T16:00')!;
		const [a, b] = await Promise.all([demo(now), demo(now)]);
		expect((await a.report('year')).total).toEqual((await b.report('year')).total);
	});

	it('has something this quarter even on its first morning, and works without any content loaded', async () => {
		const { report } = await demo(parseLocalDateTime('2026-10-01T00:20')!, false);
		expect((await report('quarter')).total.activities).toBeGreaterThan(0);
		expect((await report('year')).total.checkins).toBe(0);
	});
});
