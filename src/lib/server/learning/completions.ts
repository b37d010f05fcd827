import { sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';

// Course completions, recorded once as event rows (course_completions) so the report can count
// them per period with an index range instead of re-reading every check-in ever made.
// The rule is the one 我的学习 shows (learning/progress.ts): a course is complete when every
// active lesson has a signature (any version) and, if the course has an active quiz, a passing
// attempt exists; it was completed when the last of these happened.
//
// recordLearningProgress (readingLists/progress.ts) calls recordCourseCompletions for one person
// after each signature or quiz; syncCourseCompletions backfills everyone (start-up, demo data,
// tests, the benchmark). Both only add missing rows, so calling them again changes nothing.

function completionSelect(userFilter: ReturnType<typeof sql>) {
	return sql`
		with need as (
			select course_id, count(*) as n from (
				select l.course_id from lessons l join courses c on c.id = l.course_id where l.active = true and c.active = true
				union all
				select s.course_id from question_sets s join courses c on c.id = s.course_id
				where s.kind = 'course-quiz' and s.active = true and c.active = true
			) req group by course_id
		),
		firsts as (
			select r.user_id, l.course_id, min(r.signed_at) as t
			from reading_checkins r join lessons l on l.id = r.lesson_id and l.active = true
			where r.signed_at is not null and ${userFilter}
			group by r.user_id, l.course_id, r.lesson_id
			union all
			select r.user_id, s.course_id, min(r.submitted_at) as t
			from quiz_attempts r join question_sets s on s.id = r.set_id and s.kind = 'course-quiz' and s.active = true
			where r.passed = true and r.submitted_at is not null and ${userFilter}
			group by r.user_id, s.course_id, r.set_id
		),
		done as (select user_id, course_id, count(*) as k, max(t) as t from firsts group by user_id, course_id)
		select d.user_id, d.course_id, d.t
		from done d join need on need.course_id = d.course_id and d.k = need.n
		where not exists (select 1 from course_completions cc where cc.user_id = d.user_id and cc.course_id = d.course_id)`;
}

async function insertCompletions(db: DB, userFilter: ReturnType<typeof sql>): Promise<number> {
	const result = await db.run(sql`
		insert into course_completions (user_id, course_id, completed_at)
		select user_id, course_id, t from (${completionSelect(userFilter)}) c
		where true
		on conflict do nothing`);
	return result.changes;
}

/** Records the courses one person has newly completed. Returns how many. */
export async function recordCourseCompletions(db: DB, userId: number): Promise<number> {
	return await insertCompletions(db, sql`r.user_id = ${userId}`);
}

/** Records every completion not yet recorded, for everyone. Returns how many. */
export async function syncCourseCompletions(db: DB): Promise<number> {
	return await insertCompletions(db, sql`1 = 1`);
}
