import { count, eq, sql } from 'drizzle-orm';
import type { DB } from './db/client.ts';
import { contentErrors, courses, regulations } from './db/schema/index.ts';

export type ContentErrorDetail = { file: string; line: number | null; message: string };
export type HealthStatus = {
	status: 'ok';
	courses: number;
	regulations: number;
	/** How many content problems the last load found. */
	contentErrors: number;
	/** Which files and what the parser said: for administrators only. */
	contentErrorDetails?: ContentErrorDetail[];
};

/**
 * What /healthz answers: the database answers, and how much content is loaded. Monitoring and
 * anonymous visitors get counts only; file names and parser messages describe the server's
 * files and are shown to administrators (here with `details`, and on the admin content page).
 */
export async function healthStatus(db: DB, options: { details?: boolean } = {}): Promise<HealthStatus> {
	await db.run(sql`select 1`);
	const courseCount = (await db.select({ n: count() }).from(courses).where(eq(courses.active, true)).get())!.n;
	const regulationCount = (await db.select({ n: count() }).from(regulations).where(eq(regulations.active, true)).get())!.n;
	const errorCount = (await db.select({ n: count() }).from(contentErrors).get())!.n;
	const status: HealthStatus = { status: 'ok', courses: courseCount, regulations: regulationCount, contentErrors: errorCount };
	if (options.details) {
		status.contentErrorDetails = await db.select({ file: contentErrors.file, line: contentErrors.line, message: contentErrors.message }).from(contentErrors).all();
	}
	return status;
}
