import { sql } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import type { CampaignAction } from '../db/schema/index.ts';
import type { CampaignActionKind, CampaignCellStatus } from '../../vocabulary.ts';
import { adapterFor } from './registry.ts';
import type { UnitRef } from './access.ts';
import type { Cell, CellRecord, RecordFacts } from './types.ts';
import { inList } from './adapters/common.ts';

// The campaign matrix: for each responsible unit and action, done / in progress / missing, computed
// from the linked records and their event rows every time (nothing is stored). The rules:
//
//   - A linked record counts for unit U when it was organized by U or a unit below it (own), or by a
//     unit above U within the campaign's subtree (shared: a 党委's lecture for every branch) and at
//     least one of U's people took part. A record organized by a sibling never counts for U.
//   - It must be held (not cancelled, started or finished as its kind requires, before `asOf`), its
//     date within the campaign's period, and of the kind the action asks for. Kinds whose record is
//     only an invitation (reading lists, pledges, collections) count from their first participant.
//   - 次 = records that count; 人次 (份, 篇) = their participants: everyone for an own record (as the
//     report counts), only U's people for a shared one; each participant counted up to `asOf`.
//   - Target "at least N": done when 次 ≥ N. Target "everyone": done when at least one record
//     counts and every current member of U (active, not an administrator) took part in one.
//     Otherwise in progress when something counts or is still to come; else missing.

export type MatrixInput = {
	campaignPath: string;
	/** The campaign's period, epoch ms [from, to). */
	period: { from: number; to: number };
	actions: CampaignAction[];
	units: UnitRef[];
	/** Figures as they stood at this instant (now for the live matrix, the end of a report period …). */
	asOf: number;
	now: number;
};

export type Matrix = { cells: Map<string, Cell>; cell(unitId: number, actionId: number): Cell };

export const cellKey = (unitId: number, actionId: number) => `${unitId}:${actionId}`;

/** Linked record ids of each action. */
async function linksOf(db: DB, actionIds: number[]): Promise<Map<number, number[]>> {
	const out = new Map<number, number[]>();
	if (!actionIds.length) return out;
	for (const r of await selectRows<{ action_id: number; record_id: number }>(db, sql`select action_id, record_id from campaign_links where action_id in ${inList(actionIds)} order by id`)) {
		out.set(r.action_id, [...(out.get(r.action_id) ?? []), r.record_id]);
	}
	return out;
}

/** Facts of every linked record, fetched once per kind. */
async function factsByKind(db: DB, actions: CampaignAction[], links: Map<number, number[]>, now: number): Promise<Map<CampaignActionKind, Map<number, RecordFacts>>> {
	const ids = new Map<CampaignActionKind, Set<number>>();
	for (const a of actions) for (const id of links.get(a.id) ?? []) ids.set(a.kind, (ids.get(a.kind) ?? new Set()).add(id));
	const out = new Map<CampaignActionKind, Map<number, RecordFacts>>();
	for (const [kind, set] of ids) {
		const adapter = adapterFor(kind);
		out.set(kind, new Map(adapter ? (await adapter.facts(db, [...set], now)).map((f) => [f.id, f]) : []));
	}
	return out;
}

/** Current members (active, not administrators) of each unit's subtree. */
async function membersOf(db: DB, campaignPath: string, units: UnitRef[]): Promise<Map<number, Set<number>>> {
	const people = await selectRows<{ id: number; path: string }>(db, sql`
		select u.id, o.path from users u join org_units o on o.id = u.org_unit_id
		where u.disabled_at is null and u.role <> 'admin' and o.path like ${campaignPath + '%'}`);
	return new Map(units.map((u) => [u.id, new Set(people.filter((p) => p.path.startsWith(u.path)).map((p) => p.id))]));
}

/** How one linked record stands for one unit, or null when it has nothing to do with the unit. */
export function recordForUnit(f: RecordFacts, unit: UnitRef, action: Pick<CampaignAction, 'kind' | 'subKind'>, input: Pick<MatrixInput, 'campaignPath' | 'period' | 'asOf'>): (CellRecord & { pending: boolean }) | null {
	const own = f.unitPath.startsWith(unit.path);
	const shared = !own && unit.path.startsWith(f.unitPath) && f.unitPath.startsWith(input.campaignPath);
	if (!own && !shared) return null;
	const participants = f.participants.filter((p) => p.at < input.asOf && (own || (p.unitPath ?? '').startsWith(unit.path)));
	const base = { facts: f, own, participants };
	if (f.state === 'void') return { ...base, counts: false, why: f.stateNote, pending: false };
	if (action.subKind && f.subKind !== action.subKind) return { ...base, counts: false, why: `类别为“${f.subKind ?? '未分类'}”，不是本项要求的“${action.subKind}”`, pending: false };
	if (f.at < input.period.from || f.at >= input.period.to) return { ...base, counts: false, why: '日期不在方案的起止日期内', pending: false };
	if (f.state === 'pending' || f.at >= input.asOf) return { ...base, counts: false, why: f.stateNote || '尚未开展', pending: true };
	if (shared && !participants.length) return { ...base, counts: false, why: '由上级单位组织，本单位无人参加', pending: false };
	const adapter = adapterFor(action.kind);
	if (adapter?.countsFrom === 'participation' && !participants.length) return { ...base, counts: false, why: adapter.waiting, pending: true };
	return { ...base, counts: true, why: '', pending: false };
}

export function statusOf(action: Pick<CampaignAction, 'targetMode' | 'targetTimes'>, times: number, reached: number, members: number, pending: boolean): CampaignCellStatus {
	const done = action.targetMode === 'times' ? times >= action.targetTimes : times > 0 && reached >= members;
	if (done) return 'done';
	return times > 0 || pending ? 'in-progress' : 'missing';
}

export async function computeMatrix(db: DB, input: MatrixInput): Promise<Matrix> {
	const links = await linksOf(db, input.actions.map((a) => a.id));
	const facts = await factsByKind(db, input.actions, links, input.now);
	const members = await membersOf(db, input.campaignPath, input.units);
	const cells = new Map<string, Cell>();
	for (const action of input.actions) {
		const linked = (links.get(action.id) ?? []).map((id) => facts.get(action.kind)?.get(id)).filter((f): f is RecordFacts => !!f);
		for (const unit of input.units) {
			const records = linked
				.map((f) => recordForUnit(f, unit, action, input))
				.filter((r): r is CellRecord & { pending: boolean } => r !== null)
				.sort((a, b) => a.facts.at - b.facts.at || a.facts.id - b.facts.id);
			const counting = records.filter((r) => r.counts);
			const unitMembers = members.get(unit.id) ?? new Set<number>();
			const took = new Set(counting.flatMap((r) => r.participants.map((p) => p.userId)).filter((id) => unitMembers.has(id)));
			const times = counting.length;
			cells.set(cellKey(unit.id, action.id), {
				unitId: unit.id,
				actionId: action.id,
				status: statusOf(action, times, took.size, unitMembers.size, records.some((r) => r.pending)),
				times,
				count: counting.reduce((n, r) => n + r.participants.length, 0),
				members: unitMembers.size,
				reached: took.size,
				records: records.map(({ pending: _pending, ...r }) => r)
			});
		}
	}
	return {
		cells,
		cell(unitId, actionId) {
			const c = cells.get(cellKey(unitId, actionId));
			if (!c) throw new Error(`no cell ${unitId}:${actionId}`);
			return c;
		}
	};
}
