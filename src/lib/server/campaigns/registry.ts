import type { CampaignActionKind } from '../../vocabulary.ts';
import type { CampaignAdapter } from './types.ts';
import { activityAdapter } from './adapters/activity.ts';
import { readingListAdapter } from './adapters/reading-list.ts';
import { competitionAdapter } from './adapters/competition.ts';
import { pledgeAdapter } from './adapters/pledge.ts';
import { writingAdapter } from './adapters/writing.ts';
import { examAdapter } from './adapters/exam.ts';

// Every kind of record a campaign action may ask for, with the adapter that lists, links, creates
// and counts it (types.ts says what an adapter provides). The engine, the pages, the exports and
// the drafted summary know records only through this registry.

const ADAPTERS: Partial<Record<CampaignActionKind, CampaignAdapter>> = {
	activity: activityAdapter,
	'reading-list': readingListAdapter,
	competition: competitionAdapter,
	pledge: pledgeAdapter,
	writing: writingAdapter,
	exam: examAdapter
};

export function adapterFor(kind: CampaignActionKind): CampaignAdapter | undefined {
	return ADAPTERS[kind];
}

/** The kinds an action may ask for now: those with an adapter, in vocabulary order. */
export function availableKinds(kinds: readonly CampaignActionKind[]): CampaignActionKind[] {
	return kinds.filter((k) => ADAPTERS[k] !== undefined);
}
