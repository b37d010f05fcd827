import { eq } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { searchDocuments } from '../../db/schema/index.ts';

// Keeps search_documents in step with the content rows, inside the transactions that write them.
// The full-text index over it is maintained by the database (triggers on SQLite, a GIN index on
// PostgreSQL), so the domain code only writes plain rows.

/** Markdown to the words a reader sees: what the search matches against. */
export function plainText(markdown: string): string {
	return markdown
		.replace(/<[^>]*>/g, '')
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/^#{1,6}\s+/gm, '')
		.replace(/[*_`~>|]/g, '')
		.replace(/[ \t]+/g, ' ')
		.replace(/\n{2,}/g, '\n')
		.trim();
}

export async function indexRegulationArticles(tx: DB, regulationId: number, title: string, articles: { number: number; label: string; body: string }[]): Promise<void> {
	await tx.delete(searchDocuments).where(eq(searchDocuments.regulationId, regulationId)).run();
	const rows = articles.map((a) => ({ kind: 'article' as const, regulationId, number: a.number, title: `${title} ${a.label}`, body: plainText(a.body) }));
	for (let i = 0; i < rows.length; i += 200) await tx.insert(searchDocuments).values(rows.slice(i, i + 200)).run();
}

export async function indexLesson(tx: DB, lessonId: number, title: string, markdown: string): Promise<void> {
	await tx.delete(searchDocuments).where(eq(searchDocuments.lessonId, lessonId)).run();
	await tx.insert(searchDocuments).values({ kind: 'lesson', lessonId, title, body: plainText(markdown) }).run();
}

export async function indexQuestion(tx: DB, questionId: number, question: { stem: string; options: { key: string; text: string }[]; explanation: string }): Promise<void> {
	const body = [question.stem, ...question.options.map((o) => `${o.key}. ${o.text}`), question.explanation].join('\n');
	await tx.insert(searchDocuments).values({ kind: 'question', questionId, title: plainText(question.stem).slice(0, 80), body: plainText(body) }).run();
}
