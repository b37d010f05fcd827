import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/lib/server/reports/report.ts';
import { draftSummary } from '../../src/lib/server/reports/summary.ts';
import { reportRecords, type RecordMetric } from '../../src/lib/server/reports/records.ts';
import { buildReportFixture } from './report-fixture.ts';

// Every expected number below was counted by hand from the comments in report-fixture.ts.
const f = await buildReportFixture();
const report = await computeReport(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-06-30' });

describe('report for 机关党委, 2026-01-01 … 2026-06-30 (hand-counted fixture)', () => {
	it('counts activities by kind, leaving out cancelled, outside-the-subtree and outside-the-period ones', () => {
		// S1 S5 集中学习, S2 警示教育片, S3 专题党课, S9 谈心谈话, live 知识竞赛, reading list 读书思廉.
		expect(report.total.activities).toBe(7);
		expect(report.total.byKind).toEqual({ 集中学习: 2, 警示教育片: 1, 专题党课: 1, 谈心谈话: 1, 知识竞赛: 1, 读书思廉: 1 });
		expect(report.kinds).toEqual(['集中学习', '专题党课', '警示教育片', '谈心谈话', '知识竞赛', '读书思廉']);
	});

	it('counts 人次 once per person per activity (repeated sign-ins change nothing), including visitors', () => {
		// S1 4 + S2 4 + S3 4 + S5 2 + S9 1 + live 3 + reading list 4 (a1 a3 b1 m signed L1).
		expect(report.total.attendances).toBe(22);
	});

	it('counts distinct people reached, members now, and the participation rate of members', () => {
		// a1 a2 a3 a4 b1 b2 r1 m, the visitor x1 and the since-disabled d1.
		expect(report.total.reached).toBe(10);
		// r1 orgR | a1 a2 a3 a5 orgA a4 | b1 b2 m orgB (d1 disabled, x1 and the admin outside).
		expect(report.total.members).toBe(12);
		expect(report.total.reachedMembers).toBe(8);
		expect(report.total.rate).toBe(66.7);
	});

	it('counts check-ins, course completions and quizzes of the subtree’s people within the period', () => {
		expect(report.total.checkins).toBe(6); // a1 L1, a3 L1, b1 L2, m L1, m L2, and a5's regulation signature
		expect(report.total.courseCompletions).toBe(2); // m on 03-20, b1 on 04-11 (a1 completes only in July)
		expect(report.total.quizAttempts).toBe(3); // a1 60, a1 90, b1 100
		expect(report.total.quizAverage).toBe(83.3);
	});

	it('adds up learning hours from sessions, reading and quizzes', () => {
		// Offline: S1 2h×4 + S2 1.5h×4 + S3 3h×4 + S5 1h×2 + S9 0.5h×1 + live 1h×3 = 31.5 h.
		// Online: reading 600+600+900+360+1200 s, a5's regulation 240 s, quizzes 480+1200+300 s = 5880 s.
		expect(report.total.offlineHours).toBe(31.5);
		expect(report.total.onlineHours).toBe(1.6);
		expect(report.total.hours).toBe(33.1);
	});

	it('has one row for the unit itself and one per child unit, activities counting where they were organized', () => {
		expect(report.rows.map((r) => r.name)).toEqual(['机关党委（本级）', '第一支部', '第二支部']);
		const [self, a, b] = report.rows.map((r) => r.figures);
		expect(self).toMatchObject({ activities: 3, attendances: 11, reached: 8, members: 2, reachedMembers: 1, rate: 50, checkins: 0, courseCompletions: 0, quizAttempts: 0, quizAverage: null, hours: 15 });
		expect(self.byKind).toEqual({ 专题党课: 1, 知识竞赛: 1, 读书思廉: 1 });
		// A: S1 (with m, who was in A then, and the visitor x1) and S5 held by its group A1.
		expect(a).toMatchObject({ activities: 2, attendances: 6, reached: 6, members: 6, reachedMembers: 4, rate: 66.7, checkins: 3, courseCompletions: 0, quizAttempts: 2, quizAverage: 75, hours: 10.9 });
		expect(a.byKind).toEqual({ 集中学习: 2 });
		// B: S2 and S9; m's own learning counts here, where m belongs now.
		expect(b).toMatchObject({ activities: 2, attendances: 5, reached: 4, members: 4, reachedMembers: 3, rate: 75, checkins: 3, courseCompletions: 2, quizAttempts: 1, quizAverage: 100, hours: 7.3 });
		expect(b.byKind).toEqual({ 警示教育片: 1, 谈心谈话: 1 });
		// Additive figures add up to the total.
		for (const key of ['activities', 'attendances', 'members', 'checkins', 'courseCompletions', 'quizAttempts'] as const) {
			expect(self[key] + a[key] + b[key]).toBe(report.total[key]);
		}
	});

	it('charts activities and 人次 by month', () => {
		expect(report.months).toEqual([
			{ month: '2026-01', activities: 0, attendances: 0 },
			{ month: '2026-02', activities: 0, attendances: 0 },
			{ month: '2026-03', activities: 2, attendances: 8 },
			{ month: '2026-04', activities: 2, attendances: 7 },
			{ month: '2026-05', activities: 1, attendances: 4 },
			{ month: '2026-06', activities: 2, attendances: 3 }
		]);
	});

	it('counts pledges signed and writings received where and when the person did it', () => {
		// 承诺书: m (in A then) a1 a3 in A, r1 in R; a1's second signature of the revised text is the same 份,
		// b1 signed only in July. 责任书: orgA's and orgB's letters are signed by both; b2 never signed.
		expect(report.total.pledgesByKind).toEqual({ 承诺书: 4, 责任书: 2 });
		expect(report.total.pledges).toBe(6);
		// 心得体会: a1 (accepted), b1 (returned once, handed in again: one piece); not a2's draft, b2's withdrawn
		// piece or r1's returned one. 廉政家书: a3 and a4 (A1, in A's row). x1's 读书笔记 is outside.
		expect(report.total.writingsByKind).toEqual({ 心得体会: 2, 廉政家书: 2 });
		expect(report.total.writings).toBe(4);
		expect(report.writingKinds).toEqual(['心得体会', '廉政家书']);
		const [self, a, b] = report.rows.map((r) => r.figures);
		expect([self.pledgesByKind, a.pledgesByKind, b.pledgesByKind]).toEqual([{ 承诺书: 1 }, { 承诺书: 3, 责任书: 1 }, { 责任书: 1 }]);
		expect([self.writingsByKind, a.writingsByKind, b.writingsByKind]).toEqual([{}, { 心得体会: 1, 廉政家书: 2 }, { 心得体会: 1 }]);
	});

	it('counts exams for the organizing unit, sittings and passes for the person’s unit at the start', () => {
		const t = report.total;
		expect([t.exams, t.examSittings, t.examTakers, t.examPassers, t.examPassRate]).toEqual([2, 6, 5, 4, 80]);
		expect(report.rows.map((r) => [r.figures.exams, r.figures.examSittings, r.figures.examTakers, r.figures.examPassers, r.figures.examPassRate])).toEqual([
			[1, 1, 1, 1, 100],
			[1, 4, 3, 3, 100],
			[0, 1, 1, 0, 0]
		]);
	});

	it('drafts the 工作总结 paragraph from the same figures', () => {
		expect(draftSummary(report)).toBe(
			'2026年1月1日至2026年6月30日，机关党委共组织开展廉政学习教育7次（其中集中学习2次、专题党课1次、警示教育片1次、谈心谈话1次、知识竞赛1次、读书思廉1次），参加22人次，覆盖党员干部10人，参与率66.7%（现有12人中8人参加）；组织廉政考试2次，参加考试6人次，通过率80.0%（5人中4人合格）；签订廉洁自律承诺书4份，签订党风廉政建设责任书2份，撰写心得体会2篇，收到廉政家书2份；推进“三个一”廉政教育活动，2个责任单位中0个完成全部规定动作；完成在线课程学习2人次，阅读打卡6人次，参加在线测验3人次、平均得分83.3分；累计学习33.1小时。'
		);
	});

	it('counts the campaign’s actions done per responsible unit as of the end of the period', () => {
		expect(report.campaigns).toHaveLength(1);
		const [c] = report.campaigns;
		expect(c).toMatchObject({ title: '“三个一”廉政教育活动', unitName: '机关党委', unitsAllRequiredDone: 0 });
		expect(c.units.map((u) => [u.name, u.requiredDone, u.required, u.optionalHeld, u.optional])).toEqual([
			['第一支部', 1, 3, 1, 1],
			['第二支部', 1, 3, 1, 1]
		]);
		expect(c.actions.map((a) => a.category)).toEqual(['required', 'required', 'required', 'optional']);
		const cells = (i: number) => c.units[i].cells.map((a) => [a.status, a.times, a.count]);
		// A: 集中学习 S1 4 + S5 2 (S7 is in July); no film; P1 signed in A by m a1 a3 (a1 and a3 of A's 6 members now); a1's piece.
		expect(cells(0)).toEqual([['done', 2, 6], ['missing', 0, 0], ['in-progress', 1, 3], ['done', 1, 1]]);
		// B: S2 with 4; P1 signed by nobody in B by June (b1 in July, m while in A); b1's piece.
		expect(cells(1)).toEqual([['missing', 0, 0], ['done', 1, 4], ['missing', 0, 0], ['done', 1, 1]]);
	});

	it('shows a campaign to a branch’s report with the branch only, and not outside its period', async () => {
		const branch = await computeReport(f.db, { unitId: f.units.A.id, from: '2026-01-01', to: '2026-06-30' });
		expect(branch.campaigns.map((c) => c.units.map((u) => u.name))).toEqual([['第一支部']]);
		// By the end of March A had held S1 only, P1 was signed in A by m and a1, and a1's piece was in.
		const q1 = await computeReport(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-03-31' });
		expect(q1.campaigns[0].units[0].cells.map((a) => [a.status, a.times, a.count])).toEqual([['done', 1, 4], ['missing', 0, 0], ['in-progress', 1, 2], ['done', 1, 1]]);
		const outside = await computeReport(f.db, { unitId: f.units.R.id, from: '2025-01-01', to: '2025-12-31' });
		expect(outside.campaigns).toEqual([]);
		expect(draftSummary(outside)).not.toContain('推进');
	});

	it('lists the parts of an activity with it, adding no figure', async () => {
		const rows = (await reportRecords(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-06-30', metric: 'activities' }))!.rows;
		expect(rows.find((r) => r.title === '学习《廉洁自律准则》')).toMatchObject({ n: 4, parts: '学习课时：第1课', photos: 0 });
		expect(rows.filter((r) => r.parts !== '')).toHaveLength(1);
		const { partsOf } = await import('../../src/lib/server/activities/parts.ts');
		const [part] = await partsOf(f.db, f.sessions.s1);
		// a1, m and x1 had signed L1 before the session; a2 never did.
		expect(part.counts).toEqual({ during: 0, before: 3, after: 0, 'not-done': 1 });
		expect(part.byUser[f.people.a2.id]).toBe('not-done');
	});

	it('leaves pledges and writings out of the paragraph when there are none', async () => {
		const first = await computeReport(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-01-09' });
		expect(first.total.pledges).toBe(0);
		expect(draftSummary(first)).not.toContain('承诺书');
		const onlyLetters = await computeReport(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-01-31' });
		expect(draftSummary(onlyLetters)).toContain('；签订党风廉政建设责任书1份；');
	});

	it('drills every figure down to exactly as many records', async () => {
		const q = { unitId: f.units.R.id, from: '2026-01-01', to: '2026-06-30' };
		const expectations: [RecordMetric, number][] = [
			['activities', 7],
			['attendances', 22],
			['reached', 10],
			['members', 12],
			['checkins', 6],
			['completions', 2],
			['quizzes', 3],
			['pledges', 6],
			['writings', 4]
		];
		for (const [metric, n] of expectations) {
			const table = (await reportRecords(f.db, { ...q, metric }))!;
			expect(table.total, metric).toBe(n);
			expect(table.rows, metric).toHaveLength(n);
		}
		expect((await reportRecords(f.db, { ...q, metric: 'members', unreached: true }))!.rows.map((r) => r.username)).toEqual(['orgR', 'a5', 'orgA', 'orgB']);
		expect((await reportRecords(f.db, { ...q, metric: 'activities', kind: '集中学习' }))!.rows.map((r) => r.title)).toEqual(['学习《廉洁自律准则》', '小组学习']);
		expect((await reportRecords(f.db, { ...q, metric: 'attendances', row: f.units.A.id }))!.total).toBe(6);
		expect((await reportRecords(f.db, { ...q, metric: 'attendances', month: '2026-04' }))!.total).toBe(7);
		expect((await reportRecords(f.db, { ...q, metric: 'pledges', row: f.units.A.id }))!.rows.map((r) => [r.kind, r.name, r.unit])).toEqual([
			['责任书', '支部书记乙', '第一支部'],
			['承诺书', '明调动', '第一支部'],
			['承诺书', '安一', '第一支部'],
			['承诺书', '安三', '第一支部']
		]);
		expect((await reportRecords(f.db, { ...q, metric: 'pledges', row: f.units.B.id }))!.rows[0]).toMatchObject({ kind: '责任书', name: '支部书记丙', first: '组织员甲', version: '第 1 版' });
		expect((await reportRecords(f.db, { ...q, metric: 'writings', writingKind: '廉政家书' }))!.rows.map((r) => [r.name, r.unit, r.status, r.excellent])).toEqual([
			['安三', '第一支部', '已采纳', '是'],
			['安四', '第一小组', '待审阅', '']
		]);
		expect((await reportRecords(f.db, { ...q, metric: 'writings', row: f.units.B.id }))!.rows.map((r) => [r.name, r.at])).toEqual([['白一', '2026/04/25 10:00']]);
		const hours = (await reportRecords(f.db, { ...q, metric: 'hours' }))!;
		expect(hours.rows.find((r) => r.username === 'a1')).toMatchObject({ offline: 5, reading: 0.2, quiz: 0.5, total: 5.6 });
		expect(hours.rows.find((r) => r.username === 'a5')).toMatchObject({ offline: 0, reading: 0.1, quiz: 0, total: 0.1 });
		const checkins = (await reportRecords(f.db, { ...q, metric: 'checkins' }))!.rows;
		expect(checkins.find((r) => r.username === 'a5')).toMatchObject({ course: '廉洁自律准则', lesson: '第一章 总则', minutes: 4 });
		// A row that is not the unit or one of its children is refused.
		expect(await reportRecords(f.db, { ...q, metric: 'attendances', row: f.units.A1.id })).toBeUndefined();
	});

	it('shows the moved person where they were when they took part', async () => {
		const rows = (await reportRecords(f.db, { unitId: f.units.R.id, from: '2026-01-01', to: '2026-06-30', metric: 'attendances' }))!.rows;
		const m = rows.filter((r) => r.username === 'm').map((r) => [r.title, r.memberUnit]);
		expect(m).toEqual([
			['读书思廉：廉洁自律准则', '第二支部'],
			['学习《廉洁自律准则》', '第一支部'],
			['观看警示教育片', '第二支部']
		]);
	});

	it('gives a branch the same figures as its row in the parent report', async () => {
		const branch = await computeReport(f.db, { unitId: f.units.A.id, from: '2026-01-01', to: '2026-06-30' });
		const { byKind, ...rest } = report.rows[1].figures;
		expect(branch.total).toMatchObject(rest);
		expect(branch.total.byKind).toEqual(byKind);
	});
});

describe('recorded course completions', () => {
	it('agree with what 我的学习 shows for every person', async () => {
		const { courseProgressForUser } = await import('../../src/lib/server/learning/progress.ts');
		const { courseCompletions } = await import('../../src/lib/server/db/schema/index.ts');
		const recorded = new Map((await f.db.select().from(courseCompletions).all()).map((c) => [c.userId, c.completedAt.getTime()]));
		for (const person of Object.values(f.people)) {
			const progress = (await courseProgressForUser(f.db, person.id))[0];
			expect(recorded.get(person.id) ?? null, person.username).toBe(progress.complete ? progress.completedAt!.getTime() : null);
		}
		expect([...recorded.keys()].sort()).toEqual([f.people.a1.id, f.people.b1.id, f.people.m.id].sort()); // a1 in July
	});
});

describe('members of the whole tree', () => {
	it('leaves out disabled accounts and administrators’ system accounts', async () => {
		const whole = await computeReport(f.db, { unitId: f.units.T.id, from: '2026-01-01', to: '2026-06-30' });
		// The 12 of 机关党委 plus x1 in 其他单位; not d1 (disabled), not the admin.
		expect(whole.total.members).toBe(13);
		expect((await reportRecords(f.db, { unitId: f.units.T.id, from: '2026-01-01', to: '2026-06-30', metric: 'members' }))!.rows.map((r) => r.username)).not.toContain('admin');
	});
});
