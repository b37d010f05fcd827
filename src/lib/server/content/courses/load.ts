import type { DB } from '../../db/client.ts';
import type { ContentIssue } from '../issues.ts';

// TODO(courses helper): parse content/courses and upsert into the database.
export function loadCourses(_db: DB, _dir: string): { courses: number; lessons: number; questions: number; errors: ContentIssue[] } {
	return { courses: 0, lessons: 0, questions: 0, errors: [] };
}
