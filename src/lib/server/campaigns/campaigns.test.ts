import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, snapshotAllRows } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { examAttempts, exams, users, type CampaignAction } from '../db/schema/index.ts';
import { createUnit, scopeFor, type Scope } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { createSession, cancelActivity, saveActivity, type ActivityInput } from '../activities/activities.ts';
import { saveTickedAttendance } from '../activities/attendance.ts';
import { savePledge } from '../pledges/pledges.ts';
import { signPledge, signerView, startReading, type Signer } from '../pledges/signing.ts';
import { saveCollection } from '../writings/collections.ts';
import { saveSubmission } from '../writings/submissions.ts';
import { campaignFor, listCampaigns } from './access.ts';
import { actionsOf, deleteAction, publishCampaign, saveAction, saveCampaign, setResponsibleUnits, type ActionDraft } from './campaigns.ts';
import { linkOptions, linkRecord, cellContext, saveWithCampaignLink, unlinkRecord } from './links.ts';
import { cellEvidence, liveMatrix } from './evidence.ts';
import { campaignQuarters, compareFigures, liveQuarterFigures, quarterOverview, submissionDetail, submitQuarter } from './submissions.ts';
import { draftCampaignSummary, saveSummary, summaryTarget, summaryView } from './summary.ts';

// A 机关党委 (R) plan for its two branches (A, B), with a 党小组 A1 under A:
//   1. 观看警示教育片 (规定动作, 警示教育片, at least once)
//   2. 签订廉洁自律承诺书 (规定动作, 承诺书, everyone)
//   3. 撰写心得体会 (自选动作, 心得体会, at least once)
// A holds a film (a1 a2 a1g attend) and its group A1 another; R's 承诺书 is signed by a1 a2 a1g
// (all of A) and b1 (half of B); b1 hands in a 心得体会. B holds nothing of its own.

const at = (s: string) => parseLocalDateTime(s)!;
const NOW = at('2026-05-20T12:00');
let db: DB;
const u = {} as Record<'R' | 'A' | 'A1' | 'B' | 'X', { id: number; path: string; name: string }>;
const p = {} as Record<'orgR' | 'orgA' | 'orgB' | 'a1' | 'a2' | 'a1g' | 'b1' | 'b2', Signer & { username: string; role: 'learner' | 'organizer' }>;
const scope = {} as Record<'R' | 'A' | 'B', Scope>;
let campaignId = 0;
const act = {} as Record<'film' | 'pledge' | 'writing', CampaignAction>;
const rec = {} as Record<'filmA' | 'filmA1' | 'filmB' | 'pledge' | 'collection' | 'lateFilm', number>;

async function person(username: string, name: string, unitId: number, role: 'learner' | 'organizer' = 'learner') {
	const row = await db.insert(users).values({ username, name, orgUnitId: unitId, role, passwordHash: '!', mustChangePassword: false }).returning().get();
	return { id: row.id, name, orgUnitId: unitId, isLeader: false, username, role };
}

const session = (kind: ActivityInput['kind'], unitId: number, title: string, start: string, end: string): ActivityInput => ({
	kind,
	title,
	unitId,
	startsAt: at(start),
	endsAt: at(end),
	place: '会议室',
	speaker: '',
	courseId: null,
	regulationId: null,
	notes: '',
	checkinGraceMinutes: 30
});

async function sign(pledgeId: number, who: Signer, when: string) {
	const view = (await signerView(db, who, pledgeId, at(when)))!;
	await startReading(db, who, pledgeId, at(when));
	const result = await signPledge(db, who, { pledgeId, versionId: view.version.id, typedName: who.name, drawing: '' }, at(when));
	if (!result.ok) throw new Error(JSON.stringify(result));
}

const action = (over: Partial<ActionDraft>): ActionDraft => ({ kind: 'activity', subKind: null, category: 'required', title: '', description: '', targetMode: 'times', targetTimes: 1, ...over });

beforeAll(async () => {
	db = await createTestDatabase();
	const T = await createUnit(db, { parentId: null, name: '市纪委', kind: '党委' });
	u.R = await createUnit(db, { parentId: T.id, name: '机关党委', kind: '党委' });
	u.A = await createUnit(db, { parentId: u.R.id, name: '第一支部', kind: '党支部' });
	u.A1 = await createUnit(db, { parentId: u.A.id, name: '第一小组', kind: '党小组' });
	u.B = await createUnit(db, { parentId: u.R.id, name: '第二支部', kind: '党支部' });
	u.X = await createUnit(db, { parentId: T.id, name: '外单位', kind: '单位' });
	p.orgR = await person('orgR', '组织员甲', u.R.id, 'organizer');
	p.orgA = await person('orgA', '书记乙', u.A.id, 'organizer');
	p.orgB = await person('orgB', '书记丙', u.B.id, 'organizer');
	p.a1 = await person('a1', '安一', u.A.id);
	p.a2 = await person('a2', '安二', u.A.id);
	p.a1g = await person('a1g', '安小组', u.A1.id);
	p.b1 = await person('b1', '白一', u.B.id);
	p.b2 = await person('b2', '白二', u.B.id);
	scope.R = await scopeFor(db, p.orgR);
	scope.A = await scopeFor(db, p.orgA);
	scope.B = await scopeFor(db, p.orgB);
	// Organizers are members too; keep the branches' "everyone" honest by moving them out of A and B.
	// (orgA and orgB sit in their branches: they sign too, below.)
});

describe('publishing a campaign', () => {
	it('creates a draft for the publishing unit’s children, which only its managers see', async () => {
		const saved = await saveCampaign(db, { scope: scope.R, actorId: p.orgR.id, draft: { title: '“三个一”廉政教育活动', document: '《关于开展“三个一”廉政教育活动的通知》', description: '', unitId: u.R.id, startDate: '2026-03-01', endDate: '2026-12-31' }, now: at('2026-03-01T09:00') });
		expect(saved.ok).toBe(true);
		if (!saved.ok) return;
		campaignId = saved.id;
		const access = (await campaignFor(db, scope.R, campaignId))!;
		expect(access.units.map((x) => x.name)).toEqual(['第一支部', '第二支部']);
		expect(await campaignFor(db, scope.A, campaignId)).toBeUndefined();
		expect(await listCampaigns(db, scope.A)).toEqual([]);
	});

	it('refuses a bad period, a unit outside the scope and publishing without actions, changing nothing', async () => {
		const before = await snapshotAllRows(db);
		const bad = await saveCampaign(db, { scope: scope.A, actorId: p.orgA.id, draft: { title: 'x', document: '', description: '', unitId: u.R.id, startDate: '2026-05-01', endDate: '2026-04-01' } });
		expect(bad).toEqual({ ok: false, status: 400, errors: { endDate: '结束日期不能早于开始日期', unitId: '请选择本单位或下级单位' } });
		expect(await publishCampaign(db, { scope: scope.R, campaignId })).toEqual({ ok: false, status: 400, message: '请先添加至少一项活动（规定动作或自选动作）再发布' });
		expect(await setResponsibleUnits(db, { scope: scope.R, campaignId, unitIds: [u.X.id] })).toMatchObject({ ok: false, message: '责任单位只能是发布单位及其下级单位' });
		expect(await snapshotAllRows(db)).toBe(before);
	});

	it('adds the actions and publishes; the branches then see their own row only', async () => {
		for (const draft of [
			action({ subKind: '警示教育片', title: '观看警示教育片' }),
			action({ kind: 'pledge', subKind: '承诺书', title: '签订廉洁自律承诺书', targetMode: 'everyone' }),
			action({ kind: 'writing', subKind: '心得体会', category: 'optional', title: '撰写心得体会' })
		]) {
			const r = await saveAction(db, { scope: scope.R, campaignId, draft });
			expect(r.ok).toBe(true);
		}
		[act.film, act.pledge, act.writing] = await actionsOf(db, campaignId);
		expect((await publishCampaign(db, { scope: scope.R, campaignId, now: at('2026-03-02T09:00') })).ok).toBe(true);
		expect((await campaignFor(db, scope.A, campaignId))!.units.map((x) => x.name)).toEqual(['第一支部']);
		expect((await campaignFor(db, scope.B, campaignId))!.units.map((x) => x.name)).toEqual(['第二支部']);
		expect((await listCampaigns(db, scope.B)).map((c) => [c.title, c.units, c.manage])).toEqual([['“三个一”廉政教育活动', 1, false]]);
	});
});

describe('linking and creating records', () => {
	beforeAll(async () => {
		rec.filmA = (await createSession(db, p.orgA.id, session('警示教育片', u.A.id, '观看警示教育片《镜鉴》', '2026-04-10T14:00', '2026-04-10T15:30'), at('2026-04-01T09:00'))).id;
		await saveTickedAttendance(db, { activityId: rec.filmA, actorId: p.orgA.id, listed: [p.a1.id, p.a2.id, p.a1g.id], ticked: [p.a1.id, p.a2.id, p.a1g.id], now: at('2026-04-10T15:40') });
		rec.filmB = (await createSession(db, p.orgB.id, session('集中学习', u.B.id, '集中学习准则', '2026-04-12T14:00', '2026-04-12T15:00'), at('2026-04-01T09:00'))).id;
		rec.lateFilm = (await createSession(db, p.orgA.id, session('警示教育片', u.A.id, '年后的片子', '2027-01-10T14:00', '2027-01-10T15:00'), at('2026-04-01T09:00'))).id;
		const pledge = await savePledge(db, {
			scope: scope.R,
			actorId: p.orgR.id,
			draft: { kind: '承诺书', title: '廉洁自律承诺书', unitId: u.R.id, audience: 'all', usernames: [], letters: [], dueDate: '2026-06-30', minReadSeconds: 0, body: '本人承诺：严守纪律。' },
			now: at('2026-04-01T09:00')
		});
		if (!pledge.ok) throw new Error('pledge');
		rec.pledge = pledge.id;
		for (const who of [p.a1, p.a2, p.a1g, p.orgA, p.b1]) await sign(rec.pledge, who, '2026-04-20T10:00');
		const collection = await saveCollection(db, {
			scope: scope.B,
			actorId: p.orgB.id,
			draft: { kind: '心得体会', title: '学习心得', theme: '', unitId: u.B.id, audience: 'all', usernames: [], dueDate: '2026-06-30', minChars: 0, allowText: true, docxMaxMb: null, imageMaxMb: null, pdfMaxMb: null },
			now: at('2026-04-02T09:00')
		});
		if (!collection.ok) throw new Error('collection');
		rec.collection = collection.id;
		const piece = await saveSubmission(db, p.b1, rec.collection, { title: '体会', body: '学习体会。', uploads: [], removeFileIds: [] }, true, at('2026-06-05T10:00'));
		if (!piece.ok) throw new Error(piece.message);
	});

	it('offers a branch its own records of the asked kind within the period, never a sibling’s', async () => {
		const ctxA = (await cellContext(db, scope.A, { campaignId, unitId: u.A.id, actionId: act.film.id }))!;
		expect((await linkOptions(db, scope.A, ctxA)).map((r) => r.id)).toEqual([rec.filmA]);
		// A cannot reach B's cell at all, and B's options hold no film (its session is 集中学习).
		expect(await cellContext(db, scope.A, { campaignId, unitId: u.B.id, actionId: act.film.id })).toBeUndefined();
		const ctxB = (await cellContext(db, scope.B, { campaignId, unitId: u.B.id, actionId: act.film.id }))!;
		expect(await linkOptions(db, scope.B, ctxB)).toEqual([]);
		// The branch does not see R's pledge (outside its scope); R does, for either branch.
		const pledgeB = (await cellContext(db, scope.B, { campaignId, unitId: u.B.id, actionId: act.pledge.id }))!;
		expect(await linkOptions(db, scope.B, pledgeB)).toEqual([]);
		const pledgeR = (await cellContext(db, scope.R, { campaignId, unitId: u.B.id, actionId: act.pledge.id }))!;
		expect((await linkOptions(db, scope.R, pledgeR)).map((r) => r.id)).toEqual([rec.pledge]);
	});

	it('refuses a sibling’s record, the wrong kind, and a date outside the period, changing nothing', async () => {
		const before = await snapshotAllRows(db);
		const link = (unitId: number, actionId: number, recordId: number, s: Scope, actorId: number) => linkRecord(db, { scope: s, actorId, campaignId, unitId, actionId, recordId, now: NOW });
		expect(await link(u.B.id, act.film.id, rec.filmA, scope.B, p.orgB.id)).toMatchObject({ ok: false, message: expect.stringContaining('只能关联本单位') });
		expect(await link(u.B.id, act.film.id, rec.filmB, scope.B, p.orgB.id)).toMatchObject({ ok: false, message: '该记录的类别是“集中学习”，本项要求“警示教育片”' });
		expect(await link(u.A.id, act.film.id, rec.lateFilm, scope.A, p.orgA.id)).toMatchObject({ ok: false, message: '该记录的日期不在方案的起止日期内' });
		expect(await link(u.A.id, act.film.id, 999_999, scope.A, p.orgA.id)).toMatchObject({ ok: false, message: '记录不存在' });
		expect(await snapshotAllRows(db)).toBe(before);
	});

	it('links records, and creates one from the action in the same transaction as its link', async () => {
		expect(await linkRecord(db, { scope: scope.A, actorId: p.orgA.id, campaignId, unitId: u.A.id, actionId: act.film.id, recordId: rec.filmA, now: NOW })).toMatchObject({ ok: true });
		expect(await linkRecord(db, { scope: scope.A, actorId: p.orgA.id, campaignId, unitId: u.A.id, actionId: act.film.id, recordId: rec.filmA, now: NOW })).toMatchObject({ ok: false, message: '该记录已经关联到这项活动' });
		expect(await linkRecord(db, { scope: scope.R, actorId: p.orgR.id, campaignId, unitId: u.A.id, actionId: act.pledge.id, recordId: rec.pledge, now: NOW })).toMatchObject({ ok: true });
		expect(await linkRecord(db, { scope: scope.B, actorId: p.orgB.id, campaignId, unitId: u.B.id, actionId: act.writing.id, recordId: rec.collection, now: NOW })).toMatchObject({ ok: true });
		// Created from the action by A1's group (inside A): saved and linked together.
		const created = await saveWithCampaignLink(db, { scope: scope.A, actorId: p.orgA.id, kind: 'activity', link: { actionId: act.film.id, unitId: u.A.id } }, (tx) =>
			saveActivity(tx, { scope: scope.A, actorId: p.orgA.id, session: session('警示教育片', u.A1.id, '小组观看警示教育片', '2026-05-10T09:00', '2026-05-10T10:00'), now: at('2026-05-01T09:00') }),
			(r) => (r.ok ? r.id : 0)
		);
		expect(created.ok).toBe(true);
		if (created.ok) rec.filmA1 = created.id;
		await saveTickedAttendance(db, { activityId: rec.filmA1, actorId: p.orgA.id, listed: [p.a1g.id], ticked: [p.a1g.id], now: at('2026-05-10T10:00') });
		// A record the link refuses (a 集中学习 for the film action) is not kept either.
		const before = await snapshotAllRows(db);
		const refused = await saveWithCampaignLink(db, { scope: scope.A, actorId: p.orgA.id, kind: 'activity', link: { actionId: act.film.id, unitId: u.A.id } }, (tx) =>
			saveActivity(tx, { scope: scope.A, actorId: p.orgA.id, session: session('集中学习', u.A.id, '不该保存', '2026-05-11T09:00', '2026-05-11T10:00') }),
			(r) => (r.ok ? r.id : 0)
		);
		expect(refused).toEqual({ ok: false, status: 400, errors: { _form: '未保存：该记录的类别是“集中学习”，本项要求“警示教育片”' } });
		// A forged link naming an action of another kind (a pledge form pointing at the film action) saves nothing.
		const forged = await saveWithCampaignLink(db, { scope: scope.A, actorId: p.orgA.id, kind: 'pledge', link: { actionId: act.film.id, unitId: u.A.id } }, (tx) =>
			saveActivity(tx, { scope: scope.A, actorId: p.orgA.id, session: session('警示教育片', u.A.id, '不该保存', '2026-05-11T09:00', '2026-05-11T10:00') }),
			(r) => (r.ok ? r.id : 0)
		);
		expect(forged).toEqual({ ok: false, status: 404, errors: { _form: '系列活动不存在' } });
		expect(await snapshotAllRows(db)).toBe(before);
	});
});

describe('the matrix', () => {
	it('computes done / in progress / missing from the records, per unit', async () => {
		const access = (await campaignFor(db, scope.R, campaignId))!;
		const m = await liveMatrix(db, access, await actionsOf(db, campaignId), access.units, NOW);
		const row = (unitId: number) => [act.film, act.pledge, act.writing].map((a) => { const c = m.cell(unitId, a.id); return [c.status, c.times, c.count, c.reached, c.members]; });
		// A: two films (A's 3 人次 and A1's 1), the pledge signed by all 4 of A (a1 a2 a1g orgA): done, done, missing.
		expect(row(u.A.id)).toEqual([['done', 2, 4, 3, 4], ['done', 1, 4, 4, 4], ['missing', 0, 0, 0, 4]]);
		// B: nothing; the pledge signed by b1 only of b1 b2 orgB; its collection is open but b1's piece comes on 06-05 (after now).
		expect(row(u.B.id)).toEqual([['missing', 0, 0, 0, 3], ['in-progress', 1, 1, 1, 3], ['in-progress', 0, 0, 0, 3]]);
	});

	it('shows a branch the people of its own unit only, for a record organized above it', async () => {
		const ctx = (await cellContext(db, scope.B, { campaignId, unitId: u.B.id, actionId: act.pledge.id }))!;
		const evidence = await cellEvidence(db, scope.B, { ...ctx, now: NOW });
		expect(evidence.records).toHaveLength(1);
		expect(evidence.records[0]).toMatchObject({ title: '廉洁自律承诺书', own: false, counts: true, count: 1, href: null, mayUnlink: false });
		expect(evidence.records[0].people.map((x) => x.name)).toEqual(['白一']);
		// A branch may not unlink what R linked.
		expect(await unlinkRecord(db, { scope: scope.B, campaignId, unitId: u.B.id, actionId: act.pledge.id, recordId: rec.pledge })).toMatchObject({ ok: false });
	});

	it('stops counting a cancelled activity, saying why', async () => {
		await cancelActivity(db, rec.filmA1, p.orgA.id, '重复登记', at('2026-05-12T09:00'));
		const ctx = (await cellContext(db, scope.A, { campaignId, unitId: u.A.id, actionId: act.film.id }))!;
		const evidence = await cellEvidence(db, scope.A, { ...ctx, now: NOW });
		expect(evidence.cell).toMatchObject({ status: 'done', times: 1, count: 3 });
		expect(evidence.records.map((r) => [r.title, r.counts, r.why])).toEqual([
			['观看警示教育片《镜鉴》', true, ''],
			['小组观看警示教育片', false, '活动已取消']
		]);
	});

	it('refuses deleting an action with links, and changing the kind of a linked one, changing nothing', async () => {
		const before = await snapshotAllRows(db);
		expect(await deleteAction(db, { scope: scope.R, campaignId, actionId: act.film.id })).toMatchObject({ ok: false, message: expect.stringContaining('已关联 2 项记录') });
		expect(await saveAction(db, { scope: scope.R, campaignId, id: act.film.id, draft: action({ subKind: '集中学习', title: '观看警示教育片' }) })).toMatchObject({ ok: false, errors: { kind: '已关联 2 项记录，不能再更改活动类别' } });
		expect(await snapshotAllRows(db)).toBe(before);
	});
});

describe('an exam as an action', () => {
	it('counts an exam by its opening and its closed sittings by the unit each person sat in', async () => {
		const plan = await saveCampaign(db, { scope: scope.R, actorId: p.orgR.id, draft: { title: '任前廉政考试专项', document: '', description: '', unitId: u.R.id, startDate: '2026-03-01', endDate: '2026-12-31' }, now: at('2026-03-01T09:00') });
		if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
		const saved = await saveAction(db, { scope: scope.R, campaignId: plan.id, draft: action({ kind: 'exam', title: '组织一次廉政考试' }) });
		expect(saved.ok).toBe(true);
		expect((await publishCampaign(db, { scope: scope.R, campaignId: plan.id, now: at('2026-03-02T09:00') })).ok).toBe(true);
		const [examAction] = await actionsOf(db, plan.id);
		const exam = async (title: string, unitId: number, opens: string) =>
			(await db.insert(exams).values({ title, unitId, audience: 'all', paperMode: 'random', sections: [], opensAt: at(opens).getTime(), closesAt: at(opens).getTime() + 86_400_000, timeLimitMinutes: 30, attemptsAllowed: 1, passScore: 60, totalPoints: 100, seedSecret: 's', createdAt: 0, updatedAt: 0 }).returning().get()).id;
		const sit = (examId: number, who: { id: number }, unitId: number, closed: string | null, passed: boolean) =>
			db.insert(examAttempts).values({ examId, userId: who.id, unitId, number: 1, paper: [], totalPoints: 100, startedAt: at('2026-04-15T09:00').getTime(), deadlineAt: at('2026-04-15T09:30').getTime(), closedAt: closed ? at(closed).getTime() : null, closeReason: closed ? 'submitted' : null, score: closed ? (passed ? 80 : 40) : null, passed: closed ? passed : null }).run();
		const examA = await exam('第一支部廉政考试', u.A.id, '2026-04-15T09:00');
		await sit(examA, p.a1, u.A.id, '2026-04-15T09:20', true);
		await sit(examA, p.a2, u.A.id, '2026-04-15T09:25', false);
		await sit(examA, p.a1g, u.A1.id, null, false); // still sitting: not counted
		const examB = await exam('第二支部廉政考试', u.B.id, '2026-06-15T09:00'); // opens after NOW
		const examX = await exam('外单位考试', u.X.id, '2026-04-15T09:00');

		const ctxA = (await cellContext(db, scope.A, { campaignId: plan.id, unitId: u.A.id, actionId: examAction.id }))!;
		expect((await linkOptions(db, scope.A, ctxA)).map((r) => r.title)).toEqual(['第一支部廉政考试']);
		const link = (unitId: number, s: Scope, actorId: number, recordId: number) => linkRecord(db, { scope: s, actorId, campaignId: plan.id, unitId, actionId: examAction.id, recordId, now: NOW });
		expect(await link(u.A.id, scope.A, p.orgA.id, examA)).toMatchObject({ ok: true });
		expect(await link(u.B.id, scope.B, p.orgB.id, examB)).toMatchObject({ ok: true });
		expect(await link(u.B.id, scope.R, p.orgR.id, examX)).toMatchObject({ ok: false });

		const access = (await campaignFor(db, scope.R, plan.id))!;
		const m = await liveMatrix(db, access, await actionsOf(db, plan.id), access.units, NOW);
		const cell = (unitId: number) => { const c = m.cell(unitId, examAction.id); return [c.status, c.times, c.count]; };
		expect(cell(u.A.id)).toEqual(['done', 1, 2]);
		expect(cell(u.B.id)).toEqual(['in-progress', 0, 0]);
		const evidence = await cellEvidence(db, scope.A, { ...ctxA, now: NOW });
		expect(evidence.records[0].people.map((x) => x.name).sort()).toEqual(['安一', '安二']);
		const accessA = (await campaignFor(db, scope.A, plan.id))!;
		const text = await draftCampaignSummary(db, accessA, { unit: accessA.units[0] }, NOW);
		expect(text).toContain('组织廉政考试《第一支部廉政考试》，参加考试2人次');
	});
});

describe('quarterly submissions', () => {
	it('freezes a unit’s quarter, and the parent sees what changed since', async () => {
		const access = (await campaignFor(db, scope.R, campaignId))!;
		expect(campaignQuarters(access.campaign, NOW)).toEqual([{ year: 2026, quarter: 2 }, { year: 2026, quarter: 1 }]);
		const sent = await submitQuarter(db, { scope: scope.B, actorId: p.orgB.id, campaignId, unitId: u.B.id, quarter: { year: 2026, quarter: 2 }, note: '按时报送', now: NOW });
		expect(sent.ok).toBe(true);
		// R sees B's row but B reports for itself; A cannot submit for B, nor B for a quarter that has not begun.
		expect(await submitQuarter(db, { scope: scope.R, actorId: p.orgR.id, campaignId, unitId: u.B.id, quarter: { year: 2026, quarter: 2 }, note: '', now: NOW })).toEqual({ ok: false, status: 400, message: '由第二支部的组织员报送' });
		expect(await submitQuarter(db, { scope: scope.A, actorId: p.orgA.id, campaignId, unitId: u.B.id, quarter: { year: 2026, quarter: 2 }, note: '', now: NOW })).toMatchObject({ ok: false, status: 404 });
		expect(await submitQuarter(db, { scope: scope.B, actorId: p.orgB.id, campaignId, unitId: u.B.id, quarter: { year: 2026, quarter: 3 }, note: '', now: NOW })).toMatchObject({ ok: false, status: 400 });

		// b2 signs the pledge after the submission.
		await sign(rec.pledge, p.b2, '2026-05-25T10:00');
		const later = at('2026-05-26T10:00');
		const overview = await quarterOverview(db, access, { year: 2026, quarter: 2 }, later);
		expect(overview.map((r) => [r.unit.name, r.latest?.submittedByName ?? null, r.changed])).toEqual([
			['第一支部', null, false],
			['第二支部', '书记丙', true]
		]);
		const detail = (await submissionDetail(db, scope.R, { campaignId, submissionId: sent.ok ? sent.id : 0, now: later }))!;
		const pledgeChange = detail.comparison!.actions.find((a) => a.actionId === act.pledge.id)!;
		expect(pledgeChange.frozen).toMatchObject({ status: 'in-progress', countInQuarter: 1, reached: 1, members: 3 });
		expect(pledgeChange.changes).toEqual(['本季度参加：1 → 2 份', '廉洁自律承诺书：1 → 2 份']);
		// A cannot open B's submission.
		expect(await submissionDetail(db, scope.A, { campaignId, submissionId: sent.ok ? sent.id : 0 })).toBeUndefined();
	});

	it('counts a quarter’s 次 and 人次 by the date of the record and of each participation', async () => {
		const access = (await campaignFor(db, scope.R, campaignId))!;
		const q1 = (await liveQuarterFigures(db, access, access.units, { year: 2026, quarter: 1 }, NOW)).get(u.A.id)!;
		expect(q1.actions.map((a) => [a.timesInQuarter, a.countInQuarter])).toEqual([[0, 0], [0, 0], [0, 0]]);
		const q2 = (await liveQuarterFigures(db, access, access.units, { year: 2026, quarter: 2 }, NOW)).get(u.A.id)!;
		expect(q2).toMatchObject({ from: '2026-04-01', to: '2026-05-20', unitName: '第一支部' });
		expect(q2.actions.map((a) => [a.timesInQuarter, a.countInQuarter, a.status])).toEqual([[1, 3, 'done'], [1, 4, 'done'], [0, 0, 'missing']]);
		expect(compareFigures(q2, q2).changed).toBe(false);
	});
});

describe('the drafted 工作总结', () => {
	it('says what each unit did, with titles, dates and 人次, in the three parts', async () => {
		const access = (await campaignFor(db, scope.A, campaignId))!;
		const text = await draftCampaignSummary(db, access, { unit: access.units[0] }, NOW);
		expect(text.split('\n')).toEqual([
			'第一支部“三个一”廉政教育活动工作总结',
			'2026年3月1日以来，第一支部按照机关党委《关于开展“三个一”廉政教育活动的通知》的部署，扎实开展“三个一”廉政教育活动。截至2026年5月20日，2项规定动作完成2项，1项自选动作开展0项，共开展各类活动2次。',
			'一、加强组织领导',
			'机关党委于2026年3月2日印发《关于开展“三个一”廉政教育活动的通知》，明确规定动作2项、自选动作1项。',
			'二、做好规定动作',
			'（一）观看警示教育片。2026年4月10日，组织党员干部集中观看警示教育片《镜鉴》，参加3人次。共开展1次，已完成“至少开展1次”的要求。',
			'（二）签订廉洁自律承诺书。2026年4月1日，组织签订《廉洁自律承诺书》4份。4名党员干部全部参加，已完成“全体人员参加”的要求。',
			'三、做活自选动作',
			'（一）撰写心得体会。尚未开展。'
		]);
	});

	it('keeps the edited draft per unit, and lets only the managers draft the whole subtree', async () => {
		const target = (await summaryTarget(db, scope.A, { campaignId, unitId: u.A.id }))!;
		await saveSummary(db, target, { actorId: p.orgA.id, body: '改过的总结', now: NOW });
		expect((await summaryView(db, target, NOW)).text).toBe('改过的总结');
		expect(await summaryTarget(db, scope.A, { campaignId, unitId: null })).toBeUndefined();
		expect(await summaryTarget(db, scope.A, { campaignId, unitId: u.B.id })).toBeUndefined();
		const whole = (await summaryTarget(db, scope.R, { campaignId, unitId: null }))!;
		const text = (await summaryView(db, whole, NOW)).text;
		expect(text).toContain('2个责任单位中1个已完成“至少开展1次”的要求，第二支部尚未开展。');
		expect(text).toContain('第一支部于2026年4月10日组织党员干部集中观看警示教育片《镜鉴》，参加3人次');
		expect(text).toContain('机关党委于2026年4月1日组织签订《廉洁自律承诺书》5份');
	});
});
