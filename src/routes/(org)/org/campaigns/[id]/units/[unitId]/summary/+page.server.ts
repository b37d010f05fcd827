import type { RequestEvent } from '@sveltejs/kit';
import { loadSummary, summaryActions } from '../../../../summary-route';
import type { Actions, PageServerLoad } from './$types';

// The unit's summary the organizer may edit, or 404.
const unitOf = (event: RequestEvent) => Number(event.params.unitId);

export const load: PageServerLoad = async (event) => {
	const data = await loadSummary(event, unitOf);
	return { ...data, unit: data.unit! };
};
export const actions: Actions = summaryActions(unitOf);
