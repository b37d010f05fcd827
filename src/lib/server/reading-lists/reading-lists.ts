import { aliasedTable, and, asc, count, desc, eq, inArray, isNull, like, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, readingListItems, readingListPeople, readingLists, attendances, courses, lessons, orgUnits, regulations, users } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { parseLocalDate, DAY_MS } from '../../time.ts';
import { readingListProgress, progressByUnit, syncReadingListCompletions, targetIdsQuery, type ProgressStatus } from './progress.ts';
import { regulationScopeInfo } from '../reading/regulations.ts';
import { preparedQuery } from '../db/prepared.ts';
import { inJsonIds } from '../db/dialect.ts';
import { type ReadingListAudience, type ReadingListItemType } from '../../vocabulary.ts';

export type ReadingListKind = '读书思廉' | '专题学习';
export const AUDIENCE_LABELS: Record<ReadingListAudience, string> = { all: '单位全体人员', leaders: '仅领导干部', named: '指定人员' };
export const ITEM_TYPE_LABELS: Record<ReadingListItemType, string> = { course: '课程', lesson: '课时', regulation: '法规' };

export type ReadingListInput = {
	kind: ReadingListKind;
	title: string;
	unitId: number;
	audience: ReadingListAudience;
	personIds: number[];
	startDate: string;
	dueDate: string;
	note: string;
	/** Whether study done before the start date counts (default: no). */
	countEarlier: boolean;
	/** For a regulation, `scope` is the 必读 part as typed or picked ("1-10, 15"; empty = the whole text). */
	items: { type: ReadingListItemType; id: number; scope?: string }[];
};

/** Problems with an readingList a form schema cannot see alone. Keys are form field names. */
export async function readingListInputProblems(db: DB, input: ReadingListInput): Promise<Record<string, string>> {
	const errors: Record<string, string> = {};
	const start = parseLocalDate(input.startDate);
	const due = parseLocalDate(input.dueDate);
	if (!start) errors.startDate = '开始日期无效';
	if (!due) errors.dueDate = '截止日期无效';
	if (start && due && due.getTime() < start.getTime()) errors.dueDate = '截止日期不能早于开始日期';
	if (start && due && due.getTime() - start.getTime() > 366 * DAY_MS) errors.dueDate = '学习任务最长一年';
	if (!input.items.length) errors.items = '请至少选择一项学习内容（课程、课时或法规）';
	const missing = async (type: ReadingListItemType, ids: number[]) => {
		if (!ids.length) return false;
		const table = type === 'course' ? courses : type === 'lesson' ? lessons : regulations;
		const found = await db.select({ id: table.id }).from(table).where(and(inArray(table.id, ids), eq(table.active, true))).all();
		return found.length !== new Set(ids).size;
	};
	for (const type of ['course', 'lesson', 'regulation'] as const) {
		if (await missing(type, input.items.filter((i) => i.type === type).map((i) => i.id))) errors.items = `所选${ITEM_TYPE_LABELS[type]}不存在或已下线`;
	}
	if (!errors.items) {
		// Each regulation's 必读 part must name articles the text has; it is stored in canonical form.
		for (const item of input.items) {
			if (item.type !== 'regulation') continue;
			const info = await regulationScopeInfo(db, item.id);
			const resolved = info?.resolve(item.scope ?? '');
			if (!info || !resolved) continue;
			if (!resolved.ok) errors.items = `《${info.title.replace(/^《|》$/g, '')}》的必读范围有误：${resolved.message}`;
			else item.scope = resolved.scope;
		}
	}
	if (input.audience === 'named') {
		if (!input.personIds.length) errors.personIds = '请至少选择一名人员';
		else {
			const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.unitId)).get();
			const found = await db
				.select({ id: users.id })
				.from(users)
				.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
				.where(and(inArray(users.id, input.personIds), like(orgUnits.path, `${unit?.path ?? '-'}%`), isNull(users.disabledAt)))
				.all();
			if (found.length !== new Set(input.personIds).size) errors.personIds = '所选人员中有不属于该单位的人员';
		}
	}
	return errors;
}

function activityTimes(input: ReadingListInput) {
	return { startsAt: parseLocalDate(input.startDate)!, endsAt: new Date(parseLocalDate(input.dueDate)!.getTime() + DAY_MS - 1) };
}

async function writeDetails(tx: DB, activityId: number, input: ReadingListInput) {
	await tx.delete(readingListItems).where(eq(readingListItems.activityId, activityId)).run();
	await tx.delete(readingListPeople).where(eq(readingListPeople.activityId, activityId)).run();
	const seen = new Set<string>();
	for (const [i, item] of input.items.entries()) {
		// One item per course, lesson or regulation (a regulation's 必读 part is a property of its item).
		const key = `${item.type}:${item.id}`;
		if (seen.has(key)) continue;
		seen.add(key);
		await tx
			.insert(readingListItems)
			.values({
				activityId,
				ordinal: i,
				itemType: item.type,
				courseId: item.type === 'course' ? item.id : null,
				lessonId: item.type === 'lesson' ? item.id : null,
				regulationId: item.type === 'regulation' ? item.id : null,
				scope: item.type === 'regulation' ? (item.scope ?? '') : ''
			})
			.run();
	}
	if (input.audience === 'named') {
		for (const userId of new Set(input.personIds)) await tx.insert(readingListPeople).values({ activityId, userId }).run();
	}
}

/**
 * Creates the reading list and its activity and, in the same transaction, records everyone who
 * has already done it all (by the list's rule on earlier study).
 */
export async function createReadingList(db: DB, actorId: number, input: ReadingListInput, now = new Date()): Promise<number> {
	return await db.transaction(async (tx) => {
		const activity = await tx
			.insert(activities)
			.values({ kind: input.kind, source: 'reading-list', title: input.title, unitId: input.unitId, notes: input.note, ...activityTimes(input), createdBy: actorId, createdAt: now, updatedAt: now })
			.returning({ id: activities.id })
			.get();
		await tx.insert(readingLists).values({ activityId: activity.id, audience: input.audience, startDate: input.startDate, dueDate: input.dueDate, countEarlier: input.countEarlier }).run();
		await writeDetails(tx, activity.id, input);
		await syncReadingListCompletions(tx, [activity.id], now);
		return activity.id;
	});
}

/**
 * Edits a reading list. Completions are recomputed from the event rows for the new items and
 * audience (their times come from the events, so nothing recorded earlier shifts in time).
 */
export async function updateReadingList(db: DB, id: number, input: ReadingListInput, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.update(activities)
			.set({ kind: input.kind, title: input.title, unitId: input.unitId, notes: input.note, ...activityTimes(input), updatedAt: now })
			.where(eq(activities.id, id))
			.run();
		await tx.update(readingLists).set({ audience: input.audience, startDate: input.startDate, dueDate: input.dueDate, countEarlier: input.countEarlier }).where(eq(readingLists.activityId, id)).run();
		await writeDetails(tx, id, input);
		await tx.delete(attendances).where(and(eq(attendances.activityId, id), eq(attendances.method, 'reading-list'))).run();
		await syncReadingListCompletions(tx, [id], now);
	});
}

const canceller = aliasedTable(users, 'canceller');

export type ReadingListSummary = {
	id: number;
	kind: string;
	title: string;
	unitId: number;
	unitName: string;
	unitPath: string;
	note: string;
	audience: ReadingListAudience;
	startDate: string;
	dueDate: string;
	countEarlier: boolean;
	cancelledAt: Date | null;
	cancelledByName: string | null;
	cancelReason: string;
	createdAt: Date;
};

async function summaries(db: DB, where: SQL | undefined): Promise<ReadingListSummary[]> {
	return await db
		.select({
			id: activities.id,
			kind: activities.kind,
			title: activities.title,
			unitId: activities.unitId,
			unitName: orgUnits.name,
			unitPath: orgUnits.path,
			note: activities.notes,
			audience: readingLists.audience,
			startDate: readingLists.startDate,
			dueDate: readingLists.dueDate,
			countEarlier: readingLists.countEarlier,
			cancelledAt: activities.cancelledAt,
			cancelledByName: canceller.name,
			cancelReason: activities.cancelReason,
			createdAt: activities.createdAt
		})
		.from(readingLists)
		.innerJoin(activities, eq(activities.id, readingLists.activityId))
		.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
		.leftJoin(canceller, eq(canceller.id, activities.cancelledBy))
		.where(where)
		.orderBy(desc(readingLists.dueDate), desc(activities.id))
		.all();
}

export type ReadingListListRow = ReadingListSummary & { targetCount: number; doneCount: number };

/** Reading lists in scope with how many people they address and how many have finished. */
export async function listReadingLists(db: DB, scope: Scope, options: { includeCancelled?: boolean } = {}): Promise<ReadingListListRow[]> {
	const conditions: SQL[] = [];
	if (scope) conditions.push(like(orgUnits.path, `${scope.pathPrefix}%`));
	if (!options.includeCancelled) conditions.push(isNull(activities.cancelledAt));
	const rows = await summaries(db, and(...conditions));
	const out = [];
	for (const r of rows) {
		const targets = targetIdsQuery(db, { id: r.id, unitId: r.unitId }, r);
		const targetCount = (await db.select({ n: count() }).from(users).where(inArray(users.id, targets)).get())!.n;
		const doneCount = (await db
			.select({ n: count() })
			.from(attendances)
			.where(and(eq(attendances.activityId, r.id), inArray(attendances.userId, targetIdsQuery(db, { id: r.id, unitId: r.unitId }, r))))
			.get())!.n;
		out.push({ ...r, targetCount, doneCount });
	}
	return out;
}

export type ReadingListItemView = {
	type: ReadingListItemType;
	id: number;
	title: string;
	href: string;
	courseTitle: string | null;
	/** Regulations: the 必读 part (canonical ranges, '' = the whole text) and its name (全文, 第一章 总则…). */
	scope: string;
	scopeLabel: string;
};

export type ReadingListDetail = ReadingListSummary & { items: ReadingListItemView[]; people: { id: number; name: string; username: string }[] };

export async function itemsOf(db: DB, activityId: number): Promise<ReadingListItemView[]> {
	return (await itemsOfLists(db, [activityId])).get(activityId) ?? [];
}

// The items of lists, by list: read on every home page view, so built once per database.
const itemsOfListsQuery = preparedQuery((db) => {
	const lessonCourse = aliasedTable(courses, 'lesson_course');
	return db
		.select({
			activityId: readingListItems.activityId,
			type: readingListItems.itemType,
			courseId: courses.id,
			courseTitle: courses.title,
			courseSlug: courses.slug,
			lessonId: lessons.id,
			lessonTitle: lessons.title,
			lessonSlug: lessons.slug,
			lessonCourseTitle: lessonCourse.title,
			lessonCourseSlug: lessonCourse.slug,
			regulationId: regulations.id,
			regulationTitle: regulations.title,
			regulationSlug: regulations.slug,
			scope: readingListItems.scope
		})
		.from(readingListItems)
		.leftJoin(courses, eq(courses.id, readingListItems.courseId))
		.leftJoin(lessons, eq(lessons.id, readingListItems.lessonId))
		.leftJoin(lessonCourse, eq(lessonCourse.id, lessons.courseId))
		.leftJoin(regulations, eq(regulations.id, readingListItems.regulationId))
		.where(inJsonIds(db, readingListItems.activityId, 'ids'))
		.orderBy(asc(readingListItems.activityId), asc(readingListItems.ordinal))
		.prepare();
});

/** The items of several lists in one query, by list. */
export async function itemsOfLists(db: DB, activityIds: number[]): Promise<Map<number, ReadingListItemView[]>> {
	const out = new Map<number, ReadingListItemView[]>(activityIds.map((id) => [id, []]));
	if (!activityIds.length) return out;
	const rows = await itemsOfListsQuery(db).all({ ids: JSON.stringify(activityIds) });
	for (const r of rows) {
		const list = out.get(r.activityId)!;
		if (r.type === 'course') list.push({ type: r.type, id: r.courseId!, title: r.courseTitle!, href: `/courses/${r.courseSlug}`, courseTitle: null, scope: '', scopeLabel: '' });
		else if (r.type === 'lesson') {
			list.push({ type: r.type, id: r.lessonId!, title: r.lessonTitle!, href: `/courses/${r.lessonCourseSlug}/${r.lessonSlug}`, courseTitle: r.lessonCourseTitle, scope: '', scopeLabel: '' });
		} else {
			// Read and signed on the regulation's reading page, over the part the list assigns.
			const info = r.scope ? await regulationScopeInfo(db, r.regulationId!) : undefined;
			list.push({
				type: r.type,
				id: r.regulationId!,
				title: r.regulationTitle!,
				href: `/regulations/${r.regulationSlug}/read${r.scope ? `?scope=${r.scope}` : ''}`,
				courseTitle: null,
				scope: r.scope,
				scopeLabel: info ? info.label(r.scope) : r.scope || '全文'
			});
		}
	}
	return out;
}

/** One reading list with its items and named people, or undefined when missing or outside the scope. */
export async function getReadingList(db: DB, scope: Scope, id: number): Promise<ReadingListDetail | undefined> {
	const summary = (await summaries(db, eq(activities.id, id)))[0];
	if (!summary || !pathInScope(scope, summary.unitPath)) return undefined;
	const people = await db
		.select({ id: users.id, name: users.name, username: users.username })
		.from(readingListPeople)
		.innerJoin(users, eq(users.id, readingListPeople.userId))
		.where(eq(readingListPeople.activityId, id))
		.orderBy(asc(users.username))
		.all();
	return { ...summary, items: await itemsOf(db, id), people };
}

/** Content an organizer can put on a reading list. */
export async function assignableContent(db: DB) {
	const courseRows = await db.select({ id: courses.id, title: courses.title }).from(courses).where(eq(courses.active, true)).orderBy(asc(courses.sortOrder), asc(courses.title)).all();
	const lessonRows = await db
		.select({ id: lessons.id, title: lessons.title, courseId: lessons.courseId })
		.from(lessons)
		.innerJoin(courses, eq(courses.id, lessons.courseId))
		.where(and(eq(lessons.active, true), eq(courses.active, true)))
		.orderBy(asc(lessons.ordinal))
		.all();
	const regulationRows = await db.select({ id: regulations.id, title: regulations.title }).from(regulations).where(eq(regulations.active, true)).orderBy(asc(regulations.title)).all();
	const withParts = [];
	for (const r of regulationRows) {
		// The 编/章/节 an organizer can tick as 必读, each with its article range.
		const info = await regulationScopeInfo(db, r.id);
		withParts.push({
			...r,
			articleCount: info?.articleCount ?? 0,
			headings: (info?.headings ?? []).map((h) => ({ title: h.title, depth: h.depth, range: h.range, span: h.from === h.to ? `第 ${h.from} 条` : `第 ${h.from}–${h.to} 条` }))
		});
	}
	return {
		courses: courseRows.map((c) => ({ ...c, lessons: lessonRows.filter((l) => l.courseId === c.id) })),
		regulations: withParts
	};
}

/** Active people of a unit subtree, for picking named people. */
export async function peopleOfUnit(db: DB, unitPath: string) {
	return await db
		.select({ id: users.id, name: users.name, username: users.username, unitName: orgUnits.name, isLeader: users.isLeader })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(like(orgUnits.path, `${unitPath}%`), isNull(users.disabledAt)))
		.orderBy(asc(orgUnits.path), asc(users.username))
		.all();
}

export type ReadingListDraft = Omit<ReadingListInput, 'personIds'> & { usernames: string[] };
export type SaveReadingListResult = { ok: true; id: number } | { ok: false; status: 400 | 404; errors: Record<string, string> };

/**
 * Creates (id absent) or edits a reading list for an organizer. The unit, and for an edit the
 * list itself, must lie in the scope (404 for an out-of-scope list, so nothing leaks); named
 * people are given by 工号/用户名 and must belong to the chosen unit's subtree.
 */
export async function saveReadingList(db: DB, input: { scope: Scope; actorId: number; id?: number; draft: ReadingListDraft; now?: Date }): Promise<SaveReadingListResult> {
	const { usernames, ...rest } = input.draft;
	if (input.id !== undefined) {
		const existing = await getReadingList(db, input.scope, input.id);
		if (!existing) return { ok: false, status: 404, errors: { _form: '学习任务不存在' } };
		if (existing.cancelledAt) return { ok: false, status: 400, errors: { _form: '学习任务已取消，请先恢复再修改' } };
	}
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, rest.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, status: 400, errors: { unitId: '请选择本单位或下级单位' } };
	let personIds: number[] = [];
	if (rest.audience === 'named') {
		const wanted = [...new Set(usernames)];
		// Look only inside the chosen unit's subtree and answer unknown and outside names alike, so
		// an organizer cannot probe which usernames exist elsewhere in the organization.
		const found = wanted.length
			? await db
					.select({ id: users.id, username: users.username })
					.from(users)
					.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
					.where(and(inArray(users.username, wanted), like(orgUnits.path, `${unit.path}%`), isNull(users.disabledAt)))
					.all()
			: [];
		const missing = wanted.filter((u) => !found.some((f) => f.username === u));
		if (missing.length) return { ok: false, status: 400, errors: { people: `以下用户名不存在或不属于所选单位：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}` } };
		personIds = found.map((f) => f.id);
	}
	const full: ReadingListInput = { ...rest, personIds };
	const errors = await readingListInputProblems(db, full);
	if (errors.personIds) {
		errors.people = errors.personIds;
		delete errors.personIds;
	}
	if (Object.keys(errors).length) return { ok: false, status: 400, errors };
	if (input.id !== undefined) {
		await updateReadingList(db, input.id, full, input.now);
		return { ok: true, id: input.id };
	}
	return { ok: true, id: await createReadingList(db, input.actorId, full, input.now) };
}

export type ProgressFilter = ProgressStatus | 'pending' | 'all';

/** The organizer's view of one reading list: progress per unit and per person, filtered by status. */
export async function readingListOverview(db: DB, scope: Scope, id: number, filter: ProgressFilter = 'all', now = new Date()) {
	const readingList = await getReadingList(db, scope, id);
	if (!readingList) return undefined;
	const people = await readingListProgress(db, id, now);
	const counts = { total: people.length, done: 0, 'in-progress': 0, 'not-started': 0, overdue: 0 } satisfies Record<string, number>;
	for (const p of people) counts[p.status]++;
	return {
		readingList,
		counts,
		byUnit: progressByUnit(people),
		people: people.filter((p) => filter === 'all' || (filter === 'pending' ? p.status !== 'done' : p.status === filter))
	};
}
