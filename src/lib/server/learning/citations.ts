import type { DB } from '../db/client.ts';

// Article references (`slug#N`) as shown to learners. The regulations module owns how a
// reference becomes a link; until it resolves them, references are shown as plain citations.

export type Citation = { ref: string; label: string; href: string | null };

export function citeRefs(_db: DB, refs: string[]): Citation[] {
	return refs.map((ref) => ({ ref, label: ref, href: null }));
}
