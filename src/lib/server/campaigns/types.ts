import type { DB } from '../db/client.ts';
import type { CampaignActionCategory, CampaignActionKind, CampaignCellStatus } from '../../vocabulary.ts';

// The shapes shared by the campaign engine (matrix.ts) and the adapters, one per kind of record an
// action may ask for (adapters/*.ts, listed in registry.ts).

/** One person's part in a record: an attendance, a completion, a signature, a piece handed in. */
export type Participant = {
	userId: number;
	/** The person's unit when they took part (the report counts it there), or null when unknown. */
	unitId: number | null;
	unitPath: string | null;
	/** When it counts, epoch ms: the activity's start for activities (as the report counts 人次), the signature or hand-in time otherwise. */
	at: number;
	/** When the person actually did it (signed in, completed, signed, handed in), for the evidence. */
	doneAt: number;
	/** How, in words: 扫码签到, 已采纳 … */
	note: string;
};

/**
 * held: done, counts; pending: not yet (an activity still to come, a competition not finished);
 * void: counts nowhere (cancelled, deleted).
 */
export type RecordState = 'held' | 'pending' | 'void';

/** What the engine needs to know about one linked record, whatever its kind. */
export type RecordFacts = {
	id: number;
	title: string;
	/** The organizing or publishing unit. */
	unitId: number;
	unitPath: string;
	unitName: string;
	/** The record's date (activity start, task start, publication), epoch ms: it must fall within the campaign's period. */
	at: number;
	/** The record's own kind (警示教育片, 读书思廉, 承诺书 …), matched against the action's sub-kind. */
	subKind: string | null;
	state: RecordState;
	/** Why pending or void, in words. */
	stateNote: string;
	participants: Participant[];
	/** The organizer's page of the record. */
	href: string;
	/** Ids of the record's photos (activities), shown as evidence. */
	photoIds: number[];
	/** A line of detail for the evidence: place, parts of a 主题党日, due date … */
	detail: string;
};

/** A record a unit may link to an action. */
export type LinkableRecord = { id: number; title: string; unitName: string; at: number; subKind: string | null };

export type ActionRef = { id: number; kind: CampaignActionKind; subKind: string | null };

/**
 * How the campaign engine deals with one kind of record. The engine decides done / in progress /
 * missing from what `facts` reports (matrix.ts), so an adapter says only what its records are:
 *   - linkable: the records of the kind organized by the given units within the period (the
 *     caller has limited the units to the viewer's scope and the campaign's subtree);
 *   - facts: for linked ids, whether each is held, its date, unit and who took part (the event
 *     rows); ids that no longer exist are simply missing from the answer;
 *   - createPath: the organizer's form that creates such a record; opened with
 *     ?campaignAction=ID&unit=ID it presets the record and links it on saving (links.ts);
 *   - countsFrom: whether a held record counts by itself or from its first participant;
 *   - measure and phrase: how the drafted 工作总结 and the evidence speak of it.
 */
export type CampaignAdapter = {
	kind: CampaignActionKind;
	/** 人次, 份, 篇 … for a record of this sub-kind. */
	measure(subKind: string | null): string;
	linkable(db: DB, q: { unitIds: number[]; from: number; to: number; subKind: string | null }): Promise<LinkableRecord[]>;
	facts(db: DB, ids: number[], now: number): Promise<RecordFacts[]>;
	createPath: string;
	/**
	 * 'record': a held record counts by itself (a session held is 1 次, as the report counts it);
	 * 'participation': only once someone has taken part (a pledge nobody signed is not done).
	 */
	countsFrom: 'record' | 'participation';
	/** Why a record that counts from participation does not count yet: 尚无人签署 … */
	waiting: string;
	/** One clause of the 工作总结 for a held record, e.g. 组织党员干部集中观看警示教育片《…》，参加46人次. */
	phrase(record: RecordFacts, count: number, action: ActionRef): string;
};

/** A linked record as it stands for one unit and action. */
export type CellRecord = {
	facts: RecordFacts;
	/** Organized by the unit (or below it) rather than by a unit above it. */
	own: boolean;
	counts: boolean;
	/** Why it does not count, in words ('' when it counts). */
	why: string;
	/** The participants that count for the unit: all of an own record's, the unit's own people of a shared one. */
	participants: Participant[];
};

export type Cell = {
	unitId: number;
	actionId: number;
	status: CampaignCellStatus;
	/** Records that count (次). */
	times: number;
	/** Participation that counts (人次 / 份 / 篇). */
	count: number;
	/** Current members of the unit, and how many of them took part in a counting record. */
	members: number;
	reached: number;
	records: CellRecord[];
};

/** One action in a quarterly submission. */
export type SubmittedAction = {
	actionId: number;
	title: string;
	category: CampaignActionCategory;
	kindLabel: string;
	target: string;
	measure: string;
	/** As of the submission, since the campaign began. */
	status: CampaignCellStatus;
	times: number;
	reached: number;
	members: number;
	/** Within the quarter. */
	timesInQuarter: number;
	countInQuarter: number;
	/** Records held in the quarter or with participation in it, with that participation. */
	records: { id: number; title: string; date: string; count: number }[];
};

/** The frozen copy of a quarterly submission (campaign_submissions.figures). */
export type SubmissionFigures = {
	year: number;
	quarter: number;
	/** The part of the quarter within the campaign's period, YYYY-MM-DD. */
	from: string;
	to: string;
	unitName: string;
	actions: SubmittedAction[];
};
