import { and, asc, count, eq } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { courses, lessons } from '../../db/schema/index.ts';

/** Courses made in the admin console, with their number of lessons. */
export async function listConsoleCourses(db: DB) {
	return await db
		.select({ id: courses.id, slug: courses.slug, title: courses.title, active: courses.active, sortOrder: courses.sortOrder, lessons: count(lessons.id) })
		.from(courses)
		.leftJoin(lessons, and(eq(lessons.courseId, courses.id), eq(lessons.active, true)))
		.where(eq(courses.origin, 'console'))
		.groupBy(courses.id)
		.orderBy(asc(courses.sortOrder), asc(courses.slug))
		.all();
}
