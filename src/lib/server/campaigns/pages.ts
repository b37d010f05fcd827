import type { DB } from '../db/client.ts';
import type { CampaignAction } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope, unitOptions } from '../org/scope.ts';
import { CAMPAIGN_ACTION_KIND_LABELS, CAMPAIGN_ACTION_KINDS, CAMPAIGN_SUB_KINDS, type CampaignActionKind, type CampaignCellStatus } from '../../vocabulary.ts';
import { adapterFor, availableKinds } from './registry.ts';
import { campaignFor, type CampaignAccess, type UnitRef } from './access.ts';
import { actionsOf, kindText, targetText } from './campaigns.ts';
import { cellEvidence, liveMatrix } from './evidence.ts';
import { cellContext, linkOptions } from './links.ts';
import { campaignQuarters, currentQuarter, maySubmitFor, quarterKey, quarterLabel, quarterOverview, submissionsOf } from './submissions.ts';
import type { Cell } from './types.ts';

// What the campaign pages show, each in one call (the routes stay thin).

export type ActionView = { id: number; title: string; category: CampaignAction['category']; kindText: string; target: string; measure: string; description: string; kind: CampaignActionKind; subKind: string | null; targetMode: CampaignAction['targetMode']; targetTimes: number };
export type CellView = { status: CampaignCellStatus; times: number; count: number; reached: number; members: number };
export type MatrixRow = { unit: UnitRef; cells: CellView[]; done: number; required: number; requiredDone: number };

export function actionView(a: CampaignAction): ActionView {
	return {
		id: a.id,
		title: a.title,
		category: a.category,
		kindText: kindText(a, CAMPAIGN_ACTION_KIND_LABELS),
		target: targetText(a),
		measure: adapterFor(a.kind)?.measure(a.subKind) ?? '人次',
		description: a.description,
		kind: a.kind,
		subKind: a.subKind,
		targetMode: a.targetMode,
		targetTimes: a.targetTimes
	};
}

const cellView = (c: Cell): CellView => ({ status: c.status, times: c.times, count: c.count, reached: c.reached, members: c.members });

/** The matrix of units × actions the viewer may see, as it stands now. */
export async function campaignOverview(db: DB, scope: Scope, id: number, now = new Date()) {
	const access = await campaignFor(db, scope, id);
	if (!access) return undefined;
	const actions = await actionsOf(db, access.campaign.id);
	const matrix = await liveMatrix(db, access, actions, access.units, now);
	const rows: MatrixRow[] = access.units.map((unit) => {
		const cells = actions.map((a) => matrix.cell(unit.id, a.id));
		const required = actions.filter((a) => a.category === 'required');
		return {
			unit,
			cells: cells.map(cellView),
			done: cells.filter((c) => c.status === 'done').length,
			required: required.length,
			requiredDone: required.filter((a) => matrix.cell(unit.id, a.id).status === 'done').length
		};
	});
	return { access, actions: actions.map(actionView), rows, mayAct: access.units.some((u) => pathInScope(scope, u.path)) };
}

/** The kinds an action may ask for, as <select> values: "activity" (any) or "activity:警示教育片". */
export function actionKindOptions(): { value: string; label: string; group: string }[] {
	return availableKinds(CAMPAIGN_ACTION_KINDS).flatMap((kind) => {
		const group = CAMPAIGN_ACTION_KIND_LABELS[kind];
		const subs = CAMPAIGN_SUB_KINDS[kind];
		return [{ value: kind, label: subs.length ? `${group}（任一类别）` : group, group }, ...subs.map((s) => ({ value: `${kind}:${s}`, label: s, group }))];
	});
}

/** A unit's page of a campaign: each action with its cell, the unit's quarterly submissions, and the quarters it may submit. */
export async function unitOverview(db: DB, scope: Scope, input: { campaignId: number; unitId: number; now?: Date }) {
	const now = input.now ?? new Date();
	const access = await campaignFor(db, scope, input.campaignId);
	const unit = access?.units.find((u) => u.id === input.unitId);
	if (!access || !unit) return undefined;
	const actions = await actionsOf(db, access.campaign.id);
	const matrix = await liveMatrix(db, access, actions, [unit], now);
	const quarters = access.campaign.publishedAt ? campaignQuarters(access.campaign, now) : [];
	const current = quarterKey(currentQuarter(now));
	return {
		access,
		unit,
		actions: actions.map((a) => ({ ...actionView(a), cell: cellView(matrix.cell(unit.id, a.id)) })),
		submissions: (await submissionsOf(db, access.campaign.id, [unit])).map((s) => ({ ...s, quarterLabel: quarterLabel(s) })),
		quarters: quarters.map((q) => ({ key: quarterKey(q), label: quarterLabel(q) })),
		defaultQuarter: quarters.some((q) => quarterKey(q) === current) ? current : (quarters[0] ? quarterKey(quarters[0]) : ''),
		/** The viewer may act for the unit (link, create, edit its summary): it is in their own scope. */
		mayAct: pathInScope(scope, unit.path),
		/** The viewer is the unit's own organizer (or an administrator), who reports its figures upward. */
		maySubmit: maySubmitFor(scope, unit)
	};
}

/** One cell: its evidence, what may be linked to it, and where a new record for it is made. */
export async function cellPage(db: DB, scope: Scope, input: { campaignId: number; unitId: number; actionId: number; now?: Date }) {
	const ctx = await cellContext(db, scope, input);
	if (!ctx) return undefined;
	const mayAct = pathInScope(scope, ctx.unit.path) && !!ctx.access.campaign.publishedAt;
	const adapter = adapterFor(ctx.action.kind);
	return {
		access: ctx.access satisfies CampaignAccess,
		unit: ctx.unit,
		action: actionView(ctx.action),
		evidence: await cellEvidence(db, scope, { ...ctx, now: input.now }),
		options: mayAct ? await linkOptions(db, scope, ctx) : [],
		createHref: mayAct && adapter ? `${adapter.createPath}?campaignAction=${ctx.action.id}&unit=${ctx.unit.id}` : null,
		mayAct
	};
}

/** The editor of a campaign its managers see: the plan, its actions, and the units that may be responsible. */
export async function campaignEditor(db: DB, scope: Scope, id: number) {
	const access = await campaignFor(db, scope, id);
	if (!access?.manage) return undefined;
	const chosen = new Set(access.units.map((u) => u.id));
	const units = await unitOptions(db, { unitId: access.campaign.unitId, pathPrefix: access.campaign.unitPath });
	return {
		access,
		actions: (await actionsOf(db, access.campaign.id)).map(actionView),
		units: units.map((u) => ({ ...u, checked: chosen.has(u.id) })),
		kindOptions: actionKindOptions()
	};
}

/** The parent's view of a quarter: each visible unit's latest submission, when and by whom, and whether its figures changed since. */
export async function submissionsPage(db: DB, scope: Scope, input: { campaignId: number; quarter: string | null; now?: Date }) {
	const now = input.now ?? new Date();
	const access = await campaignFor(db, scope, input.campaignId);
	if (!access?.campaign.publishedAt) return undefined;
	const quarters = campaignQuarters(access.campaign, now);
	const chosen = quarters.find((q) => quarterKey(q) === input.quarter) ?? quarters[0];
	return {
		access,
		quarters: quarters.map((q) => ({ key: quarterKey(q), label: quarterLabel(q) })),
		quarter: chosen ? { key: quarterKey(chosen), label: quarterLabel(chosen) } : null,
		rows: chosen ? await quarterOverview(db, access, chosen, now) : []
	};
}

/** Everything the campaign workbook needs, for the units the viewer may see. */
export async function campaignExport(db: DB, scope: Scope, id: number, now = new Date()) {
	const overview = await campaignOverview(db, scope, id, now);
	if (!overview?.access.campaign.publishedAt) return undefined;
	const actions = await actionsOf(db, overview.access.campaign.id);
	return { ...overview, matrix: await liveMatrix(db, overview.access, actions, overview.access.units, now) };
}
