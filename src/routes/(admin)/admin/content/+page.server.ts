import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { contentOverview } from '$lib/server/admin/overview';
import { loadContent } from '$lib/server/content';
import { checkCitations, citationFlags } from '$lib/server/content/citations';
import { syncCourseCompletions } from '$lib/server/learning/completions';
import { openReadingListIds, syncReadingListCompletions } from '$lib/server/reading-lists/progress';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [overview, citations, flags] = [await contentOverview(db), await checkCitations(db), await citationFlags(db)];
	return { ...overview, missing: citations.missing, broken: citations.broken, flagCount: flags.length };
};

export const actions: Actions = {
	reload: async (event) => {
		requireAdmin(event);
		const report = await loadContent(db);
		// Changed content can finish a course or a reading list (a lesson removed): record those now.
		await syncCourseCompletions(db);
		await syncReadingListCompletions(db, await openReadingListIds(db));
		return { reloaded: { regulations: report.regulations, courses: report.courses, lessons: report.lessons, questions: report.questions, errors: report.errors.length } };
	}
};
