import type { DB } from '../db/client.ts';
import { DAY_MS, localDate, parseLocalDate } from '../../time.ts';
import { HOME_NOTICE_DAYS, noticesFor, type LearnerNotice } from '../notices/notices.ts';
import { itemsOfLists, type ReadingListItemView } from './reading-lists.ts';
import { readingListsFor, courseRequirements, countsSince, dueEnd, firstDoneFor, personDoneEvents, reqKey, statusOf, type LearnerRef, type ProgressStatus, type Requirement } from './progress.ts';

export type LearnerReadingList = {
	id: number;
	kind: string;
	title: string;
	note: string;
	startDate: string;
	dueDate: string;
	/** Whether study done before the start counts. */
	countEarlier: boolean;
	/** Whole days left until the end of the due date (0 = due today; negative = overdue). */
	daysLeft: number;
	status: ProgressStatus;
	started: boolean;
	items: (ReadingListItemView & { done: boolean })[];
	remaining: number;
};

async function itemRequirements(db: DB, item: ReadingListItemView): Promise<Requirement[]> {
	if (item.type === 'lesson') return [{ kind: 'lesson', ref: item.id }];
	if (item.type === 'regulation') return [{ kind: 'regulation', ref: item.id, scope: item.scope }];
	return await courseRequirements(db, item.id);
}

/**
 * The person's reading lists (not cancelled), ordered by due date, each item marked done or
 * not, from the event rows. Reads only: completions are recorded by the acts that make them.
 */
export async function learnerReadingLists(db: DB, user: LearnerRef, now = new Date()): Promise<LearnerReadingList[]> {
	const rows = await readingListsFor(db, user);
	if (!rows.length) return [];
	const itemsByList = await itemsOfLists(db, rows.map((r) => r.id));
	const events = await personDoneEvents(db, user.id);
	const today = parseLocalDate(localDate(now))!.getTime();
	const out: LearnerReadingList[] = [];
	for (const { startsAt, ...a } of rows) {
		const items = itemsByList.get(a.id) ?? [];
		const reqsPerItem: Requirement[][] = [];
		for (const item of items) reqsPerItem.push(await itemRequirements(db, item));
		const times = firstDoneFor(events, reqsPerItem.flat(), countsSince({ startsAt }, a));
		const withDone = items.map((item, i) => ({ ...item, done: reqsPerItem[i].length > 0 && reqsPerItem[i].every((r) => times.has(reqKey(r))) }));
		const doneCount = withDone.filter((i) => i.done).length;
		const overdue = now.getTime() >= dueEnd(a).getTime();
		out.push({
			...a,
			daysLeft: Math.round((parseLocalDate(a.dueDate)!.getTime() - today) / DAY_MS),
			status: statusOf(doneCount, withDone.length, overdue),
			started: parseLocalDate(a.startDate)!.getTime() <= now.getTime(),
			items: withDone,
			remaining: withDone.length - doneCount
		});
	}
	return out.sort((x, y) => (x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : x.id - y.id));
}

export type LearnerHomeExtras = { readingLists: LearnerReadingList[]; notices: LearnerNotice[] };

/** What the learner's home page shows first: open reading lists by due date, and unread notices. */
export async function learnerHomeExtras(db: DB, user: LearnerRef, now = new Date()): Promise<LearnerHomeExtras> {
	return {
		readingLists: (await learnerReadingLists(db, user, now)).filter((a) => a.started && a.status !== 'done'),
		notices: await noticesFor(db, user, { unreadSince: new Date(now.getTime() - HOME_NOTICE_DAYS * DAY_MS), now })
	};
}
