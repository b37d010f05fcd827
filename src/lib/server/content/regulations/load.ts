import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, like, not } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { contentFiles, regulationArticles, regulations } from '../../db/schema/index.ts';
import { contentHash } from '../frontmatter.ts';
import type { ContentIssue } from '../issues.ts';
import { renderInlineMarkdown, renderMarkdown } from '../markdown.ts';
import { readDocument } from '../files/documents.ts';
import { indexRegulationArticles } from '../search/documents.ts';
import { parseRegulation, type ParsedRegulation } from './parse.ts';
import { refreshEditions } from './edition-store.ts';
import { contentChanged } from '../catalog.ts';
import { cleanText } from '../../text.ts';

/**
 * Part of every content hash, so that a change in how texts are parsed or rendered reloads
 * regulations whose files did not change. Bump it when parse.ts or the rendering changes.
 */
const PARSER_VERSION = 'reg-2';

/** Regulation files in content/regulations: .md, .txt and .docx; README and _drafts are not regulations. */
export function regulationFiles(dir: string): string[] {
	const regDir = join(dir, 'regulations');
	if (!existsSync(regDir)) return [];
	return readdirSync(regDir, { withFileTypes: true })
		.filter((e) => e.isFile() && /\.(md|txt|docx)$/i.test(e.name) && !/^[._~]/.test(e.name) && !/^readme\./i.test(e.name))
		.map((e) => e.name)
		.sort();
}

/** The edition a slug names: jilv-chufen-tiaoli-2023 is edition 2023 of jilv-chufen-tiaoli. */
export function editionOf(slug: string): { work: string; key: string } {
	const m = /^(.*[^-])-((?:19|20)\d\d)$/.exec(slug);
	return m ? { work: m[1], key: m[2] } : { work: slug, key: '' };
}

/** The one content hash of a regulation text, whether it came from content/ or from an upload. */
export function regulationHash(text: string): string {
	return contentHash(`${PARSER_VERSION}\n${text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')}`);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, '<br>');
}

/**
 * Article or appendix text to HTML. `points`: in an item-numbered text (一、二、…) the "1." points
 * inside an item get their own anchor (art-3-1), so that /regulations/x/3.1 can point at one.
 */
export function renderRegulationText(markdown: string, isMarkdown: boolean, points?: { anchor: string }): string {
	if (!markdown) return '';
	return markdown
		.split('\n\n')
		.map((p) => {
			const point = points ? /^(\d{1,3})[.．]/.exec(p) : null;
			if (point) return `<p id="${points!.anchor}-${point[1]}" class="point">${isMarkdown ? renderInlineMarkdown(p) : escapeHtml(p)}</p>`;
			return isMarkdown ? renderMarkdown(p) : `<p>${escapeHtml(p)}</p>`;
		})
		.join('\n');
}

export type RegulationSource = { file: string; origin: 'files' | 'upload'; text: string };

async function store(db: DB, parsed: ParsedRegulation, source: RegulationSource, hash: string): Promise<number> {
	const isMarkdown = !/\.(txt|docx)$/i.test(source.file);
	const edition = editionOf(parsed.meta.slug);
	const values = {
		slug: parsed.meta.slug,
		title: parsed.meta.title,
		edition: parsed.meta.edition,
		issuer: parsed.meta.issuer,
		effectiveDate: parsed.meta.effectiveDate,
		numbering: parsed.numbering,
		preambleHtml: renderRegulationText(parsed.preamble, isMarkdown),
		sourcePath: source.file,
		contentHash: hash,
		isSample: parsed.meta.sample,
		active: true,
		updatedAt: new Date(),
		work: edition.work,
		editionKey: edition.key,
		statusDeclared: parsed.meta.status,
		appendices: parsed.appendices.map((a) => ({ title: a.title, html: renderRegulationText(a.body, isMarkdown) })),
		origin: source.origin
	};
	const articleRows = parsed.articles.map((a, i) => ({
		number: a.number,
		label: a.label,
		ordinal: i + 1,
		partTitle: a.partTitle,
		chapterTitle: a.chapterTitle,
		sectionTitle: a.sectionTitle,
		bodyText: a.body,
		bodyHtml: renderRegulationText(a.body, isMarkdown, parsed.numbering === 'item' ? { anchor: `art-${a.number}` } : undefined)
	}));
	return await db.transaction(async (tx) => {
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
		const unit = parsed.numbering === 'item' ? '项' : '条';
		await indexRegulationArticles(
			tx,
			id,
			parsed.meta.title,
			parsed.articles.map((a) => ({ number: a.number, label: parsed.numbering === 'item' ? `第${a.label.replace(/、$/, '')}${unit}` : a.label, body: a.body }))
		);
		// Pages forget the old text at commit, not only after the editions are worked out below.
		await contentChanged(tx);
		return id;
	});
}

/** Every regulation source: files in content/regulations, then texts published in the admin console. */
export async function regulationSources(db: DB, dir: string, errors: ContentIssue[]): Promise<RegulationSource[]> {
	const sources: RegulationSource[] = [];
	const uploads = await db.select({ path: contentFiles.path, text: contentFiles.text }).from(contentFiles).where(like(contentFiles.path, 'regulations/%')).orderBy(contentFiles.path).all();
	for (const u of uploads) sources.push({ file: u.path, origin: 'upload', text: cleanText(u.text, { multiline: true }) });
	for (const name of regulationFiles(dir)) {
		const file = `regulations/${name}`;
		let bytes: Uint8Array;
		try {
			bytes = readFileSync(join(dir, 'regulations', name));
		} catch (e) {
			// The code (EACCES, EISDIR…) says enough; the full message would leak server paths.
			errors.push({ file, message: `无法读取文件（${(e as NodeJS.ErrnoException).code ?? '未知错误'}）` });
			sources.push({ file, origin: 'files', text: '' });
			continue;
		}
		const doc = await readDocument(bytes, name);
		if (!doc.ok) {
			errors.push({ file, message: doc.message });
			sources.push({ file, origin: 'files', text: '' });
			continue;
		}
		sources.push({ file, origin: 'files', text: cleanText(doc.text, { multiline: true }) });
	}
	return sources;
}

/**
 * Parses content/regulations and the regulations published in the admin console, and mirrors them
 * into the database. A regulation is rewritten only when its text changed. A broken source is
 * reported and skipped: its last good version (if any) stays readable, so a typo does not take a
 * text away from readers. Regulations whose source is gone are marked inactive (rows stay, so
 * links in old quiz results still resolve to a title).
 */
export async function loadRegulations(db: DB, dir: string): Promise<{ loaded: number; errors: ContentIssue[]; warnings: ContentIssue[] }> {
	const errors: ContentIssue[] = [];
	const warnings: ContentIssue[] = [];
	const loadedSlugs = new Map<string, string>();
	const brokenFiles: string[] = [];
	const unreadable = new Set<string>();
	const sources = await regulationSources(db, dir, errors);
	for (const e of errors) unreadable.add(e.file);

	for (const source of sources) {
		const { file } = source;
		if (unreadable.has(file)) {
			brokenFiles.push(file);
			continue;
		}
		const parsed = parseRegulation(source.text, file);
		if (parsed.errors.length > 0) {
			errors.push(...parsed.errors);
			brokenFiles.push(file);
			continue;
		}
		warnings.push(...parsed.warnings);
		const slug = parsed.meta.slug;
		const other = loadedSlugs.get(slug);
		if (other) {
			const by = other.startsWith('regulations/') && sources.find((s) => s.file === other)?.origin === 'upload' ? '管理后台发布的版本' : other;
			errors.push({ file, line: 1, message: `法规标识“${slug}”已被 ${by} 使用：请改文件名或在文件头写另一个 slug` });
			brokenFiles.push(file);
			continue;
		}
		loadedSlugs.set(slug, file);

		const hash = regulationHash(source.text);
		const existing = await db
			.select({ id: regulations.id, hash: regulations.contentHash, active: regulations.active, sourcePath: regulations.sourcePath })
			.from(regulations)
			.where(eq(regulations.slug, slug))
			.get();
		if (existing?.hash === hash && existing.sourcePath === file) {
			if (!existing.active) {
				await db.update(regulations).set({ active: true }).where(eq(regulations.id, existing.id)).run();
				await contentChanged(db);
			}
			continue;
		}
		await store(db, parsed, source, hash);
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
	await contentChanged(db);
	await refreshEditions(db);
	return { loaded: loadedSlugs.size, errors, warnings };
}

/** Parses, stores and indexes one regulation source now (a publish from the admin console). */
export async function storeRegulation(db: DB, source: RegulationSource): Promise<{ ok: true; id: number } | { ok: false; errors: ContentIssue[] }> {
	const parsed = parseRegulation(source.text, source.file);
	if (parsed.errors.length) return { ok: false, errors: parsed.errors };
	const id = await store(db, parsed, source, regulationHash(source.text));
	await refreshEditions(db);
	return { ok: true, id };
}
