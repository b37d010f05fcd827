import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { campaignSubmissions, users, type CampaignAction } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { formatDate, localDate, parseLocalDate } from '../../time.ts';
import { CAMPAIGN_ACTION_KIND_LABELS, CAMPAIGN_CELL_STATUS_LABELS } from '../../vocabulary.ts';
import { adapterFor } from './registry.ts';
import { campaignFor, campaignPeriod, validId, type CampaignAccess, type CampaignView, type UnitRef } from './access.ts';
import { actionsOf, kindText, targetText } from './campaigns.ts';
import { liveMatrix } from './evidence.ts';
import type { Matrix } from './matrix.ts';
import type { SubmissionFigures, SubmittedAction } from './types.ts';

// 季度报送: a unit's organizer sends the unit's campaign figures for a quarter upward. The figures are
// frozen as they stand at that moment (campaign_submissions.figures); the parent sees who sent what
// and when, and — by computing the same figures again from the records now — what has changed since.
// A unit may send a quarter again (a correction); the latest counts, earlier ones stay listed.

export type Quarter = { year: number; quarter: number };
const QUARTER_NAMES = ['一', '二', '三', '四'];

export const quarterLabel = (q: Quarter) => `${q.year}年第${QUARTER_NAMES[q.quarter - 1]}季度`;

function quarterStart(q: Quarter): number {
	return parseLocalDate(`${q.year}-${String((q.quarter - 1) * 3 + 1).padStart(2, '0')}-01`)!.getTime();
}

function nextQuarter(q: Quarter): Quarter {
	return q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: q.quarter + 1 };
}

function quarterOf(date: string): Quarter {
	const [y, m] = date.split('-').map(Number);
	return { year: y, quarter: Math.floor((m - 1) / 3) + 1 };
}

/** The part of a quarter within the campaign's period and up to now, epoch ms [from, to), or null when none. */
export function quarterWindow(c: Pick<CampaignView, 'startDate' | 'endDate'>, q: Quarter, now: number): { from: number; to: number } | null {
	const period = campaignPeriod(c);
	const from = Math.max(quarterStart(q), period.from);
	const to = Math.min(quarterStart(nextQuarter(q)), period.to, now);
	return from < to ? { from, to } : null;
}

/** Quarters of the campaign that have begun, the latest first. */
export function campaignQuarters(c: Pick<CampaignView, 'startDate' | 'endDate'>, now = new Date()): Quarter[] {
	const out: Quarter[] = [];
	for (let q = quarterOf(c.startDate); quarterStart(q) <= parseLocalDate(c.endDate)!.getTime(); q = nextQuarter(q)) {
		if (quarterWindow(c, q, now.getTime())) out.push(q);
	}
	return out.reverse();
}

/** One unit's figures for a quarter, from a matrix computed up to now. */
export function quarterFigures(matrix: Matrix, actions: CampaignAction[], unit: UnitRef, q: Quarter, window: { from: number; to: number }): SubmissionFigures {
	const inQuarter = (at: number) => at >= window.from && at < window.to;
	return {
		year: q.year,
		quarter: q.quarter,
		from: localDate(new Date(window.from)),
		to: localDate(new Date(window.to - 1)),
		unitName: unit.name,
		actions: actions.map((a): SubmittedAction => {
			const cell = matrix.cell(unit.id, a.id);
			const counting = cell.records.filter((r) => r.counts);
			const records = counting
				.map((r) => ({ id: r.facts.id, title: r.facts.title, date: formatDate(new Date(r.facts.at)), held: inQuarter(r.facts.at), count: r.participants.filter((p) => inQuarter(p.at)).length }))
				.filter((r) => r.held || r.count > 0);
			return {
				actionId: a.id,
				title: a.title,
				category: a.category,
				kindLabel: kindText(a, CAMPAIGN_ACTION_KIND_LABELS),
				target: targetText(a),
				measure: adapterFor(a.kind)?.measure(a.subKind) ?? '人次',
				status: cell.status,
				times: cell.times,
				reached: cell.reached,
				members: cell.members,
				timesInQuarter: records.filter((r) => r.held).length,
				countInQuarter: records.reduce((n, r) => n + r.count, 0),
				records: records.map(({ held: _held, ...r }) => r)
			};
		})
	};
}

/** The current figures of the given units for a quarter. */
export async function liveQuarterFigures(db: DB, access: CampaignAccess, units: UnitRef[], q: Quarter, now = new Date()): Promise<Map<number, SubmissionFigures>> {
	const window = quarterWindow(access.campaign, q, now.getTime());
	if (!window) return new Map();
	const actions = await actionsOf(db, access.campaign.id);
	const matrix = await liveMatrix(db, access, actions, units, now);
	return new Map(units.map((u) => [u.id, quarterFigures(matrix, actions, u, q, window)]));
}

/** A unit reports upward through its own organizers (or an administrator), not through the unit it reports to. */
export function maySubmitFor(scope: Scope, unit: UnitRef): boolean {
	return scope === null || scope.pathPrefix.startsWith(unit.path);
}

export type SubmitResult = { ok: true; id: number } | { ok: false; status: 400 | 404; message: string };

export async function submitQuarter(db: DB, input: { scope: Scope; actorId: number; campaignId: number; unitId: number; quarter: Quarter; note: string; now?: Date }): Promise<SubmitResult> {
	const now = input.now ?? new Date();
	const access = await campaignFor(db, input.scope, input.campaignId);
	const unit = access?.units.find((u) => u.id === input.unitId);
	if (!access || !unit || !pathInScope(input.scope, unit.path)) return { ok: false, status: 404, message: '系列活动不存在' };
	if (!access.campaign.publishedAt) return { ok: false, status: 400, message: '方案尚未发布' };
	if (!maySubmitFor(input.scope, unit)) return { ok: false, status: 400, message: `由${unit.name}的组织员报送` };
	if (!campaignQuarters(access.campaign, now).some((q) => q.year === input.quarter.year && q.quarter === input.quarter.quarter)) return { ok: false, status: 400, message: '请选择方案期间内已经开始的季度' };
	const figures = (await liveQuarterFigures(db, access, [unit], input.quarter, now)).get(unit.id)!;
	const row = await db
		.insert(campaignSubmissions)
		.values({ campaignId: access.campaign.id, unitId: unit.id, year: input.quarter.year, quarter: input.quarter.quarter, figures, note: input.note, submittedBy: input.actorId, submittedAt: now })
		.returning({ id: campaignSubmissions.id })
		.get();
	return { ok: true, id: row.id };
}

export type SubmissionRow = { id: number; unitId: number; unitName: string; year: number; quarter: number; note: string; submittedByName: string | null; submittedAt: Date; figures: SubmissionFigures };

/** Submissions of the given units, the latest first. */
export async function submissionsOf(db: DB, campaignId: number, units: UnitRef[], q?: Quarter): Promise<SubmissionRow[]> {
	if (!units.length) return [];
	const names = new Map(units.map((u) => [u.id, u.name]));
	const rows = await db
		.select({ s: campaignSubmissions, submittedByName: users.name })
		.from(campaignSubmissions)
		.leftJoin(users, eq(users.id, campaignSubmissions.submittedBy))
		.where(and(eq(campaignSubmissions.campaignId, campaignId), inArray(campaignSubmissions.unitId, [...names.keys()]), q ? and(eq(campaignSubmissions.year, q.year), eq(campaignSubmissions.quarter, q.quarter)) : undefined))
		.orderBy(desc(campaignSubmissions.submittedAt), desc(campaignSubmissions.id))
		.all();
	return rows.map(({ s, submittedByName }) => ({ id: s.id, unitId: s.unitId, unitName: names.get(s.unitId)!, year: s.year, quarter: s.quarter, note: s.note, submittedByName, submittedAt: s.submittedAt, figures: s.figures }));
}

export type ActionChange = { actionId: number; title: string; frozen: SubmittedAction | null; live: SubmittedAction | null; changes: string[] };

/** What differs between a frozen copy and the figures now, action by action, in words. */
export function compareFigures(frozen: SubmissionFigures, live: SubmissionFigures): { changed: boolean; actions: ActionChange[] } {
	const ids = [...new Set([...frozen.actions.map((a) => a.actionId), ...live.actions.map((a) => a.actionId)])];
	const actions = ids.map((id): ActionChange => {
		const f = frozen.actions.find((a) => a.actionId === id) ?? null;
		const l = live.actions.find((a) => a.actionId === id) ?? null;
		const changes: string[] = [];
		if (!f) changes.push('报送后新增的活动项');
		else if (!l) changes.push('该项活动已从方案中删除');
		else {
			if (f.status !== l.status) changes.push(`完成情况：${CAMPAIGN_CELL_STATUS_LABELS[f.status]} → ${CAMPAIGN_CELL_STATUS_LABELS[l.status]}`);
			if (f.timesInQuarter !== l.timesInQuarter) changes.push(`本季度开展：${f.timesInQuarter} → ${l.timesInQuarter} 次`);
			if (f.countInQuarter !== l.countInQuarter) changes.push(`本季度参加：${f.countInQuarter} → ${l.countInQuarter} ${l.measure}`);
			if (f.times !== l.times) changes.push(`累计开展：${f.times} → ${l.times} 次`);
			for (const r of l.records) {
				const before = f.records.find((x) => x.id === r.id);
				if (!before) changes.push(`新增记录：${r.title}（${r.date}，${r.count} ${l.measure}）`);
				else if (before.count !== r.count) changes.push(`${r.title}：${before.count} → ${r.count} ${l.measure}`);
			}
			for (const r of f.records) if (!l.records.some((x) => x.id === r.id)) changes.push(`不再计入：${r.title}（报送时 ${r.count} ${f.measure}）`);
		}
		return { actionId: id, title: (l ?? f)!.title, frozen: f, live: l, changes };
	});
	return { changed: actions.some((a) => a.changes.length > 0), actions };
}

export type SubmissionDetail = { submission: SubmissionRow; live: SubmissionFigures | null; comparison: ReturnType<typeof compareFigures> | null; history: SubmissionRow[] };

/** One submission with the same quarter's figures now and what changed, for a viewer who may see its unit. */
export async function submissionDetail(db: DB, scope: Scope, input: { campaignId: number; submissionId: number; now?: Date }): Promise<SubmissionDetail | undefined> {
	const access = await campaignFor(db, scope, input.campaignId);
	if (!access || !validId(input.submissionId)) return undefined;
	const row = await db.select().from(campaignSubmissions).where(and(eq(campaignSubmissions.id, input.submissionId), eq(campaignSubmissions.campaignId, access.campaign.id))).get();
	const unit = row && access.units.find((u) => u.id === row.unitId);
	if (!row || !unit) return undefined;
	const q = { year: row.year, quarter: row.quarter };
	const history = await submissionsOf(db, access.campaign.id, [unit], q);
	const submission = history.find((s) => s.id === row.id)!;
	const live = (await liveQuarterFigures(db, access, [unit], q, input.now)).get(unit.id) ?? null;
	return { submission, live, comparison: live ? compareFigures(submission.figures, live) : null, history };
}

export type QuarterOverviewRow = { unit: UnitRef; latest: SubmissionRow | null; submissions: number; changed: boolean };

/** For the parent: each visible unit's latest submission of a quarter, and whether its figures have changed since. */
export async function quarterOverview(db: DB, access: CampaignAccess, q: Quarter, now = new Date()): Promise<QuarterOverviewRow[]> {
	const all = await submissionsOf(db, access.campaign.id, access.units, q);
	const live = await liveQuarterFigures(db, access, access.units, q, now);
	return access.units.map((unit) => {
		const mine = all.filter((s) => s.unitId === unit.id);
		const latest = mine[0] ?? null;
		const figures = live.get(unit.id);
		return { unit, latest, submissions: mine.length, changed: !!latest && !!figures && compareFigures(latest.figures, figures).changed };
	});
}

/** Parses `2026-2` (a quarter as forms and links carry it). */
export function parseQuarter(value: string | null | undefined): Quarter | null {
	const m = /^(\d{4})-([1-4])$/.exec(value ?? '');
	return m ? { year: Number(m[1]), quarter: Number(m[2]) } : null;
}

export const quarterKey = (q: Quarter) => `${q.year}-${q.quarter}`;

/** The quarter today falls in, China time. */
export function currentQuarter(now = new Date()): Quarter {
	return quarterOf(localDate(now));
}

