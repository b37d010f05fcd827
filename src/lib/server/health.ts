import { count, eq, sql } from 'drizzle-orm';
import type { DB } from './db/client.ts';
import { contentErrors, courses, regulations } from './db/schema/index.ts';

/** What /healthz answers: the database answers, and what content is loaded (with its errors). */
export async function healthStatus(db: DB) {
	await db.run(sql`select 1`);
	const courseCount = (await db.select({ n: count() }).from(courses).where(eq(courses.active, true)).get())!.n;
	const regulationCount = (await db.select({ n: count() }).from(regulations).where(eq(regulations.active, true)).get())!.n;
	const errors = await db.select({ file: contentErrors.file, line: contentErrors.line, message: contentErrors.message }).from(contentErrors).all();
	return {
		status: 'ok' as const,
		courses: courseCount,
		regulations: regulationCount,
		contentErrors: errors
	};
}
