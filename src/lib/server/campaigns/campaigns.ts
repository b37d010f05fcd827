import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/client.ts';
import { campaignActions, campaignLinks, campaignSubmissions, campaigns, campaignUnits, orgUnits, type CampaignAction } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { parseLocalDate, DAY_MS } from '../../time.ts';
import { CAMPAIGN_SUB_KINDS, type CampaignActionCategory, type CampaignActionKind, type CampaignTargetMode } from '../../vocabulary.ts';
import { adapterFor } from './registry.ts';
import { campaignFor } from './access.ts';

// Publishing and editing campaigns: the plan (title, period, the document it implements), its
// responsible units and its actions. Figures are never stored here (matrix.ts computes them).

export const CAMPAIGN_TITLE_MAX = 100;
export const MAX_ACTIONS = 30;
export const MAX_TARGET_TIMES = 100;
/** The longest plan: a term of several years is planned year by year. */
const MAX_PERIOD_DAYS = 3 * 366;

export type CampaignDraft = { title: string; document: string; description: string; unitId: number; startDate: string; endDate: string };
export type ActionDraft = {
	kind: CampaignActionKind;
	subKind: string | null;
	category: CampaignActionCategory;
	title: string;
	description: string;
	targetMode: CampaignTargetMode;
	targetTimes: number;
};

type Errors = Record<string, string>;
export type SaveResult = { ok: true; id: number } | { ok: false; status: 400 | 404; errors: Errors };
export type Done = { ok: true; message: string } | { ok: false; status: 400 | 404; message: string };

function periodErrors(d: Pick<CampaignDraft, 'startDate' | 'endDate'>): Errors {
	const start = parseLocalDate(d.startDate);
	const end = parseLocalDate(d.endDate);
	if (!start) return { startDate: '开始日期无效' };
	if (!end) return { endDate: '结束日期无效' };
	if (end.getTime() < start.getTime()) return { endDate: '结束日期不能早于开始日期' };
	if ((end.getTime() - start.getTime()) / DAY_MS > MAX_PERIOD_DAYS) return { endDate: '一个方案的期限最长三年，请分年度制定' };
	return {};
}

/** Creates a campaign (as a draft, its responsible units the publishing unit's children) or edits one the scope manages. */
export async function saveCampaign(db: DB, input: { scope: Scope; actorId: number; id?: number; draft: CampaignDraft; now?: Date }): Promise<SaveResult> {
	const now = input.now ?? new Date();
	const d = input.draft;
	const existing = input.id === undefined ? undefined : await campaignFor(db, input.scope, input.id);
	if (input.id !== undefined && !existing?.manage) return { ok: false, status: 404, errors: { _form: '系列活动不存在' } };
	const errors = periodErrors(d);
	const unitId = existing ? existing.campaign.unitId : d.unitId;
	const unit = await db.select().from(orgUnits).where(eq(orgUnits.id, unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) errors.unitId = '请选择本单位或下级单位';
	if (Object.keys(errors).length || !unit) return { ok: false, status: 400, errors };
	const values = { title: d.title, document: d.document, description: d.description, startDate: d.startDate, endDate: d.endDate, updatedAt: now };
	if (existing) {
		await db.update(campaigns).set(values).where(eq(campaigns.id, existing.campaign.id)).run();
		return { ok: true, id: existing.campaign.id };
	}
	const children = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.parentId, unit.id)).orderBy(asc(orgUnits.sortOrder), asc(orgUnits.id)).all();
	const id = await db.transaction(async (tx) => {
		const row = await tx.insert(campaigns).values({ ...values, unitId: unit.id, createdBy: input.actorId, createdAt: now }).returning({ id: campaigns.id }).get();
		for (const c of children.length ? children : [{ id: unit.id }]) await tx.insert(campaignUnits).values({ campaignId: row.id, unitId: c.id }).run();
		return row.id;
	});
	return { ok: true, id };
}

/** Replaces the responsible units: units of the campaign's subtree, at least one. */
export async function setResponsibleUnits(db: DB, input: { scope: Scope; campaignId: number; unitIds: number[] }): Promise<Done> {
	const access = await campaignFor(db, input.scope, input.campaignId);
	if (!access?.manage) return { ok: false, status: 404, message: '系列活动不存在' };
	const wanted = [...new Set(input.unitIds)];
	if (!wanted.length) return { ok: false, status: 400, message: '请至少选择一个责任单位' };
	const found = await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(inArray(orgUnits.id, wanted)).all();
	if (found.length !== wanted.length || found.some((u) => !u.path.startsWith(access.campaign.unitPath))) return { ok: false, status: 400, message: '责任单位只能是发布单位及其下级单位' };
	await db.transaction(async (tx) => {
		await tx.delete(campaignUnits).where(eq(campaignUnits.campaignId, input.campaignId)).run();
		for (const unitId of wanted) await tx.insert(campaignUnits).values({ campaignId: input.campaignId, unitId }).run();
	});
	return { ok: true, message: `已保存责任单位（${wanted.length} 个）。` };
}

export async function publishCampaign(db: DB, input: { scope: Scope; campaignId: number; now?: Date }): Promise<Done> {
	const access = await campaignFor(db, input.scope, input.campaignId);
	if (!access?.manage) return { ok: false, status: 404, message: '系列活动不存在' };
	if (access.campaign.publishedAt) return { ok: false, status: 400, message: '该方案已经发布' };
	const actions = (await db.select({ n: count() }).from(campaignActions).where(eq(campaignActions.campaignId, input.campaignId)).get())!.n;
	if (!actions) return { ok: false, status: 400, message: '请先添加至少一项活动（规定动作或自选动作）再发布' };
	const now = input.now ?? new Date();
	await db.update(campaigns).set({ publishedAt: now, updatedAt: now }).where(eq(campaigns.id, input.campaignId)).run();
	return { ok: true, message: '方案已发布，责任单位的组织员现在可以看到并关联、开展各项活动。' };
}

/** Removes a campaign nobody has reported on yet (a mistaken publication); its links go with it, the records stay. */
export async function deleteCampaign(db: DB, input: { scope: Scope; campaignId: number }): Promise<Done> {
	const access = await campaignFor(db, input.scope, input.campaignId);
	if (!access?.manage) return { ok: false, status: 404, message: '系列活动不存在' };
	const submitted = (await db.select({ n: count() }).from(campaignSubmissions).where(eq(campaignSubmissions.campaignId, input.campaignId)).get())!.n;
	if (submitted) return { ok: false, status: 400, message: `已有 ${submitted} 份季度报送，不能删除该方案` };
	await db.delete(campaigns).where(eq(campaigns.id, input.campaignId)).run();
	return { ok: true, message: '方案已删除（关联的活动记录本身不受影响）。' };
}

// The report reads every overlapping campaign's actions on each view: built once per database.
const actionsOfCampaign = preparedQuery((db) =>
	db.select().from(campaignActions).where(eq(campaignActions.campaignId, sql.placeholder('campaignId'))).orderBy(asc(campaignActions.ordinal), asc(campaignActions.id)).prepare()
);

export async function actionsOf(db: DB, campaignId: number): Promise<CampaignAction[]> {
	return await actionsOfCampaign(db).all({ campaignId });
}

/** Adds (id absent) or edits an action. Its kind cannot change once records are linked to it. */
export async function saveAction(db: DB, input: { scope: Scope; campaignId: number; id?: number; draft: ActionDraft; now?: Date }): Promise<SaveResult> {
	const now = input.now ?? new Date();
	const access = await campaignFor(db, input.scope, input.campaignId);
	if (!access?.manage) return { ok: false, status: 404, errors: { _form: '系列活动不存在' } };
	const d = input.draft;
	const existing = input.id === undefined ? undefined : await db.select().from(campaignActions).where(and(eq(campaignActions.id, input.id), eq(campaignActions.campaignId, input.campaignId))).get();
	if (input.id !== undefined && !existing) return { ok: false, status: 404, errors: { _form: '该项活动不存在' } };
	const errors: Errors = {};
	if (!adapterFor(d.kind)) errors.kind = '暂不支持此类活动';
	else if (d.subKind !== null && !CAMPAIGN_SUB_KINDS[d.kind].includes(d.subKind)) errors.kind = '活动类别无效';
	if (d.targetMode === 'times' && (d.targetTimes < 1 || d.targetTimes > MAX_TARGET_TIMES)) errors.targetTimes = `次数应为 1 至 ${MAX_TARGET_TIMES} 之间的整数`;
	if (existing && (existing.kind !== d.kind || existing.subKind !== d.subKind)) {
		const linked = (await db.select({ n: count() }).from(campaignLinks).where(eq(campaignLinks.actionId, existing.id)).get())!.n;
		if (linked) errors.kind = `已关联 ${linked} 项记录，不能再更改活动类别`;
	}
	const total = (await db.select({ n: count() }).from(campaignActions).where(eq(campaignActions.campaignId, input.campaignId)).get())!.n;
	if (!existing && total >= MAX_ACTIONS) errors._form = `一个方案最多 ${MAX_ACTIONS} 项活动`;
	if (Object.keys(errors).length) return { ok: false, status: 400, errors };
	const values = { kind: d.kind, subKind: d.subKind, category: d.category, title: d.title, description: d.description, targetMode: d.targetMode, targetTimes: d.targetMode === 'times' ? d.targetTimes : 1, updatedAt: now };
	if (existing) {
		await db.update(campaignActions).set(values).where(eq(campaignActions.id, existing.id)).run();
		return { ok: true, id: existing.id };
	}
	const id = await db.transaction(async (tx) => {
		const row = await tx.insert(campaignActions).values({ ...values, campaignId: input.campaignId, ordinal: total + 1, createdAt: now }).returning({ id: campaignActions.id }).get();
		await tx.update(campaigns).set({ updatedAt: now }).where(eq(campaigns.id, input.campaignId)).run();
		return row.id;
	});
	return { ok: true, id };
}

/** Removes an action with no records linked (unlink them first, so nothing a unit did disappears unnoticed). */
export async function deleteAction(db: DB, input: { scope: Scope; campaignId: number; actionId: number }): Promise<Done> {
	const access = await campaignFor(db, input.scope, input.campaignId);
	if (!access?.manage) return { ok: false, status: 404, message: '系列活动不存在' };
	const action = await db.select().from(campaignActions).where(and(eq(campaignActions.id, input.actionId), eq(campaignActions.campaignId, input.campaignId))).get();
	if (!action) return { ok: false, status: 404, message: '该项活动不存在' };
	const linked = (await db.select({ n: count() }).from(campaignLinks).where(eq(campaignLinks.actionId, action.id)).get())!.n;
	if (linked) return { ok: false, status: 400, message: `“${action.title}”已关联 ${linked} 项记录，请先在各单位取消关联再删除` };
	await db.delete(campaignActions).where(eq(campaignActions.id, action.id)).run();
	return { ok: true, message: `已删除“${action.title}”。` };
}

/** How a target reads after 每个责任单位: 至少开展 2 次 / 全体人员参加. */
export function targetText(a: Pick<CampaignAction, 'targetMode' | 'targetTimes'>): string {
	return a.targetMode === 'times' ? `至少开展${a.targetTimes}次` : '全体人员参加';
}

/** How an action's kind reads: 学习活动 · 警示教育片. */
export function kindText(a: Pick<CampaignAction, 'kind' | 'subKind'>, labels: Record<CampaignActionKind, string>): string {
	return a.subKind ? `${labels[a.kind]} · ${a.subKind}` : labels[a.kind];
}
