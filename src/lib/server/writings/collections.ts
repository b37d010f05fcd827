import { and, asc, count, desc, eq, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import { orgUnits, users, writingCollectionPeople, writingCollections, writingSubmissions, type WritingCollection } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope, unitPathOf } from '../org/scope.ts';
import { parseLocalDate, DAY_MS } from '../../time.ts';
import { MAX_FILE_MB } from '../files/limits.ts';
import type { Accept } from '../files/inspect.ts';
import type { ReadingListAudience, WritingKind } from '../../vocabulary.ts';

// Writing collections (征集): an organizer asks a unit (all, 领导干部, or named people) for pieces
// of one kind by a due date, and says what may be handed in: text typed in the browser, Word
// documents, images, PDF — each file kind with its own size limit.

export const COLLECTION_TITLE_MAX = 100;
export const COLLECTION_THEME_MAX = 2000;
export const MAX_MIN_CHARS = 20_000;

export type CollectionDraft = {
	kind: WritingKind;
	title: string;
	theme: string;
	unitId: number;
	audience: ReadingListAudience;
	usernames: string[];
	dueDate: string;
	minChars: number;
	allowText: boolean;
	docxMaxMb: number | null;
	imageMaxMb: number | null;
	pdfMaxMb: number | null;
};

export type CollectionSummary = WritingCollection & { unitName: string; unitPath: string };

/** What a collection accepts as files, for inspectUpload. */
export function acceptOf(c: Pick<WritingCollection, 'docxMaxMb' | 'imageMaxMb' | 'pdfMaxMb'>): Accept {
	const accept: Accept = {};
	if (c.docxMaxMb) accept.docx = c.docxMaxMb;
	if (c.imageMaxMb) accept.image = c.imageMaxMb;
	if (c.pdfMaxMb) accept.pdf = c.pdfMaxMb;
	return accept;
}

/** The instant after the due date's last moment (China time). */
export function collectionDueEnd(c: Pick<WritingCollection, 'dueDate'>): Date {
	return new Date(parseLocalDate(c.dueDate)!.getTime() + DAY_MS);
}

async function summary(db: DB, where: SQL) {
	const row = await db.select({ c: writingCollections, unitName: orgUnits.name, unitPath: orgUnits.path }).from(writingCollections).innerJoin(orgUnits, eq(orgUnits.id, writingCollections.unitId)).where(where).get();
	return row ? { ...row.c, unitName: row.unitName, unitPath: row.unitPath } : undefined;
}

/** A collection by id (no scope check: for the learner side, which checks the audience itself). */
export async function collectionById(db: DB, id: number): Promise<CollectionSummary | undefined> {
	return Number.isInteger(id) ? await summary(db, eq(writingCollections.id, id)) : undefined;
}

/** A collection the organizer may manage, or undefined (missing or outside the scope). */
export async function getCollection(db: DB, scope: Scope, id: number): Promise<CollectionSummary | undefined> {
	const c = await collectionById(db, id);
	return c && pathInScope(scope, c.unitPath) ? c : undefined;
}

export type SaveCollectionResult = { ok: true; id: number } | { ok: false; status: 400 | 404; errors: Record<string, string> };

export async function saveCollection(db: DB, input: { scope: Scope; actorId: number; id?: number; draft: CollectionDraft; now?: Date }): Promise<SaveCollectionResult> {
	const now = input.now ?? new Date();
	const d = input.draft;
	const existing = input.id !== undefined ? await getCollection(db, input.scope, input.id) : undefined;
	if (input.id !== undefined && !existing) return { ok: false, status: 404, errors: { _form: '征集不存在' } };
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, d.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, status: 400, errors: { unitId: '请选择本单位或下级单位' } };
	const errors: Record<string, string> = {};
	if (!parseLocalDate(d.dueDate)) errors.dueDate = '截止日期无效';
	if (d.minChars < 0 || d.minChars > MAX_MIN_CHARS) errors.minChars = `最少字数应在 0 至 ${MAX_MIN_CHARS} 之间`;
	if (!d.allowText && !d.docxMaxMb && !d.imageMaxMb && !d.pdfMaxMb) errors.accept = '请至少选择一种提交方式（在线输入文字、Word 文档、图片或 PDF）';
	for (const [key, value, max] of [
		['docxMaxMb', d.docxMaxMb, MAX_FILE_MB.docx],
		['imageMaxMb', d.imageMaxMb, MAX_FILE_MB.image],
		['pdfMaxMb', d.pdfMaxMb, MAX_FILE_MB.pdf]
	] as const) {
		if (value !== null && (value < 1 || value > max)) errors[key] = `大小上限应在 1 至 ${max} MB 之间`;
	}
	if (existing && existing.unitId !== d.unitId) {
		const n = (await db.select({ n: count() }).from(writingSubmissions).where(eq(writingSubmissions.collectionId, existing.id)).get())!.n;
		if (n > 0) errors.unitId = '已有人提交或保存了草稿，不能再更换单位';
	}
	let personIds: number[] = [];
	if (d.audience === 'named') {
		const wanted = [...new Set(d.usernames)];
		const found = wanted.length
			? await db
					.select({ id: users.id, username: users.username })
					.from(users)
					.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
					.where(and(inArray(users.username, wanted), like(orgUnits.path, `${unit.path}%`), isNull(users.disabledAt)))
					.all()
			: [];
		const missing = wanted.filter((w) => !found.some((f) => f.username === w));
		if (!wanted.length) errors.people = '请至少填写一名人员';
		else if (missing.length) errors.people = `以下用户名不存在或不属于所选单位：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}`;
		personIds = found.map((f) => f.id);
	}
	if (Object.keys(errors).length) return { ok: false, status: 400, errors };

	const values = {
		kind: d.kind,
		title: d.title,
		theme: d.theme,
		unitId: d.unitId,
		audience: d.audience,
		dueDate: d.dueDate,
		minChars: d.minChars,
		allowText: d.allowText,
		docxMaxMb: d.docxMaxMb,
		imageMaxMb: d.imageMaxMb,
		pdfMaxMb: d.pdfMaxMb,
		updatedAt: now
	};
	const id = await db.transaction(async (tx) => {
		let id = existing?.id;
		if (id === undefined) id = (await tx.insert(writingCollections).values({ ...values, createdBy: input.actorId, createdAt: now }).returning({ id: writingCollections.id }).get()).id;
		else await tx.update(writingCollections).set(values).where(eq(writingCollections.id, id)).run();
		await tx.delete(writingCollectionPeople).where(eq(writingCollectionPeople.collectionId, id)).run();
		for (const userId of new Set(personIds)) await tx.insert(writingCollectionPeople).values({ collectionId: id, userId }).run();
		return id;
	});
	return { ok: true, id };
}

/** Removes a collection nobody has written anything for yet (a mistaken publication). */
export async function deleteCollection(db: DB, scope: Scope, id: number): Promise<{ ok: true } | { ok: false; message: string }> {
	if (!(await getCollection(db, scope, id))) return { ok: false, message: '征集不存在' };
	return await db.transaction(async (tx) => {
		const n = (await tx.select({ n: count() }).from(writingSubmissions).where(eq(writingSubmissions.collectionId, id)).get())!.n;
		if (n > 0) return { ok: false as const, message: `已有 ${n} 人保存或提交了作品，不能删除` };
		await tx.delete(writingCollections).where(eq(writingCollections.id, id)).run();
		return { ok: true as const };
	});
}

export async function listCollections(db: DB, scope: Scope): Promise<CollectionSummary[]> {
	const rows = await db
		.select({ c: writingCollections, unitName: orgUnits.name, unitPath: orgUnits.path })
		.from(writingCollections)
		.innerJoin(orgUnits, eq(orgUnits.id, writingCollections.unitId))
		.where(scope ? like(orgUnits.path, `${scope.pathPrefix}%`) : sql`1 = 1`)
		.orderBy(desc(writingCollections.dueDate), desc(writingCollections.id))
		.all();
	return rows.map((r) => ({ ...r.c, unitName: r.unitName, unitPath: r.unitPath }));
}

export async function namedPeopleOfCollection(db: DB, collectionId: number) {
	return await db
		.select({ id: users.id, name: users.name, username: users.username })
		.from(writingCollectionPeople)
		.innerJoin(users, eq(users.id, writingCollectionPeople.userId))
		.where(eq(writingCollectionPeople.collectionId, collectionId))
		.orderBy(asc(users.username))
		.all();
}

/** SQL for the ids of the people a collection asks (as of now). */
export function collectionAddresseesQuery(db: DB, c: Pick<WritingCollection, 'id' | 'unitId' | 'audience'>) {
	if (c.audience === 'named') {
		return db
			.select({ id: writingCollectionPeople.userId })
			.from(writingCollectionPeople)
			.innerJoin(users, eq(users.id, writingCollectionPeople.userId))
			.where(and(eq(writingCollectionPeople.collectionId, c.id), isNull(users.disabledAt)));
	}
	const unitPath = sql`(select ${orgUnits.path} from ${orgUnits} where ${orgUnits.id} = ${c.unitId})`;
	const conditions: SQL[] = [like(orgUnits.path, sql`${unitPath} || '%'`), isNull(users.disabledAt)];
	if (c.audience === 'leaders') conditions.push(eq(users.isLeader, true));
	return db.select({ id: users.id }).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(and(...conditions));
}

export type PersonRef = { id: number; orgUnitId: number; isLeader: boolean; unitPath?: string };

/** Ids of the collections that ask the person now. */
// Built once per database (db/prepared.ts): the home page asks on every view.
const collectionsInPath = preparedQuery((db) =>
	db
		.select({
			id: writingCollections.id,
			audience: writingCollections.audience,
			named: sql<number | null>`(select 1 from ${writingCollectionPeople} where ${writingCollectionPeople.collectionId} = ${writingCollections.id} and ${writingCollectionPeople.userId} = ${sql.placeholder('userId')})`
		})
		.from(writingCollections)
		.innerJoin(orgUnits, eq(orgUnits.id, writingCollections.unitId))
		.where(sql`${sql.placeholder('path')} like ${orgUnits.path} || '%'`)
		.prepare()
);

export async function collectionIdsFor(db: DB, user: PersonRef): Promise<number[]> {
	const unitPath = await unitPathOf(db, user);
	if (!unitPath) return [];
	const rows = await collectionsInPath(db).all({ userId: user.id, path: unitPath });
	return rows.filter((r) => (r.audience === 'all' ? true : r.audience === 'leaders' ? user.isLeader : r.named === 1)).map((r) => r.id);
}

/** Whether the person belongs to the collection's unit subtree now (who may see its gallery). */
export async function inCollectionUnit(db: DB, user: PersonRef, c: Pick<CollectionSummary, 'unitPath'>): Promise<boolean> {
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, user.orgUnitId)).get();
	return !!unit && unit.path.startsWith(c.unitPath);
}
