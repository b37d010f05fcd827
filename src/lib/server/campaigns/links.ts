import { and, eq, sql } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import { campaignActions, campaignLinks, type CampaignAction } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { adapterFor } from './registry.ts';
import { campaignFor, campaignPeriod, validId, type CampaignAccess, type UnitRef } from './access.ts';
import type { LinkableRecord } from './types.ts';

// Units link their records to an action, or create a record from the action (the new-record forms
// save and link in one transaction through saveWithCampaignLink). A viewer links only records in
// their own scope, organized by the unit, below it, or above it within the campaign's subtree (a
// record organized above counts for the unit only where its people took part: matrix.ts).

export type Outcome = { ok: true; message: string } | { ok: false; status: 400 | 404; message: string };

export type CellContext = { access: CampaignAccess; unit: UnitRef; action: CampaignAction };

/** The unit and action of a cell the viewer may see, or undefined. */
export async function cellContext(db: DB, scope: Scope, input: { campaignId: number; unitId: number; actionId: number }): Promise<CellContext | undefined> {
	if (!validId(input.actionId)) return undefined;
	const access = await campaignFor(db, scope, input.campaignId);
	const unit = access?.units.find((u) => u.id === input.unitId);
	if (!access || !unit) return undefined;
	const action = await db.select().from(campaignActions).where(and(eq(campaignActions.id, input.actionId), eq(campaignActions.campaignId, access.campaign.id))).get();
	return action ? { access, unit, action } : undefined;
}

/** Units whose records the viewer may link for a unit: the unit's subtree and its ancestors within the campaign, in scope. */
async function linkableUnitIds(db: DB, scope: Scope, ctx: CellContext): Promise<number[]> {
	const rows = await selectRows<{ id: number; path: string }>(db, sql`select id, path from org_units where path like ${ctx.access.campaign.unitPath + '%'}`);
	return rows.filter((u) => (u.path.startsWith(ctx.unit.path) || ctx.unit.path.startsWith(u.path)) && pathInScope(scope, u.path)).map((u) => u.id);
}

/** Records the viewer could link to the cell's action, not yet linked. */
export async function linkOptions(db: DB, scope: Scope, ctx: CellContext): Promise<LinkableRecord[]> {
	const adapter = adapterFor(ctx.action.kind);
	if (!adapter) return [];
	const linked = new Set((await db.select({ id: campaignLinks.recordId }).from(campaignLinks).where(eq(campaignLinks.actionId, ctx.action.id)).all()).map((r) => r.id));
	const { from, to } = campaignPeriod(ctx.access.campaign);
	const options = await adapter.linkable(db, { unitIds: await linkableUnitIds(db, scope, ctx), from, to, subKind: ctx.action.subKind });
	return options.filter((o) => !linked.has(o.id));
}

/** Why the viewer may not link this record to the cell's action, or null when they may. */
async function linkRefusal(db: DB, scope: Scope, ctx: CellContext, recordId: number, now: number): Promise<string | null> {
	if (!ctx.access.campaign.publishedAt) return '方案尚未发布';
	const adapter = adapterFor(ctx.action.kind);
	if (!adapter) return '暂不支持此类活动';
	const [facts] = await adapter.facts(db, [recordId], now);
	if (!facts) return '记录不存在';
	const allowed = await linkableUnitIds(db, scope, ctx);
	if (!allowed.includes(facts.unitId)) return '只能关联本单位、下级单位或上级单位组织的、在您管理范围内的记录';
	if (facts.state === 'void') return `${facts.stateNote}，不能关联`;
	if (ctx.action.subKind && facts.subKind !== ctx.action.subKind) return `该记录的类别是“${facts.subKind ?? '未分类'}”，本项要求“${ctx.action.subKind}”`;
	const { from, to } = campaignPeriod(ctx.access.campaign);
	if (facts.at < from || facts.at >= to) return '该记录的日期不在方案的起止日期内';
	return null;
}

export async function linkRecord(db: DB, input: { scope: Scope; actorId: number; campaignId: number; unitId: number; actionId: number; recordId: number; now?: Date }): Promise<Outcome> {
	const now = input.now ?? new Date();
	const ctx = await cellContext(db, input.scope, input);
	if (!ctx) return { ok: false, status: 404, message: '系列活动不存在' };
	if (!validId(input.recordId)) return { ok: false, status: 400, message: '记录不存在' };
	const refusal = await linkRefusal(db, input.scope, ctx, input.recordId, now.getTime());
	if (refusal) return { ok: false, status: 400, message: refusal };
	const inserted = await db.insert(campaignLinks).values({ actionId: ctx.action.id, recordId: input.recordId, linkedBy: input.actorId, linkedAt: now }).onConflictDoNothing().returning({ id: campaignLinks.id }).all();
	return inserted.length ? { ok: true, message: `已关联到“${ctx.action.title}”。` } : { ok: false, status: 400, message: '该记录已经关联到这项活动' };
}

/** Removes a link the viewer could have made (the record is in their scope); the record itself stays. */
export async function unlinkRecord(db: DB, input: { scope: Scope; campaignId: number; unitId: number; actionId: number; recordId: number; now?: Date }): Promise<Outcome> {
	const ctx = await cellContext(db, input.scope, input);
	if (!ctx) return { ok: false, status: 404, message: '系列活动不存在' };
	if (!validId(input.recordId)) return { ok: false, status: 400, message: '该记录没有关联到这项活动' };
	const [facts] = (await adapterFor(ctx.action.kind)?.facts(db, [input.recordId], (input.now ?? new Date()).getTime())) ?? [];
	// A deleted record's link may be removed by the campaign's managers only.
	if (facts ? !pathInScope(input.scope, facts.unitPath) : !ctx.access.manage) return { ok: false, status: 400, message: '只能取消您管理范围内的记录的关联' };
	const removed = await db.delete(campaignLinks).where(and(eq(campaignLinks.actionId, ctx.action.id), eq(campaignLinks.recordId, input.recordId))).returning({ id: campaignLinks.id }).all();
	return removed.length ? { ok: true, message: '已取消关联（记录本身保留）。' } : { ok: false, status: 400, message: '该记录没有关联到这项活动' };
}

export type CreationContext = { campaignId: number; campaignTitle: string; actionId: number; actionTitle: string; subKind: string | null; unitId: number; unitName: string };

/**
 * What a new-record form opened from a campaign cell (?campaignAction=ID&unit=ID) presets and shows;
 * undefined when the viewer may not create records for that cell, or the form is of another kind.
 */
export async function creationContext(db: DB, scope: Scope, input: { actionId: number; unitId: number; kinds: CampaignAction['kind'][] }): Promise<CreationContext | undefined> {
	if (!validId(input.actionId)) return undefined;
	const action = await db.select().from(campaignActions).where(eq(campaignActions.id, input.actionId)).get();
	if (!action || !input.kinds.includes(action.kind)) return undefined;
	const ctx = await cellContext(db, scope, { campaignId: action.campaignId, unitId: input.unitId, actionId: action.id });
	if (!ctx?.access.campaign.publishedAt || !pathInScope(scope, ctx.unit.path)) return undefined;
	return { campaignId: ctx.access.campaign.id, campaignTitle: ctx.access.campaign.title, actionId: action.id, actionTitle: action.title, subKind: action.subKind, unitId: ctx.unit.id, unitName: ctx.unit.name };
}

/** The form field a new-record form carries when opened from a campaign cell: "actionId:unitId". */
export function parseCampaignLink(value: FormDataEntryValue | null): { actionId: number; unitId: number } | null {
	const m = typeof value === 'string' ? /^(\d{1,12}):(\d{1,12})$/.exec(value) : null;
	return m ? { actionId: Number(m[1]), unitId: Number(m[2]) } : null;
}

class Rollback extends Error {
	readonly result: unknown;
	constructor(result: unknown) {
		super('rollback');
		this.result = result;
	}
}

type Failure = { ok: false; status: 400 | 404; errors: Record<string, string> };

/**
 * Saves a new record and, when the form came from a campaign cell, links it to the action in the
 * same transaction: either both happen or neither (a record the link refuses is not kept).
 */
export async function saveWithCampaignLink<T extends { ok: boolean }>(
	db: DB,
	input: { scope: Scope; actorId: number; kind: CampaignAction['kind']; link: { actionId: number; unitId: number } | null },
	save: (tx: DB) => Promise<T>,
	idOf: (saved: T) => number
): Promise<T | Failure> {
	const link = input.link;
	if (!link) return await save(db);
	if (!validId(link.actionId)) return { ok: false, status: 404, errors: { _form: '系列活动不存在' } };
	const action = await db.select({ campaignId: campaignActions.campaignId, kind: campaignActions.kind }).from(campaignActions).where(eq(campaignActions.id, link.actionId)).get();
	// A link carried by the form must name an action asking for this kind of record.
	if (!action || action.kind !== input.kind) return { ok: false, status: 404, errors: { _form: '系列活动不存在' } };
	try {
		return await db.transaction(async (tx) => {
			const saved = await save(tx);
			if (!saved.ok) throw new Rollback(saved);
			const linked = await linkRecord(tx, { scope: input.scope, actorId: input.actorId, campaignId: action.campaignId, unitId: link.unitId, actionId: link.actionId, recordId: idOf(saved) });
			if (!linked.ok) throw new Rollback({ ok: false, status: 400, errors: { _form: `未保存：${linked.message}` } } satisfies Failure);
			return saved;
		});
	} catch (e) {
		if (e instanceof Rollback) return e.result as T | Failure;
		throw e;
	}
}

/** Reads ?campaignAction=ID&unit=ID of a new-record form's URL: the cell to link to, or null when absent; undefined when present but not the viewer's. */
export async function creationFromUrl(db: DB, scope: Scope, url: URL, kinds: CampaignAction['kind'][]): Promise<CreationContext | null | undefined> {
	const action = url.searchParams.get('campaignAction');
	if (action === null) return null;
	const unit = Number(url.searchParams.get('unit'));
	return await creationContext(db, scope, { actionId: Number(action), unitId: unit, kinds });
}
