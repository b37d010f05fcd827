import { sql } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import type { CampaignAction } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { formatDate, formatDateTime } from '../../time.ts';
import { adapterFor } from './registry.ts';
import { campaignPeriod, type CampaignAccess, type UnitRef } from './access.ts';
import { computeMatrix, type Matrix } from './matrix.ts';
import { targetText } from './campaigns.ts';
import type { Cell, CellRecord } from './types.ts';
import { inList } from './adapters/common.ts';

// What backs a cell of the matrix: each linked record with whether and why it counts, the people
// behind its 人次 (an own record's whole list, a shared record's people of the unit only), and its
// photos. Records in the viewer's scope link to their own pages.

export type EvidencePerson = { name: string; username: string; unitName: string; at: string; note: string };
export type EvidenceRecord = {
	id: number;
	title: string;
	date: string;
	unitName: string;
	detail: string;
	own: boolean;
	counts: boolean;
	why: string;
	count: number;
	href: string | null;
	/** The viewer may remove the link (the record is in their scope). */
	mayUnlink: boolean;
	photoIds: number[];
	people: EvidencePerson[];
};
export type Evidence = { cell: Cell; target: string; measure: string; records: EvidenceRecord[] };

/** The live matrix of the campaign for the given units (every action). */
export async function liveMatrix(db: DB, access: CampaignAccess, actions: CampaignAction[], units: UnitRef[] = access.units, now = new Date()): Promise<Matrix> {
	return await computeMatrix(db, { campaignPath: access.campaign.unitPath, period: campaignPeriod(access.campaign), actions, units, asOf: now.getTime(), now: now.getTime() });
}

async function peopleOf(db: DB, records: CellRecord[]): Promise<Map<number, { name: string; username: string }>> {
	const ids = [...new Set(records.flatMap((r) => r.participants.map((p) => p.userId)))];
	if (!ids.length) return new Map();
	const rows = await selectRows<{ id: number; name: string; username: string }>(db, sql`select id, name, username from users where id in ${inList(ids)}`);
	return new Map(rows.map((r) => [r.id, r]));
}

async function unitNames(db: DB, records: CellRecord[]): Promise<Map<number, string>> {
	const ids = [...new Set(records.flatMap((r) => r.participants.map((p) => p.unitId)).filter((id): id is number => id !== null))];
	if (!ids.length) return new Map();
	return new Map((await selectRows<{ id: number; name: string }>(db, sql`select id, name from org_units where id in ${inList(ids)}`)).map((r) => [r.id, r.name]));
}

export async function cellEvidence(db: DB, scope: Scope, input: { access: CampaignAccess; unit: UnitRef; action: CampaignAction; now?: Date }): Promise<Evidence> {
	const matrix = await liveMatrix(db, input.access, [input.action], [input.unit], input.now);
	const cell = matrix.cell(input.unit.id, input.action.id);
	const people = await peopleOf(db, cell.records);
	const units = await unitNames(db, cell.records);
	const adapter = adapterFor(input.action.kind);
	return {
		cell,
		target: targetText(input.action),
		measure: adapter?.measure(input.action.subKind) ?? '人次',
		records: cell.records.map((r) => {
			const inScope = pathInScope(scope, r.facts.unitPath);
			return {
				id: r.facts.id,
				title: r.facts.title,
				date: formatDate(new Date(r.facts.at)),
				unitName: r.facts.unitName,
				detail: r.facts.detail,
				own: r.own,
				counts: r.counts,
				why: r.why,
				count: r.participants.length,
				href: inScope ? r.facts.href : null,
				mayUnlink: inScope,
				photoIds: r.facts.photoIds,
				people: r.participants.map((p) => ({
					name: people.get(p.userId)?.name ?? '（已删除）',
					username: people.get(p.userId)?.username ?? '',
					unitName: p.unitId === null ? '—' : (units.get(p.unitId) ?? '—'),
					at: formatDateTime(new Date(p.doneAt)),
					note: p.note
				}))
			};
		})
	};
}
