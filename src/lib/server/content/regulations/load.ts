import type { DB } from '../../db/client.ts';
import type { ContentIssue } from '../issues.ts';

// TODO(regulations helper): parse content/regulations and upsert into the database.
export function loadRegulations(_db: DB, _dir: string): { loaded: number; errors: ContentIssue[] } {
	return { loaded: 0, errors: [] };
}
