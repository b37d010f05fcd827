import { sql } from 'drizzle-orm';
import { selectRows, type DB } from '../db/client.ts';
import type { CampaignCellStatus } from '../../vocabulary.ts';
import { campaignPeriod, responsibleUnits, type CampaignView } from '../campaigns/access.ts';
import { actionsOf } from '../campaigns/campaigns.ts';
import { computeMatrix } from '../campaigns/matrix.ts';
import { adapterFor } from '../campaigns/registry.ts';

// Campaign figures in the report: for each published campaign whose period overlaps the report's
// and which has responsible units in the report's subtree, how far each of those units had got by
// the end of the report period — the same matrix as the campaign page (campaigns/matrix.ts),
// computed as of that instant, so a quarter's report shows the campaign as it stood at quarter end.

export type CampaignUnitFigure = {
	unitId: number;
	name: string;
	/** 规定动作 done, of how many. */
	requiredDone: number;
	required: number;
	/** 自选动作 with at least one record that counts, of how many. */
	optionalHeld: number;
	optional: number;
	/** One cell per action of the campaign, in the order of CampaignFigure.actions. */
	cells: { status: CampaignCellStatus; times: number; count: number }[];
};

export type CampaignFigure = {
	id: number;
	title: string;
	unitName: string;
	startDate: string;
	endDate: string;
	/** The campaign's actions; `measure` is what its count counts (人次, 份, 篇). */
	actions: { title: string; category: 'required' | 'optional'; measure: string }[];
	units: CampaignUnitFigure[];
	unitsAllRequiredDone: number;
};

export async function campaignFigures(db: DB, input: { unitPath: string; from: number; to: number; now?: number }): Promise<CampaignFigure[]> {
	const now = input.now ?? Date.now();
	const asOf = Math.min(input.to, now);
	const rows = await selectRows<{ id: number; title: string; unit_name: string; unit_path: string; start_date: string; end_date: string }>(db, sql`
		select c.id, c.title, o.name as unit_name, o.path as unit_path, c.start_date, c.end_date
		from campaigns c join org_units o on o.id = c.unit_id
		where c.published_at is not null
		  and exists (select 1 from campaign_units cu join org_units u on u.id = cu.unit_id where cu.campaign_id = c.id and u.path like ${input.unitPath + '%'})
		order by c.start_date, c.id`);
	const out: CampaignFigure[] = [];
	for (const r of rows) {
		const view = { startDate: r.start_date, endDate: r.end_date } as Pick<CampaignView, 'startDate' | 'endDate'>;
		const period = campaignPeriod(view);
		if (period.to <= input.from || period.from >= input.to) continue;
		const units = (await responsibleUnits(db, r.id)).filter((u) => u.path.startsWith(input.unitPath));
		const actions = await actionsOf(db, r.id);
		const matrix = await computeMatrix(db, { campaignPath: r.unit_path, period, actions, units, asOf, now });
		const figures = units.map((u): CampaignUnitFigure => {
			const cells = actions.map((a) => ({ a, cell: matrix.cell(u.id, a.id) }));
			const required = cells.filter((x) => x.a.category === 'required');
			const optional = cells.filter((x) => x.a.category === 'optional');
			return {
				unitId: u.id,
				name: u.name,
				requiredDone: required.filter((x) => x.cell.status === 'done').length,
				required: required.length,
				optionalHeld: optional.filter((x) => x.cell.times > 0).length,
				optional: optional.length,
				cells: cells.map(({ cell }) => ({ status: cell.status, times: cell.times, count: cell.count }))
			};
		});
		out.push({
			id: r.id,
			title: r.title,
			unitName: r.unit_name,
			startDate: r.start_date,
			endDate: r.end_date,
			actions: actions.map((a) => ({ title: a.title, category: a.category, measure: adapterFor(a.kind)?.measure(a.subKind) ?? '人次' })),
			units: figures,
			unitsAllRequiredDone: figures.filter((f) => f.required > 0 && f.requiredDone === f.required).length
		});
	}
	return out;
}
