import { and, asc, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import { inJsonIds } from '../db/dialect.ts';
import type { DB } from '../db/client.ts';
import { orgUnits, users, writingCollections, writingSubmissions, type WritingSubmission } from '../db/schema/index.ts';
import { attachedFiles, type AttachedFile, type Author } from './submissions.ts';
import { collectionAddresseesQuery, collectionIdsFor, collectionDueEnd, inCollectionUnit, type CollectionSummary } from './collections.ts';
import type { SubmissionStanding, SubmissionStatus, WritingKind } from '../../vocabulary.ts';

// What organizers, authors and the unit see of a collection. Drafts are the author's own: to
// everyone else a draft is "未提交", and its text and files are never shown.

/** A person's standing in a collection: their piece's status, or 'none' (nothing handed in, drafts included). */
export type Standing = SubmissionStanding;

export type StandingRow = {
	userId: number;
	name: string;
	username: string;
	unitId: number;
	unitName: string;
	standing: Standing;
	submissionId: number | null;
	title: string;
	submittedAt: Date | null;
	excellent: boolean;
	published: boolean;
	reviewComment: string;
	fileCount: number;
};

export async function collectionStandings(db: DB, c: CollectionSummary): Promise<StandingRow[]> {
	const people = await db
		.select({ userId: users.id, name: users.name, username: users.username, unitId: users.orgUnitId, unitName: orgUnits.name, unitPath: orgUnits.path })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(or(inArray(users.id, collectionAddresseesQuery(db, c)), inArray(users.id, db.select({ id: writingSubmissions.userId }).from(writingSubmissions).where(and(eq(writingSubmissions.collectionId, c.id), ne(writingSubmissions.status, 'draft'))))))
		.orderBy(asc(orgUnits.path), asc(users.username))
		.all();
	const subs = await db.select().from(writingSubmissions).where(and(eq(writingSubmissions.collectionId, c.id), ne(writingSubmissions.status, 'draft'))).all();
	const files = await attachedFiles(db, subs.map((s) => s.id));
	const byUser = new Map(subs.map((s) => [s.userId, s]));
	return people.map(({ unitPath: _p, ...p }) => {
		const s = byUser.get(p.userId);
		return {
			...p,
			standing: s?.status ?? 'none',
			submissionId: s?.id ?? null,
			title: s?.title ?? '',
			submittedAt: s?.submittedAt ?? null,
			excellent: !!s?.excellent,
			published: !!s?.publishedAt,
			reviewComment: s?.reviewComment ?? '',
			fileCount: s ? (files.get(s.id)?.length ?? 0) : 0
		};
	});
}

export type StandingCounts = { total: number; none: number; submitted: number; returned: number; accepted: number; excellent: number; published: number };
export type UnitStanding = StandingCounts & { unitId: number; unitName: string };

function tally(counts: StandingCounts, r: StandingRow) {
	counts.total++;
	counts[r.standing === 'draft' ? 'none' : r.standing]++;
	if (r.excellent) counts.excellent++;
	if (r.published) counts.published++;
}

export function standingCounts(rows: StandingRow[]): { all: StandingCounts; byUnit: UnitStanding[] } {
	const empty = (): StandingCounts => ({ total: 0, none: 0, submitted: 0, returned: 0, accepted: 0, excellent: 0, published: 0 });
	const all = empty();
	const units = new Map<number, UnitStanding>();
	for (const r of rows) {
		tally(all, r);
		let u = units.get(r.unitId);
		if (!u) units.set(r.unitId, (u = { unitId: r.unitId, unitName: r.unitName, ...empty() }));
		tally(u, r);
	}
	return { all, byUnit: [...units.values()] };
}

export type Piece = WritingSubmission & { authorName: string; authorUnit: string; files: AttachedFile[] };

/** Pieces handed in (not drafts), with their files; `only` narrows to accepted, excellent or published ones. */
export async function piecesOf(db: DB, collectionId: number, only: 'handed-in' | 'accepted' | 'excellent' | 'published' = 'handed-in', submissionId?: number): Promise<Piece[]> {
	const conditions = [eq(writingSubmissions.collectionId, collectionId), ne(writingSubmissions.status, 'draft')];
	if (only !== 'handed-in') conditions.push(eq(writingSubmissions.status, 'accepted'));
	if (only === 'excellent') conditions.push(eq(writingSubmissions.excellent, true));
	if (only === 'published') conditions.push(isNotNull(writingSubmissions.publishedAt));
	if (submissionId !== undefined) conditions.push(eq(writingSubmissions.id, submissionId));
	const rows = await db
		.select({ s: writingSubmissions, authorName: users.name, authorUnit: orgUnits.name })
		.from(writingSubmissions)
		.innerJoin(users, eq(users.id, writingSubmissions.userId))
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(...conditions))
		.orderBy(asc(orgUnits.path), asc(writingSubmissions.submittedAt), asc(writingSubmissions.id))
		.all();
	const files = await attachedFiles(db, rows.map((r) => r.s.id));
	return rows.map((r) => ({ ...r.s, authorName: r.authorName, authorUnit: r.authorUnit, files: files.get(r.s.id) ?? [] }));
}

export type LearnerCollection = { id: number; kind: WritingKind; title: string; dueDate: string; open: boolean; standing: Standing; draft: boolean; excellent: boolean; galleryCount: number };

// What the list needs of the person's own pieces (not their text); prepared once per database.
const standingsOf = preparedQuery((db) =>
	db
		.select({ collectionId: writingSubmissions.collectionId, status: writingSubmissions.status, excellent: writingSubmissions.excellent })
		.from(writingSubmissions)
		.where(eq(writingSubmissions.userId, sql.placeholder('userId')))
		.prepare()
);

// Each collection (what the list shows) with the number of pieces published in its gallery.
const collectionsById = preparedQuery((db) =>
	db
		.select({
			collection: { id: writingCollections.id, kind: writingCollections.kind, title: writingCollections.title, dueDate: writingCollections.dueDate },
			// Written out: drizzle leaves column names unqualified in a one-table select, and inside the
			// subquery an unqualified "id" would be the submission's.
			galleryCount: sql<number>`(select count(*) from writing_submissions w where w.collection_id = writing_collections.id and w.published_at is not null)`
		})
		.from(writingCollections)
		.where(inJsonIds(db, writingCollections.id, 'ids'))
		.prepare()
);

/** 征文与心得: collections asking the person, and those they wrote for; what is still to do first. */
export async function learnerCollections(db: DB, user: Author, now = new Date()): Promise<LearnerCollection[]> {
	const mine = await standingsOf(db).all({ userId: user.id });
	const ids = [...new Set([...(await collectionIdsFor(db, user)), ...mine.map((m) => m.collectionId)])];
	if (!ids.length) return [];
	const rows = await collectionsById(db).all({ ids: JSON.stringify(ids) });
	const out = rows.map(({ collection: c, galleryCount }) => {
		const s = mine.find((m) => m.collectionId === c.id);
		return {
			id: c.id,
			kind: c.kind,
			title: c.title,
			dueDate: c.dueDate,
			open: now.getTime() < collectionDueEnd(c).getTime(),
			standing: (s && s.status !== 'draft' ? s.status : 'none') as Standing,
			draft: s?.status === 'draft',
			excellent: !!s?.excellent,
			galleryCount: Number(galleryCount)
		};
	});
	const todo = (c: LearnerCollection) => ((c.open && c.standing === 'none') || c.standing === 'returned' ? 0 : 1);
	return out.sort((a, b) => todo(a) - todo(b) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : b.id - a.id));
}

/** The read-only gallery of a collection: its published pieces, for members of its unit and organizers in scope. */
export async function galleryOf(db: DB, user: Author, c: CollectionSummary, organizerMayView: boolean): Promise<Piece[] | undefined> {
	if (!organizerMayView && !(await inCollectionUnit(db, user, c))) return undefined;
	return await piecesOf(db, c.id, 'published');
}

export type WritingRecord = { collectionId: number; kind: WritingKind; collectionTitle: string; title: string; status: SubmissionStatus; submittedAt: Date | null; excellent: boolean; published: boolean; href: string };

// The 学习档案 reads it on every view: built once per database.
const handedInBy = preparedQuery((db) =>
	db
		.select({ s: writingSubmissions, kind: writingCollections.kind, collectionTitle: writingCollections.title })
		.from(writingSubmissions)
		.innerJoin(writingCollections, eq(writingCollections.id, writingSubmissions.collectionId))
		.where(and(eq(writingSubmissions.userId, sql.placeholder('userId')), ne(writingSubmissions.status, 'draft')))
		.orderBy(desc(writingSubmissions.submittedAt))
		.prepare()
);

/** What a person has handed in, for their 学习档案 (drafts left out), newest first. */
export async function writingsOf(db: DB, userId: number): Promise<WritingRecord[]> {
	const rows = await handedInBy(db).all({ userId });
	return rows.map((r) => ({
		collectionId: r.s.collectionId,
		kind: r.kind,
		collectionTitle: r.collectionTitle,
		title: r.s.title,
		status: r.s.status,
		submittedAt: r.s.submittedAt,
		excellent: r.s.excellent,
		published: !!r.s.publishedAt,
		href: `/writings/${r.s.collectionId}`
	}));
}
