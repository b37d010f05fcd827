import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { computeReport, type Report } from '../../src/lib/server/reports/report.ts';
import { rebuildReportRollups, refreshReportRollups } from '../../src/lib/server/reports/rollups.ts';
import { cancelActivity } from '../../src/lib/server/activities/activities.ts';
import { attendances, lessons, quizAttempts, readingCheckins, users } from '../../src/lib/server/db/schema/index.ts';
import { selectRow } from '../../src/lib/server/db/client.ts';
import { at, buildReportFixture } from './report-fixture.ts';

// The report reads roll-ups (reports/rollups.ts) derived from the event rows. On the hand-counted
// fixture, every figure of every unit's report over several periods must equal the same report
// computed from the raw rows — before and after the changes the roll-ups must follow.

const f = await buildReportFixture();
const { T, R, A, A1, B, X } = f.units;
const UNITS = [T, R, A, A1, B, X];
const PERIODS = [
	{ from: '2026-01-01', to: '2026-06-30' }, // the hand-counted half year
	{ from: '2026-03-10', to: '2026-04-02' }, // parts of two months only
	{ from: '2026-02-01', to: '2026-02-28' }, // one whole month
	{ from: '2025-11-01', to: '2026-12-31' }, // across a year's end
	{ from: '2026-06-30', to: '2026-06-30' } // one day
];

async function expectRollupsMatchRows(label: string) {
	for (const unit of UNITS) {
		for (const period of PERIODS) {
			const input = { unitId: unit.id, ...period };
			const fromRows = await computeReport(f.db, input, { from: 'rows' });
			const fromRollups = await computeReport(f.db, input);
			expect(fromRollups, `${label}: ${unit.name} ${period.from}…${period.to}`).toEqual(fromRows);
		}
	}
}

const half = (): Promise<Report> => computeReport(f.db, { unitId: R.id, from: '2026-01-01', to: '2026-06-30' });

describe('report roll-ups on the hand-counted fixture', () => {
	it('give every figure the raw rows give', async () => {
		await expectRollupsMatchRows('as built');
		const n = await selectRow<{ n: number }>(f.db, sql`select (select count(*) from report_daily) + (select count(*) from report_monthly) + (select count(*) from report_reach) as n`);
		expect(Number(n!.n)).toBeGreaterThan(0);
	});

	it('follow a person who moves (own learning counts where they are now)', async () => {
		const before = (await half()).rows.find((r) => r.unitId === A.id)!.figures.checkins;
		await f.db.update(users).set({ orgUnitId: B.id }).where(eq(users.id, f.people.a1.id)).run();
		expect((await half()).rows.find((r) => r.unitId === A.id)!.figures.checkins).toBe(before - 1);
		await expectRollupsMatchRows('after a1 moved to B');
	});

	it('follow cancellations, removed attendances, quizzes and signatures, and a changed minimum reading time', async () => {
		await cancelActivity(f.db, f.sessions.s1.id, f.organizers.organizerA.id, '改期', at('2026-07-01T09:00'));
		await f.db.delete(attendances).where(and(eq(attendances.activityId, f.sessions.s9.id), eq(attendances.userId, f.people.b2.id))).run();
		await f.db.delete(quizAttempts).where(eq(quizAttempts.userId, f.people.b1.id)).run();
		await f.db.update(readingCheckins).set({ signedAt: at('2026-07-15T10:00') }).where(eq(readingCheckins.userId, f.people.a3.id)).run();
		await f.db.update(lessons).set({ minReadSeconds: 60 }).where(eq(lessons.id, f.L2.id)).run();
		const after = await half();
		expect(after.total.activities).toBe(6);
		expect(after.total.quizAttempts).toBe(2);
		await expectRollupsMatchRows('after the changes');
	});

	it('are caught when they drift from the rows, and a rebuild restores them', async () => {
		await refreshReportRollups(f.db);
		// Whole months are read from report_monthly, the days around them from report_daily.
		await f.db.run(sql`update report_monthly set checkins = checkins + 1 where checkins > 0`);
		const half = { unitId: R.id, from: '2026-01-01', to: '2026-06-30' };
		expect(await computeReport(f.db, half)).not.toEqual(await computeReport(f.db, half, { from: 'rows' }));
		await f.db.run(sql`update report_daily set checkins = checkins + 1 where checkins > 0`);
		const days = { unitId: R.id, from: '2026-03-10', to: '2026-04-02' };
		expect(await computeReport(f.db, days)).not.toEqual(await computeReport(f.db, days, { from: 'rows' }));
		await f.db.run(sql`update report_reach set b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0, b8 = 0, b9 = 0, b10 = 0, b11 = 0 where unit_id = ${B.id}`);
		const reach = (await computeReport(f.db, half)).rows.find((r) => r.unitId === B.id)!.figures.reached;
		expect(reach).toBe(0);
		await rebuildReportRollups(f.db);
		await expectRollupsMatchRows('after a rebuild');
	});
});
