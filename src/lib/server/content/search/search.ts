import { sql } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { selectRows } from '../../db/client.ts';
import { searchDocumentsMatch } from '../../db/dialect.ts';
import type { Role } from '../../../vocabulary.ts';

// The search box in the header: regulations (article by article), lessons and questions, in
// Chinese, with the matching words marked. Learners search what they can read: current editions,
// active lessons, and course-quiz questions (stems only); competition and bank questions are
// searched by admins alone, so a live competition's questions stay unseen.

export type Snippet = { text: string; mark: boolean }[];
export type SearchHit = { kind: 'article' | 'lesson' | 'question'; title: string; href: string; snippet: Snippet; context: string };
export type SearchResult = { query: string; terms: string[]; hits: SearchHit[]; total: number; tookMs: number };

export const SEARCH_MAX_TERMS = 5;
const PER_KIND = 30;

export function searchTerms(query: string): string[] {
	return [...new Set(query.split(/[\s\u3000,，、;；]+/).map((t) => t.trim().slice(0, 40)).filter(Boolean))].slice(0, SEARCH_MAX_TERMS);
}

/** Up to 80 characters around the first match, split into marked and unmarked runs. */
export function snippet(text: string, terms: string[], width = 80): Snippet {
	const lower = text.toLowerCase();
	const positions = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((p) => p >= 0);
	const first = positions.length ? Math.min(...positions) : 0;
	const start = Math.max(0, first - 20);
	const piece = text.slice(start, start + width).replace(/\s+/g, ' ');
	const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
	const out: Snippet = [];
	if (start > 0) out.push({ text: '…', mark: false });
	let last = 0;
	for (const m of piece.matchAll(pattern)) {
		if (m.index > last) out.push({ text: piece.slice(last, m.index), mark: false });
		out.push({ text: m[0], mark: true });
		last = m.index + m[0].length;
	}
	if (last < piece.length) out.push({ text: piece.slice(last), mark: false });
	if (start + width < text.length) out.push({ text: '…', mark: false });
	return out;
}

type Row = {
	kind: 'article' | 'lesson' | 'question';
	title: string;
	body: string;
	number: number | null;
	reg_slug: string | null;
	course_slug: string | null;
	course_title: string | null;
	lesson_slug: string | null;
	set_kind: string | null;
	set_id: number | null;
	set_title: string | null;
	stem: string | null;
};

function score(row: Row, terms: string[]): number {
	let s = 0;
	for (const t of terms) {
		s += row.title.includes(t) ? 5 : 0;
		s += Math.min(5, row.body.split(t).length - 1);
	}
	return s;
}

export async function search(db: DB, query: string, role: Role): Promise<SearchResult> {
	const started = performance.now();
	const terms = searchTerms(query);
	if (!terms.length) return { query, terms, hits: [], total: 0, tookMs: 0 };
	const admin = role === 'admin';
	const rows = await selectRows<Row>(
		db,
		sql`select d.kind as kind, d.title as title, d.body as body, d.number as number,
				r.slug as reg_slug, c.slug as course_slug, c.title as course_title, l.slug as lesson_slug,
				s.kind as set_kind, s.id as set_id, s.title as set_title, q.stem as stem
			from search_documents d
			left join regulations r on r.id = d.regulation_id
			left join lessons l on l.id = d.lesson_id
			left join questions q on q.id = d.question_id
			left join question_sets s on s.id = q.set_id
			left join courses c on c.id = coalesce(l.course_id, s.course_id)
			where ${searchDocumentsMatch(db, terms)}
				and (
					(d.kind = 'article' and r.active = true and r.status <> 'amended')
					or (d.kind = 'lesson' and l.active = true and c.active = true)
					or (d.kind = 'question' and q.active = true and s.active = true and (s.kind = 'course-quiz' or ${sql.raw(admin ? 'true' : 'false')}))
				)
			limit 600`
	);
	const hits: (SearchHit & { score: number })[] = [];
	const perKind = { article: 0, lesson: 0, question: 0 };
	for (const row of rows.map((r) => ({ ...r, s: score(r, terms) })).sort((a, b) => b.s - a.s)) {
		if (perKind[row.kind]++ >= PER_KIND) continue;
		if (row.kind === 'article' && row.reg_slug && row.number !== null) {
			hits.push({ kind: 'article', title: row.title, href: `/regulations/${row.reg_slug}/${row.number}`, snippet: snippet(row.body, terms), context: '法规', score: row.s });
		} else if (row.kind === 'lesson' && row.course_slug && row.lesson_slug) {
			hits.push({ kind: 'lesson', title: row.title, href: `/courses/${row.course_slug}/${row.lesson_slug}`, snippet: snippet(row.body, terms), context: `课程《${row.course_title}》`, score: row.s });
		} else if (row.kind === 'question') {
			// Learners see the stem only: the options and explanation would give the answer away.
			const text = admin ? row.body : (row.stem ?? '');
			const href = row.set_kind === 'course-quiz' && row.course_slug ? `/courses/${row.course_slug}` : `/admin/content/banks/${row.set_id}`;
			hits.push({ kind: 'question', title: row.title, href, snippet: snippet(text, terms), context: row.set_kind === 'course-quiz' ? `课程《${row.course_title}》测验` : `题库《${row.set_title}》`, score: row.s });
		}
	}
	return { query, terms, hits, total: rows.length, tookMs: Math.round((performance.now() - started) * 10) / 10 };
}
