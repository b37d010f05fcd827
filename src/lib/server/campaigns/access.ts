import { sql } from 'drizzle-orm';
import { selectRow, selectRows, type DB } from '../db/client.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { DAY_MS, parseLocalDate } from '../../time.ts';

// Who sees what of a campaign. Organizers whose scope holds the publishing unit manage it (and see
// every responsible unit); an organizer inside the campaign's subtree sees a published campaign with
// the responsible units in their own scope only — a branch never sees a sibling's row. Anything
// else is "not found".

export type UnitRef = { id: number; name: string; path: string };

export type CampaignView = {
	id: number;
	title: string;
	document: string;
	description: string;
	unitId: number;
	unitName: string;
	unitPath: string;
	startDate: string;
	endDate: string;
	publishedAt: Date | null;
	createdByName: string | null;
	createdAt: Date;
	updatedAt: Date;
};

export type CampaignAccess = {
	campaign: CampaignView;
	/** The viewer manages the campaign (edits it, sees every unit, the whole subtree's summary and submissions). */
	manage: boolean;
	/** Responsible units the viewer may see, in tree order. */
	units: UnitRef[];
};

type Row = {
	id: number;
	title: string;
	document: string;
	description: string;
	unit_id: number;
	unit_name: string;
	unit_path: string;
	start_date: string;
	end_date: string;
	published_at: number | null;
	created_by_name: string | null;
	created_at: number;
	updated_at: number;
};

const CAMPAIGN_COLUMNS = sql`c.id, c.title, c.document, c.description, c.unit_id, o.name as unit_name, o.path as unit_path, c.start_date, c.end_date,
	c.published_at, (select u.name from users u where u.id = c.created_by) as created_by_name, c.created_at, c.updated_at`;

function toView(r: Row): CampaignView {
	return {
		id: r.id,
		title: r.title,
		document: r.document,
		description: r.description,
		unitId: r.unit_id,
		unitName: r.unit_name,
		unitPath: r.unit_path,
		startDate: r.start_date,
		endDate: r.end_date,
		publishedAt: r.published_at === null ? null : new Date(Number(r.published_at)),
		createdByName: r.created_by_name,
		createdAt: new Date(Number(r.created_at)),
		updatedAt: new Date(Number(r.updated_at))
	};
}

/** The responsible units of a campaign, parents before children. */
export async function responsibleUnits(db: DB, campaignId: number): Promise<UnitRef[]> {
	return await selectRows<UnitRef>(db, sql`
		select o.id, o.name, o.path from campaign_units cu join org_units o on o.id = cu.unit_id
		where cu.campaign_id = ${campaignId} order by o.path, o.sort_order, o.name`);
}

/** Ids from URLs and forms: anything but a positive integer names nothing. */
export const validId = (id: number): boolean => Number.isInteger(id) && id > 0 && id <= Number.MAX_SAFE_INTEGER;

/** The campaign as the viewer may see it, or undefined (missing, a draft of others, or outside the scope). */
export async function campaignFor(db: DB, scope: Scope, id: number): Promise<CampaignAccess | undefined> {
	if (!validId(id)) return undefined;
	const row = await selectRow<Row>(db, sql`select ${CAMPAIGN_COLUMNS} from campaigns c join org_units o on o.id = c.unit_id where c.id = ${id}`);
	if (!row) return undefined;
	const campaign = toView(row);
	const all = await responsibleUnits(db, id);
	const manage = pathInScope(scope, campaign.unitPath);
	if (manage) return { campaign, manage, units: all };
	if (!campaign.publishedAt) return undefined;
	const units = all.filter((u) => pathInScope(scope, u.path));
	return units.length ? { campaign, manage, units } : undefined;
}

export type CampaignListRow = CampaignView & { actions: number; units: number; manage: boolean };

/** Campaigns the viewer manages or takes part in, the latest period first. */
export async function listCampaigns(db: DB, scope: Scope): Promise<CampaignListRow[]> {
	const prefix = scope ? `${scope.pathPrefix}%` : '%';
	const rows = await selectRows<Row & { actions: number; units: number }>(db, sql`
		select ${CAMPAIGN_COLUMNS},
		       (select count(*) from campaign_actions a where a.campaign_id = c.id) as actions,
		       (select count(*) from campaign_units cu join org_units u on u.id = cu.unit_id where cu.campaign_id = c.id and u.path like ${prefix}) as units
		from campaigns c join org_units o on o.id = c.unit_id
		where o.path like ${prefix}
		   or (c.published_at is not null and exists (select 1 from campaign_units cu join org_units u on u.id = cu.unit_id where cu.campaign_id = c.id and u.path like ${prefix}))
		order by c.start_date desc, c.id desc`);
	return rows.map((r) => ({ ...toView(r), actions: Number(r.actions), units: Number(r.units), manage: pathInScope(scope, r.unit_path) }));
}

/** The instants [from, to) of a campaign's period (both dates included, China time). */
export function campaignPeriod(c: Pick<CampaignView, 'startDate' | 'endDate'>): { from: number; to: number } {
	return { from: parseLocalDate(c.startDate)!.getTime(), to: parseLocalDate(c.endDate)!.getTime() + DAY_MS };
}
