import { loadSummary, summaryActions } from '../../summary-route';
import type { Actions, PageServerLoad } from './$types';

// The whole subtree's summary, for the campaign's managers; 404 for anyone else.
const wholeSubtree = () => null;

export const load: PageServerLoad = (event) => loadSummary(event, wholeSubtree);
export const actions: Actions = summaryActions(wholeSubtree);
