import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, not } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { regulationArticles, regulations } from '../../db/schema/index.ts';
import { contentHash } from '../frontmatter.ts';
import type { ContentIssue } from '../issues.ts';
import { renderMarkdown } from '../markdown.ts';
import { parseRegulation, type ParsedRegulation } from './parse.ts';
import { cleanText } from '../../text.ts';

/**
 * Part of every content hash, so that a change in how texts are parsed or rendered reloads
 * regulations whose files did not change. Bump it when parse.ts or the rendering changes.
 */
const PARSER_VERSION = 'reg-1';

/** Regulation files in content/regulations: *.md and *.txt; README and _drafts are not regulations. */
export function regulationFiles(dir: string): string[] {
	const regDir = join(dir, 'regulations');
	if (!existsSync(regDir)) return [];
	return readdirSync(regDir, { withFileTypes: true })
		.filter((e) => e.isFile() && /\.(md|txt)$/i.test(e.name) && !/^[._]/.test(e.name) && !/^readme\./i.test(e.name))
		.map((e) => e.name)
		.sort();
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, '<br>');
}

function render(markdown: string, isMarkdown: boolean): string {
	if (!markdown) return '';
	if (isMarkdown) return renderMarkdown(markdown);
	// Plain text: nothing in it is markup, so every paragraph is shown exactly as written.
	return markdown
		.split('\n\n')
		.map((p) => `<p>${escapeHtml(p)}</p>`)
		.join('\n');
}

async function store(db: DB, parsed: ParsedRegulation, file: string, hash: string): Promise<void> {
	const isMarkdown = !/\.txt$/i.test(file);
	const values = {
		slug: parsed.meta.slug,
		title: parsed.meta.title,
		edition: parsed.meta.edition,
		issuer: parsed.meta.issuer,
		effectiveDate: parsed.meta.effectiveDate,
		numbering: parsed.numbering,
		preambleHtml: render(parsed.preamble, isMarkdown),
		sourcePath: file,
		contentHash: hash,
		isSample: parsed.meta.sample,
		active: true,
		updatedAt: new Date()
	};
	const articleRows = parsed.articles.map((a, i) => ({
		number: a.number,
		label: a.label,
		ordinal: i + 1,
		partTitle: a.partTitle,
		chapterTitle: a.chapterTitle,
		sectionTitle: a.sectionTitle,
		bodyText: a.body,
		bodyHtml: render(a.body, isMarkdown)
	}));
	await db.transaction(async (tx) => {
		const existing = await tx.select({ id: regulations.id }).from(regulations).where(eq(regulations.slug, values.slug)).get();
		let id: number;
		if (existing) {
			id = existing.id;
			await tx.update(regulations).set(values).where(eq(regulations.id, id)).run();
			await tx.delete(regulationArticles).where(eq(regulationArticles.regulationId, id)).run();
		} else {
			id = (await tx.insert(regulations).values(values).returning({ id: regulations.id }).get()).id;
		}
		for (let i = 0; i < articleRows.length; i += 200) {
			await tx.insert(regulationArticles)
				.values(articleRows.slice(i, i + 200).map((r) => ({ ...r, regulationId: id })))
				.run();
		}
	});
}

/**
 * Parses content/regulations and mirrors it into the database. A regulation is rewritten only
 * when its text changed. A broken file is reported and skipped: its last good version (if any)
 * stays readable, so a typo does not take a text away from readers. Regulations whose file is
 * gone are marked inactive (rows stay, so links in old quiz results still resolve to a title).
 */
export async function loadRegulations(db: DB, dir: string): Promise<{ loaded: number; errors: ContentIssue[] }> {
	const errors: ContentIssue[] = [];
	const loadedSlugs = new Map<string, string>();
	const brokenFiles: string[] = [];

	for (const name of regulationFiles(dir)) {
		const file = `regulations/${name}`;
		let source: string;
		try {
			source = cleanText(readFileSync(join(dir, 'regulations', name), 'utf8'), { multiline: true });
		} catch (e) {
			// The code (EACCES, EISDIR…) says enough; the full message would leak server paths.
			errors.push({ file, message: `无法读取文件（${(e as NodeJS.ErrnoException).code ?? '未知错误'}）` });
			brokenFiles.push(file);
			continue;
		}
		const parsed = parseRegulation(source, file);
		if (parsed.errors.length > 0) {
			errors.push(...parsed.errors);
			brokenFiles.push(file);
			continue;
		}
		const slug = parsed.meta.slug;
		const other = loadedSlugs.get(slug);
		if (other) {
			errors.push({ file, line: 1, message: `法规标识“${slug}”已被 ${other} 使用：请改文件名或在文件头写另一个 slug` });
			brokenFiles.push(file);
			continue;
		}
		loadedSlugs.set(slug, file);

		const hash = contentHash(`${PARSER_VERSION}\n${file}\n${source}`);
		const existing = await db
			.select({ id: regulations.id, hash: regulations.contentHash, active: regulations.active })
			.from(regulations)
			.where(eq(regulations.slug, slug))
			.get();
		if (existing?.hash === hash) {
			if (!existing.active) await db.update(regulations).set({ active: true }).where(eq(regulations.id, existing.id)).run();
			continue;
		}
		await store(db, parsed, file, hash);
	}

	const keep = [...loadedSlugs.keys()];
	await db.update(regulations)
		.set({ active: false })
		.where(
			and(
				eq(regulations.active, true),
				keep.length ? not(inArray(regulations.slug, keep)) : undefined,
				brokenFiles.length ? not(inArray(regulations.sourcePath, brokenFiles)) : undefined
			)
		)
		.run();

	return { loaded: loadedSlugs.size, errors };
}
