import { asc, count, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { contentErrors, courses, lessons, orgUnits, regulationArticles, regulations, users } from '../db/schema/index.ts';

/** The figures on the admin dashboard, each of which links to the page that manages it. */
export async function adminOverview(db: DB) {
	const n = async (q: { get(): Promise<{ n: number } | undefined> }) => (await q.get())?.n ?? 0;
	return {
		units: await n(db.select({ n: count() }).from(orgUnits)),
		people: await n(db.select({ n: count() }).from(users).where(isNull(users.disabledAt))),
		disabledPeople: await n(db.select({ n: count() }).from(users).where(isNotNull(users.disabledAt))),
		// Accounts that never logged in to set their own password yet.
		pendingFirstLogin: await n(db.select({ n: count() }).from(users).where(eq(users.mustChangePassword, true))),
		courses: await n(db.select({ n: count() }).from(courses).where(eq(courses.active, true))),
		regulations: await n(db.select({ n: count() }).from(regulations).where(eq(regulations.active, true))),
		contentErrors: await n(db.select({ n: count() }).from(contentErrors))
	};
}

/** What the content page lists: every loaded course and regulation with its version, and the load errors. */
export async function contentOverview(db: DB) {
	const courseRows = await db
		.select({
			id: courses.id,
			slug: courses.slug,
			title: courses.title,
			contentHash: courses.contentHash,
			updatedAt: courses.updatedAt,
			active: courses.active,
			origin: courses.origin,
			lessons: count(lessons.id)
		})
		.from(courses)
		.leftJoin(lessons, eq(lessons.courseId, courses.id))
		.groupBy(courses.id)
		.orderBy(desc(courses.active), asc(courses.sortOrder), asc(courses.slug))
		.all();
	const regulationRows = await db
		.select({
			id: regulations.id,
			slug: regulations.slug,
			title: regulations.title,
			contentHash: regulations.contentHash,
			updatedAt: regulations.updatedAt,
			active: regulations.active,
			isSample: regulations.isSample,
			origin: regulations.origin,
			status: regulations.status,
			edition: regulations.edition,
			articles: count(regulationArticles.id)
		})
		.from(regulations)
		.leftJoin(regulationArticles, eq(regulationArticles.regulationId, regulations.id))
		.groupBy(regulations.id)
		.orderBy(desc(regulations.active), asc(regulations.slug))
		.all();
	const errors = await db
		.select({ file: contentErrors.file, line: contentErrors.line, message: contentErrors.message, at: contentErrors.at })
		.from(contentErrors)
		.orderBy(asc(contentErrors.file), asc(contentErrors.line))
		.all();
	return { courses: courseRows, regulations: regulationRows, errors };
}
