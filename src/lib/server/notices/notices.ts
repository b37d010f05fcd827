import { aliasedTable, and, asc, count, desc, eq, gte, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { noticeReads, notices, orgUnits, users, type Notice } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../activities/scope.ts';
import { renderMarkdown } from '../content/markdown.ts';

// 节前提醒 and announcements. A notice goes to a unit subtree; who it reaches is evaluated as of
// now (current active members), and "read" is one notice_reads row per person.

/** Unread notices older than this no longer crowd the home page (they stay on /notices). */
export const HOME_NOTICE_DAYS = 90;

export type NoticeInput = { unitId: number; title: string; body: string };

export function createNotice(db: DB, actorId: number, input: NoticeInput, now = new Date()): Notice {
	return db.insert(notices).values({ ...input, createdBy: actorId, publishedAt: now }).returning().get();
}

const author = aliasedTable(users, 'author');
const withdrawer = aliasedTable(users, 'withdrawer');

export type NoticeSummary = {
	id: number;
	title: string;
	unitId: number;
	unitName: string;
	unitPath: string;
	publishedAt: Date;
	authorName: string | null;
	withdrawnAt: Date | null;
	withdrawnByName: string | null;
};

function summaries(db: DB, where: SQL | undefined, limit = 500): (NoticeSummary & { body: string })[] {
	return db
		.select({
			id: notices.id,
			title: notices.title,
			body: notices.body,
			unitId: notices.unitId,
			unitName: orgUnits.name,
			unitPath: orgUnits.path,
			publishedAt: notices.publishedAt,
			authorName: author.name,
			withdrawnAt: notices.withdrawnAt,
			withdrawnByName: withdrawer.name
		})
		.from(notices)
		.innerJoin(orgUnits, eq(orgUnits.id, notices.unitId))
		.leftJoin(author, eq(author.id, notices.createdBy))
		.leftJoin(withdrawer, eq(withdrawer.id, notices.withdrawnBy))
		.where(where)
		.orderBy(desc(notices.publishedAt), desc(notices.id))
		.limit(limit)
		.all();
}

function audienceCount(db: DB, unitPath: string): number {
	return db
		.select({ n: count() })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(like(orgUnits.path, `${unitPath}%`), isNull(users.disabledAt)))
		.get()!.n;
}

export type NoticeListRow = NoticeSummary & { audience: number; readCount: number };

/** Notices in scope with how many of their current audience have read them. */
export function listNotices(db: DB, scope: Scope): NoticeListRow[] {
	return summaries(db, scope ? like(orgUnits.path, `${scope.pathPrefix}%`) : undefined).map(({ body: _b, ...n }) => ({
		...n,
		audience: audienceCount(db, n.unitPath),
		readCount: readers(db, n).filter((r) => r.readAt).length
	}));
}

export type NoticeDetail = NoticeSummary & { body: string; html: string };

export function getNotice(db: DB, scope: Scope, id: number): NoticeDetail | undefined {
	const n = summaries(db, eq(notices.id, id))[0];
	if (!n || !pathInScope(scope, n.unitPath)) return undefined;
	return { ...n, html: renderMarkdown(n.body) };
}

export type NoticeReader = { userId: number; name: string; username: string; unitName: string; readAt: Date | null };

/** Everyone the notice is addressed to now, with when they read it (null = not yet). */
export function readers(db: DB, notice: Pick<NoticeSummary, 'id' | 'unitPath'>): NoticeReader[] {
	return db
		.select({ userId: users.id, name: users.name, username: users.username, unitName: orgUnits.name, readAt: noticeReads.readAt })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.leftJoin(noticeReads, and(eq(noticeReads.noticeId, notice.id), eq(noticeReads.userId, users.id)))
		.where(and(like(orgUnits.path, `${notice.unitPath}%`), isNull(users.disabledAt)))
		.orderBy(asc(orgUnits.path), asc(users.username))
		.all();
}

export function withdrawNotice(db: DB, id: number, actorId: number, now = new Date()): { ok: true } | { ok: false; message: string } {
	const n = db.select().from(notices).where(eq(notices.id, id)).get();
	if (!n) return { ok: false, message: '通知不存在' };
	if (n.withdrawnAt) return { ok: false, message: '该通知已撤回' };
	db.update(notices).set({ withdrawnAt: now, withdrawnBy: actorId }).where(eq(notices.id, id)).run();
	return { ok: true };
}

// ---- Learners ----

export type LearnerNotice = { id: number; title: string; unitName: string; publishedAt: Date; readAt: Date | null };

type Learner = { id: number; orgUnitId: number };

function addressedTo(db: DB, user: Learner): SQL | undefined {
	const unit = db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, user.orgUnitId)).get();
	if (!unit) return undefined;
	// A notice to unit U reaches everyone whose unit path starts with U's path.
	return and(isNull(notices.withdrawnAt), sql`${unit.path} like ${orgUnits.path} || '%'`);
}

/** Notices addressed to the person, newest first; `unreadSince` keeps only unread ones published after it. */
export function noticesFor(db: DB, user: Learner, options: { unreadSince?: Date; now?: Date } = {}): LearnerNotice[] {
	const where = addressedTo(db, user);
	if (!where) return [];
	const conditions: SQL[] = [where, sql`${notices.publishedAt} <= ${(options.now ?? new Date()).getTime()}`];
	if (options.unreadSince) conditions.push(gte(notices.publishedAt, options.unreadSince), isNull(noticeReads.id));
	return db
		.select({ id: notices.id, title: notices.title, unitName: orgUnits.name, publishedAt: notices.publishedAt, readAt: noticeReads.readAt })
		.from(notices)
		.innerJoin(orgUnits, eq(orgUnits.id, notices.unitId))
		.leftJoin(noticeReads, and(eq(noticeReads.noticeId, notices.id), eq(noticeReads.userId, user.id)))
		.where(and(...conditions))
		.orderBy(desc(notices.publishedAt), desc(notices.id))
		.limit(200)
		.all();
}

/** A notice the person may open (addressed to them), or undefined. */
export function noticeForLearner(db: DB, user: Learner, id: number): (LearnerNotice & { html: string }) | undefined {
	const where = addressedTo(db, user);
	if (!where) return undefined;
	const row = db
		.select({ id: notices.id, title: notices.title, body: notices.body, unitName: orgUnits.name, publishedAt: notices.publishedAt, readAt: noticeReads.readAt })
		.from(notices)
		.innerJoin(orgUnits, eq(orgUnits.id, notices.unitId))
		.leftJoin(noticeReads, and(eq(noticeReads.noticeId, notices.id), eq(noticeReads.userId, user.id)))
		.where(and(where, eq(notices.id, id)))
		.get();
	if (!row) return undefined;
	const { body, ...rest } = row;
	return { ...rest, html: renderMarkdown(body) };
}

/** Marks a notice read; the first time counts, marking again changes nothing. */
export function markNoticeRead(db: DB, user: Learner, id: number, now = new Date()): boolean {
	if (!noticeForLearner(db, user, id)) return false;
	db.insert(noticeReads).values({ noticeId: id, userId: user.id, readAt: now }).onConflictDoNothing().run();
	return true;
}

export type SaveNoticeResult = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

/** Publishes a notice for an organizer; the unit must lie in their scope. */
export function publishNotice(db: DB, input: { scope: Scope; actorId: number; notice: NoticeInput; now?: Date }): SaveNoticeResult {
	const unit = db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.notice.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, errors: { unitId: '请选择本单位或下级单位' } };
	return { ok: true, id: createNotice(db, input.actorId, input.notice, input.now).id };
}
