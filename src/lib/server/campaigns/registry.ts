import type { CampaignActionKind } from '../../vocabulary.ts';
import type { CampaignAdapter } from './types.ts';
import { activityAdapter } from './adapters/activity.ts';
import { readingListAdapter } from './adapters/reading-list.ts';
import { competitionAdapter } from './adapters/competition.ts';
import { pledgeAdapter } from './adapters/pledge.ts';
import { writingAdapter } from './adapters/writing.ts';

// Every kind of record a campaign action may ask for, with the adapter that lists, links, creates
// and counts it (types.ts says what an adapter provides). The engine, the pages, the exports and
// the drafted summary know records only through this registry.
//
// 'exam' (任前廉政考试) has no adapter yet: exams are being built separately (tables exams and
// exam_attempts). Its adapter goes here once they exist; until then no action can ask for an exam
// (the action form offers only kinds listed below, and saving one is refused). It must provide:
//   - linkable: exams whose organizing unit is in q.unitIds, dated within [q.from, q.to)
//     (the exam's opening time), optionally of q.subKind if exams get kinds;
//   - facts: per exam id: title, unit (id, path, name), date, state (held once opened; pending
//     before; void if withdrawn), and one participant per person who passed (or took it, if the
//     action should count takers: say which in the measure), with the unit they were in and the
//     time, note 通过 / 未通过;
//   - createPath: the organizer's new-exam form, which must accept ?campaignAction=ID&unit=ID
//     like the other new-record forms (preset title and unit, save through saveWithCampaignLink);
//   - measure ('人次') and phrase (组织开展任前廉政考试《…》，参考N人次).
const ADAPTERS: Partial<Record<CampaignActionKind, CampaignAdapter>> = {
	activity: activityAdapter,
	'reading-list': readingListAdapter,
	competition: competitionAdapter,
	pledge: pledgeAdapter,
	writing: writingAdapter
};

export function adapterFor(kind: CampaignActionKind): CampaignAdapter | undefined {
	return ADAPTERS[kind];
}

/** The kinds an action may ask for now: those with an adapter, in vocabulary order. */
export function availableKinds(kinds: readonly CampaignActionKind[]): CampaignActionKind[] {
	return kinds.filter((k) => ADAPTERS[k] !== undefined);
}
