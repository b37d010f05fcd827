import { and, eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { campaignSummaries, users, type CampaignAction } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { chineseDate, formatDate } from '../../time.ts';
import { adapterFor } from './registry.ts';
import { campaignFor, type CampaignAccess, type UnitRef } from './access.ts';
import { actionsOf, targetText } from './campaigns.ts';
import { liveMatrix } from './evidence.ts';
import type { Matrix } from './matrix.ts';
import { quarterLabel, submissionsOf } from './submissions.ts';
import type { Cell, CellRecord } from './types.ts';

// The drafted 工作总结 of a unit, or of the campaign's whole subtree, in the structure these reports
// use (一、加强组织领导 二、做好规定动作 三、做活自选动作), written only from the records: the plan
// and its publication, the quarterly submissions, and for each action what was done — titles,
// dates, 次 and 人次 — and how far the target is met. The organizer edits it in the browser; the
// edited text is kept per unit and campaign (campaign_summaries) until they draft it again.

export const SUMMARY_MAX_CHARS = 50_000;
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];
const numeral = (i: number) => NUMERALS[i] ?? String(i + 1);

function documentRef(access: CampaignAccess): string {
	return access.campaign.document.trim() || `《${access.campaign.title}》`;
}

function clause(action: CampaignAction, r: CellRecord, withUnit: boolean): string {
	const adapter = adapterFor(action.kind);
	const date = formatDate(new Date(r.facts.at));
	const what = adapter ? adapter.phrase(r.facts, r.participants.length, action) : r.facts.title;
	return withUnit ? `${r.facts.unitName}于${date}${what}` : `${date}，${what}`;
}

function progressSentence(action: CampaignAction, cell: Cell): string {
	if (cell.status === 'done') return action.targetMode === 'everyone' ? `${cell.members}名党员干部全部参加，已完成“${targetText(action)}”的要求。` : `共开展${cell.times}次，已完成“${targetText(action)}”的要求。`;
	if (cell.status === 'missing') return '尚未开展。';
	return action.targetMode === 'everyone' ? `${cell.members}名党员干部中已有${cell.reached}人参加，正在推进。` : `已开展${cell.times}次（要求${targetText(action)}），正在推进。`;
}

function unitSection(actions: CampaignAction[], matrix: Matrix, unit: UnitRef, empty: string): string[] {
	if (!actions.length) return [empty];
	return actions.map((a, i) => {
		const cell = matrix.cell(unit.id, a.id);
		const done = cell.records.filter((r) => r.counts).map((r) => clause(a, r, false));
		return `（${numeral(i)}）${a.title}。${done.length ? `${done.join('；')}。` : ''}${progressSentence(a, cell)}`;
	});
}

function wholeSection(actions: CampaignAction[], matrix: Matrix, units: UnitRef[], empty: string): string[] {
	if (!actions.length) return [empty];
	return actions.map((a, i) => {
		const cells = units.map((u) => ({ unit: u, cell: matrix.cell(u.id, a.id) }));
		const done = cells.filter((c) => c.cell.status === 'done').length;
		const missing = cells.filter((c) => c.cell.status === 'missing').map((c) => c.unit.name);
		// A record organized above several units appears in each of their cells: name it once, with the participants of all of them.
		const records = new Map<number, CellRecord>();
		for (const { cell } of cells) {
			for (const r of cell.records.filter((x) => x.counts)) {
				const seen = records.get(r.facts.id);
				if (!seen) records.set(r.facts.id, { ...r, participants: [...r.participants] });
				else for (const p of r.participants) if (!seen.participants.some((x) => x.userId === p.userId)) seen.participants.push(p);
			}
		}
		const clauses = [...records.values()].sort((x, y) => x.facts.at - y.facts.at).map((r) => clause(a, r, true));
		let progress = `${units.length}个责任单位中${done}个已完成“${targetText(a)}”的要求`;
		if (missing.length) progress += `，${missing.join('、')}尚未开展`;
		return `（${numeral(i)}）${a.title}。${clauses.length ? `${clauses.join('；')}。` : ''}${progress}。`;
	});
}

async function leadership(db: DB, access: CampaignAccess, actions: CampaignAction[], units: UnitRef[], whole: boolean): Promise<string> {
	const c = access.campaign;
	const required = actions.filter((a) => a.category === 'required').length;
	const optional = actions.length - required;
	let text = `${c.unitName}${c.publishedAt ? `于${formatDate(c.publishedAt)}` : ''}印发${documentRef(access)}，明确规定动作${required}项、自选动作${optional}项${whole ? `，责任单位${units.length}个` : ''}。`;
	const sent = await submissionsOf(db, c.id, units);
	if (whole) {
		if (sent.length) text += `各责任单位按季度报送活动开展情况，共收到季度报送${sent.length}份。`;
	} else if (sent.length) {
		const first = new Map<string, Date>();
		for (const s of [...sent].reverse()) first.set(quarterLabel(s), first.get(quarterLabel(s)) ?? s.submittedAt);
		const list = [...first].map(([q, at]) => `${q}于${formatDate(at)}报送`).join('，');
		text += `${units[0].name}按季度向${c.unitName}报送活动开展情况（${list}）。`;
	}
	return text;
}

/** The drafted text: a title line, an opening paragraph, then the three parts, one paragraph a line. */
export async function draftCampaignSummary(db: DB, access: CampaignAccess, target: { unit: UnitRef } | { whole: true }, now = new Date()): Promise<string> {
	const c = access.campaign;
	const actions = await actionsOf(db, c.id);
	const whole = 'whole' in target;
	const units = whole ? access.units : [target.unit];
	const matrix = await liveMatrix(db, access, actions, units, now);
	const name = whole ? c.unitName : target.unit.name;
	const required = actions.filter((a) => a.category === 'required');
	const optional = actions.filter((a) => a.category === 'optional');
	// 次 of the whole: each record once, however many units or actions it counts for (activities and reading lists share ids).
	const counted = new Set(units.flatMap((u) => actions.flatMap((a) => matrix.cell(u.id, a.id).records.filter((r) => r.counts).map((r) => `${a.kind === 'reading-list' ? 'activity' : a.kind}:${r.facts.id}`))));
	const times = counted.size;
	const opening = whole
		? `${chineseDate(c.startDate)}以来，${c.unitName}按照${documentRef(access)}的部署，组织${units.length}个责任单位开展${c.title}。截至${formatDate(now)}，${units.filter((u) => required.every((a) => matrix.cell(u.id, a.id).status === 'done')).length}个责任单位完成全部规定动作，共开展各类活动${times}次。`
		: `${chineseDate(c.startDate)}以来，${name}按照${c.unitName}${documentRef(access)}的部署，扎实开展${c.title}。截至${formatDate(now)}，${required.length}项规定动作完成${required.filter((a) => matrix.cell(target.unit.id, a.id).status === 'done').length}项，${optional.length}项自选动作开展${optional.filter((a) => matrix.cell(target.unit.id, a.id).times > 0).length}项，共开展各类活动${times}次。`;
	const section = (list: CampaignAction[], empty: string) => (whole ? wholeSection(list, matrix, units, empty) : unitSection(list, matrix, units[0], empty));
	return [
		`${name}${c.title}工作总结`,
		opening,
		'一、加强组织领导',
		await leadership(db, access, actions, units, whole),
		'二、做好规定动作',
		...section(required, '本方案未设规定动作。'),
		'三、做活自选动作',
		...section(optional, '本方案未设自选动作。')
	].join('\n');
}

export type SummaryTarget = { access: CampaignAccess; unit: UnitRef | null };
export type SummaryView = { title: string; text: string; generated: string; saved: { at: Date; by: string | null } | null };

/** The campaign and unit (null = the whole subtree, for its managers) of a summary the viewer may edit. */
export async function summaryTarget(db: DB, scope: Scope, input: { campaignId: number; unitId: number | null }): Promise<SummaryTarget | undefined> {
	const access = await campaignFor(db, scope, input.campaignId);
	if (!access) return undefined;
	if (input.unitId === null) return access.manage ? { access, unit: null } : undefined;
	const unit = access.units.find((u) => u.id === input.unitId);
	return unit && pathInScope(scope, unit.path) ? { access, unit } : undefined;
}

const keyOf = (t: SummaryTarget) => ({ campaignId: t.access.campaign.id, unitId: t.unit?.id ?? t.access.campaign.unitId, whole: t.unit === null });
const keyCondition = (k: ReturnType<typeof keyOf>) => and(eq(campaignSummaries.campaignId, k.campaignId), eq(campaignSummaries.unitId, k.unitId), eq(campaignSummaries.whole, k.whole));

export async function summaryView(db: DB, t: SummaryTarget, now = new Date()): Promise<SummaryView> {
	const generated = await draftCampaignSummary(db, t.access, t.unit ? { unit: t.unit } : { whole: true }, now);
	const saved = await db
		.select({ body: campaignSummaries.body, at: campaignSummaries.updatedAt, by: users.name })
		.from(campaignSummaries)
		.leftJoin(users, eq(users.id, campaignSummaries.updatedBy))
		.where(keyCondition(keyOf(t)))
		.get();
	const name = t.unit?.name ?? t.access.campaign.unitName;
	return { title: `${name}${t.access.campaign.title}工作总结`, text: saved?.body ?? generated, generated, saved: saved ? { at: saved.at, by: saved.by } : null };
}

/** Keeps the edited text as the draft of this unit (or the whole subtree) and campaign. */
export async function saveSummary(db: DB, t: SummaryTarget, input: { actorId: number; body: string; now?: Date }): Promise<void> {
	const now = input.now ?? new Date();
	const key = keyOf(t);
	await db
		.insert(campaignSummaries)
		.values({ ...key, body: input.body, updatedBy: input.actorId, updatedAt: now })
		.onConflictDoUpdate({ target: [campaignSummaries.campaignId, campaignSummaries.unitId, campaignSummaries.whole], set: { body: input.body, updatedBy: input.actorId, updatedAt: now } })
		.run();
}

/** Drops the edited draft: the page shows the text drafted from the records as they are now. */
export async function discardSummary(db: DB, t: SummaryTarget): Promise<void> {
	await db.delete(campaignSummaries).where(keyCondition(keyOf(t))).run();
}
