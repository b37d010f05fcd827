import { resolve } from 'node:path';
import type { DB } from '../db/client.ts';
import { contentErrors } from '../db/schema/index.ts';
import type { ContentIssue } from './issues.ts';
import { loadRegulations } from './regulations/load.ts';
import { loadCourses } from './courses/load.ts';
import { loadCompetitions } from './competitions/load.ts';

export const CONTENT_DIR = resolve(process.env.CONTENT_DIR ?? 'content');

export type ContentReport = {
	regulations: number;
	courses: number;
	lessons: number;
	questions: number;
	errors: ContentIssue[];
	/** What the regulation parser repaired (page numbers, joined lines, appendices): shown, not blocking. */
	warnings: ContentIssue[];
};

/**
 * Parses content/ and mirrors it into the database. A broken file is reported and skipped;
 * everything else still loads. Errors are stored so /healthz and the admin page can show them.
 */
export async function loadContent(db: DB, dir = CONTENT_DIR): Promise<ContentReport> {
	const regs = await loadRegulations(db, dir);
	const courses = await loadCourses(db, dir);
	const competitions = await loadCompetitions(db, dir);
	const errors = [...regs.errors, ...courses.errors, ...competitions.errors];
	await db.transaction(async (tx) => {
		await tx.delete(contentErrors).run();
		if (errors.length) await tx.insert(contentErrors).values(errors.map((e) => ({ file: e.file, line: e.line ?? null, message: e.message }))).run();
	});
	return { regulations: regs.loaded, courses: courses.courses, lessons: courses.lessons, questions: courses.questions + competitions.questions, errors, warnings: regs.warnings };
}
