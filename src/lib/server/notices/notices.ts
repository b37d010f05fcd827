import { aliasedTable, and, asc, count, desc, eq, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import { noticeReads, notices, orgUnits, users, type Notice } from '../db/schema/index.ts';
import { pathInScope, unitPathOf } from '../org/scope.ts';
import { unitAndAncestorIds, type Scope } from '../org/units.ts';
import { inJsonIds } from '../db/dialect.ts';
import { renderMarkdown } from '../content/markdown.ts';

// 节前提醒 and announcements. A notice goes to a unit subtree; who it reaches is evaluated as of
// now (current active members), and "read" is one notice_reads row per person.

/** Unread notices older than this no longer crowd the home page (they stay on /notices). */
export const HOME_NOTICE_DAYS = 90;

export type NoticeInput = { unitId: number; title: string; body: string };

export async function createNotice(db: DB, actorId: number, input: NoticeInput, now = new Date()): Promise<Notice> {
	return await db.insert(notices).values({ ...input, createdBy: actorId, publishedAt: now }).returning().get();
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

async function summaries(db: DB, where: SQL | undefined, limit = 500): Promise<(NoticeSummary & { body: string })[]> {
	return await db
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

async function audienceCount(db: DB, unitPath: string): Promise<number> {
	return (await db
		.select({ n: count() })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(like(orgUnits.path, `${unitPath}%`), isNull(users.disabledAt)))
		.get())!.n;
}

export type NoticeListRow = NoticeSummary & { audience: number; readCount: number };

/** Notices in scope with how many of their current audience have read them. */
export async function listNotices(db: DB, scope: Scope): Promise<NoticeListRow[]> {
	const out: NoticeListRow[] = [];
	for (const { body: _b, ...n } of await summaries(db, scope ? like(orgUnits.path, `${scope.pathPrefix}%`) : undefined)) {
		out.push({ ...n, audience: await audienceCount(db, n.unitPath), readCount: (await readers(db, n)).filter((r) => r.readAt).length });
	}
	return out;
}

export type NoticeDetail = NoticeSummary & { body: string; html: string };

export async function getNotice(db: DB, scope: Scope, id: number): Promise<NoticeDetail | undefined> {
	const n = (await summaries(db, eq(notices.id, id)))[0];
	if (!n || !pathInScope(scope, n.unitPath)) return undefined;
	return { ...n, html: renderMarkdown(n.body) };
}

export type NoticeReader = { userId: number; name: string; username: string; unitName: string; readAt: Date | null };

/** Everyone the notice is addressed to now, with when they read it (null = not yet). */
export async function readers(db: DB, notice: Pick<NoticeSummary, 'id' | 'unitPath'>): Promise<NoticeReader[]> {
	return await db
		.select({ userId: users.id, name: users.name, username: users.username, unitName: orgUnits.name, readAt: noticeReads.readAt })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.leftJoin(noticeReads, and(eq(noticeReads.noticeId, notice.id), eq(noticeReads.userId, users.id)))
		.where(and(like(orgUnits.path, `${notice.unitPath}%`), isNull(users.disabledAt)))
		.orderBy(asc(orgUnits.path), asc(users.username))
		.all();
}

export async function withdrawNotice(db: DB, id: number, actorId: number, now = new Date()): Promise<{ ok: true } | { ok: false; message: string }> {
	const n = await db.select().from(notices).where(eq(notices.id, id)).get();
	if (!n) return { ok: false, message: '通知不存在' };
	if (n.withdrawnAt) return { ok: false, message: '该通知已撤回' };
	await db.update(notices).set({ withdrawnAt: now, withdrawnBy: actorId }).where(eq(notices.id, id)).run();
	return { ok: true };
}

// ---- Learners ----

export type LearnerNotice = { id: number; title: string; unitName: string; publishedAt: Date; readAt: Date | null };

type Learner = { id: number; orgUnitId: number; unitPath?: string };

async function addressedTo(db: DB, user: Learner): Promise<SQL | undefined> {
	const unitPath = await unitPathOf(db, user);
	if (!unitPath) return undefined;
	// A notice to unit U reaches everyone whose unit path starts with U's path.
	return and(isNull(notices.withdrawnAt), sql`${unitPath} like ${orgUnits.path} || '%'`);
}

// The two lists a learner sees (all notices; unread recent ones for the home page), built once
// per database (db/prepared.ts). A notice to unit U reaches everyone in U and the units below it.
function noticesQuery(unreadOnly: boolean) {
	return preparedQuery((db) =>
		db
			.select({ id: notices.id, title: notices.title, unitName: orgUnits.name, publishedAt: notices.publishedAt, readAt: noticeReads.readAt })
			.from(notices)
			.innerJoin(orgUnits, eq(orgUnits.id, notices.unitId))
			.leftJoin(noticeReads, and(eq(noticeReads.noticeId, notices.id), eq(noticeReads.userId, sql.placeholder('userId'))))
			.where(
				and(
					isNull(notices.withdrawnAt),
					inJsonIds(db, notices.unitId, 'units'),
					sql`${notices.publishedAt} <= ${sql.placeholder('now')}`,
					...(unreadOnly ? [sql`${notices.publishedAt} >= ${sql.placeholder('since')}`, isNull(noticeReads.id)] : [])
				)
			)
			.orderBy(desc(notices.publishedAt), desc(notices.id))
			.limit(200)
			.prepare()
	);
}
const allNotices = noticesQuery(false);
const unreadNotices = noticesQuery(true);

/** Notices addressed to the person, newest first; `unreadSince` keeps only unread ones published after it. */
export async function noticesFor(db: DB, user: Learner, options: { unreadSince?: Date; now?: Date } = {}): Promise<LearnerNotice[]> {
	const unitPath = await unitPathOf(db, user);
	if (!unitPath) return [];
	const params = { userId: user.id, units: JSON.stringify(unitAndAncestorIds(unitPath)), now: (options.now ?? new Date()).getTime() };
	if (options.unreadSince) return await unreadNotices(db).all({ ...params, since: options.unreadSince.getTime() });
	return await allNotices(db).all(params);
}

/** A notice the person may open (addressed to them), or undefined. */
export async function noticeForLearner(db: DB, user: Learner, id: number): Promise<(LearnerNotice & { html: string }) | undefined> {
	const where = await addressedTo(db, user);
	if (!where) return undefined;
	const row = await db
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
export async function markNoticeRead(db: DB, user: Learner, id: number, now = new Date()): Promise<boolean> {
	if (!await noticeForLearner(db, user, id)) return false;
	await db.insert(noticeReads).values({ noticeId: id, userId: user.id, readAt: now }).onConflictDoNothing().run();
	return true;
}

export type SaveNoticeResult = { ok: true; id: number } | { ok: false; errors: Record<string, string> };

/** Publishes a notice for an organizer; the unit must lie in their scope. */
export async function publishNotice(db: DB, input: { scope: Scope; actorId: number; notice: NoticeInput; now?: Date }): Promise<SaveNoticeResult> {
	const unit = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.notice.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, errors: { unitId: '请选择本单位或下级单位' } };
	return { ok: true, id: (await createNotice(db, input.actorId, input.notice, input.now)).id };
}
