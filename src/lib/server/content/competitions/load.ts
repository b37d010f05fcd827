import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, like, notInArray } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { questionSets } from '../../db/schema/index.ts';
import { contentHash, frontMatterLine, splitFrontMatter } from '../frontmatter.ts';
import { ContentError, type ContentIssue } from '../issues.ts';
import { renderMarkdown } from '../markdown.ts';
import { parseQuestions, type ParsedQuestion } from '../questions/parse.ts';
import { syncQuestions } from '../courses/load.ts';
import { cleanText } from '../../text.ts';
import { contentChanged } from '../catalog.ts';

// content/competitions/*.md: question banks for live competitions, in the same question format
// as course quizzes. Each file becomes a question set of kind 'competition'.

const SLUG_PREFIX = 'competition/';
const FIELDS = ['title', 'summary'] as const;

export function competitionSetSlug(fileStem: string): string {
	return `${SLUG_PREFIX}${fileStem}`;
}

export type ParsedCompetition = { slug: string; file: string; title: string; introHtml: string; questions: ParsedQuestion[]; hash: string };

/** Parses one competition file; null (with errors pushed) when anything is wrong. */
export function parseCompetitionFile(source: string, file: string, stem: string, errors: ContentIssue[]): ParsedCompetition | null {
	const before = errors.length;
	let md;
	try {
		md = splitFrontMatter(source, file, true);
	} catch (e) {
		if (e instanceof ContentError) {
			errors.push(e.toIssue());
			return null;
		}
		throw e;
	}
	for (const key of Object.keys(md.data)) {
		if (!(FIELDS as readonly string[]).includes(key)) {
			errors.push({ file, line: frontMatterLine(source, key) ?? 1, message: `未知的文件头字段“${key}”（可用字段：${FIELDS.join('、')}）` });
		}
	}
	const title = typeof md.data.title === 'string' || typeof md.data.title === 'number' ? String(md.data.title).trim() : '';
	if (!title) errors.push({ file, line: 1, message: '文件头缺少必填字段“title”' });
	const parsed = parseQuestions(md.body, file, md.bodyLine);
	errors.push(...parsed.errors);
	if (errors.length > before) return null;
	const summary = typeof md.data.summary === 'string' ? md.data.summary.trim() : '';
	const intro = [summary, parsed.intro].filter(Boolean).join('\n\n');
	return {
		slug: competitionSetSlug(stem),
		file,
		title,
		introHtml: intro ? renderMarkdown(intro) : '',
		questions: parsed.questions,
		hash: contentHash(source.replace(/\r\n?/g, '\n'))
	};
}

/**
 * Mirrors content/competitions into question sets. A broken file is reported and its set left as
 * it was; a file that disappeared deactivates its set (competitions already played keep their questions).
 */
export async function loadCompetitions(db: DB, dir: string): Promise<{ sets: number; questions: number; errors: ContentIssue[] }> {
	const folder = join(dir, 'competitions');
	const names = existsSync(folder)
		? readdirSync(folder)
				.filter((n) => n.endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md')
				.sort()
		: [];
	const errors: ContentIssue[] = [];
	const present: string[] = [];
	let sets = 0;
	let questionCount = 0;
	for (const name of names) {
		const stem = name.replace(/\.md$/, '');
		const file = `competitions/${name}`;
		present.push(competitionSetSlug(stem));
		const parsed = parseCompetitionFile(cleanText(readFileSync(join(folder, name), 'utf8'), { multiline: true }), file, stem, errors);
		if (!parsed) continue;
		await db.transaction(async (tx) => {
			const existing = await tx.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, parsed.slug)).get();
			const values = {
				kind: 'competition' as const,
				courseId: null,
				title: parsed.title,
				introHtml: parsed.introHtml,
				sourcePath: parsed.file,
				contentHash: parsed.hash,
				active: true
			};
			const setId = existing
				? (await tx.update(questionSets).set(values).where(eq(questionSets.id, existing.id)).run(), existing.id)
				: (await tx.insert(questionSets).values({ slug: parsed.slug, ...values }).returning({ id: questionSets.id }).get()).id;
			await syncQuestions(tx, setId, parsed.questions);
		});
		sets += 1;
		questionCount += parsed.questions.length;
	}
	await db.update(questionSets)
		.set({ active: false })
		.where(
			present.length
				? and(eq(questionSets.kind, 'competition'), like(questionSets.slug, `${SLUG_PREFIX}%`), notInArray(questionSets.slug, present))
				: and(eq(questionSets.kind, 'competition'), like(questionSets.slug, `${SLUG_PREFIX}%`))
		)
		.run();
	await contentChanged(db);
	return { sets, questions: questionCount, errors };
}
