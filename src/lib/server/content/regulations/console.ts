import { randomBytes } from 'node:crypto';
import { and, eq, like, lt, ne } from 'drizzle-orm';
import { stringify } from 'yaml';
import type { DB } from '../../db/client.ts';
import { contentFiles, regulations } from '../../db/schema/index.ts';
import { readDocument } from '../files/documents.ts';
import { splitFrontMatter } from '../frontmatter.ts';
import type { ContentIssue } from '../issues.ts';
import { knownRegulations } from '../refs.ts';
import { parseRegulation, SLUG_PATTERN, type ParsedRegulation } from './parse.ts';
import { storeRegulation } from './load.ts';
import { REGULATION_STATUS_LABELS, type RegulationStatus } from '../../../vocabulary.ts';

// Publishing a regulation from the admin console: the upload is kept as a draft, previewed with
// what the parser made of it, then published with the admin's title, edition, issuer, effective
// date, status and slug as front matter — a file exactly like one in content/regulations, stored
// in content_files and loaded by the same loader from then on.

const DRAFT_PREFIX = 'drafts/regulation/';
const DRAFT_TOKEN = /^[a-z0-9]{20}$/;
const DRAFT_MAX_AGE_MS = 24 * 3600 * 1000;

export type RegulationMetaInput = { title: string; edition: string; issuer: string; effectiveDate: string; status: RegulationStatus; slug: string };

async function draftRow(db: DB, token: string) {
	if (!DRAFT_TOKEN.test(token)) return null;
	return (await db.select().from(contentFiles).where(like(contentFiles.path, `${DRAFT_PREFIX}${token}.%`)).get()) ?? null;
}

/** Reads an upload (or pasted text) and keeps it as a draft; returns the draft's token. */
export async function createRegulationDraft(db: DB, input: { bytes?: Uint8Array; filename?: string; text?: string; userId: number }): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
	let text: string;
	let ext: string;
	let originalName = '';
	if (input.bytes && input.filename) {
		const doc = await readDocument(input.bytes, input.filename);
		if (!doc.ok) return doc;
		text = doc.text;
		ext = doc.format === 'md' ? 'md' : 'txt';
		originalName = input.filename;
	} else {
		text = (input.text ?? '').replace(/\r\n?/g, '\n');
		ext = 'txt';
		if (!text.trim()) return { ok: false, message: '请选择文件，或把法规全文粘贴到文本框中' };
	}
	const token = randomBytes(15).toString('hex').slice(0, 20).replace(/[^a-z0-9]/g, 'a');
	await db.delete(contentFiles).where(and(like(contentFiles.path, `${DRAFT_PREFIX}%`), lt(contentFiles.updatedAt, new Date(Date.now() - DRAFT_MAX_AGE_MS)))).run();
	await db.insert(contentFiles).values({ path: `${DRAFT_PREFIX}${token}.${ext}`, text, originalName, updatedBy: input.userId, updatedAt: new Date() }).run();
	return { ok: true, token };
}

function bodyOf(text: string): string {
	try {
		return splitFrontMatter(text, 'draft').body;
	} catch {
		return text;
	}
}

/** A slug for a well-known text, from its title and the year of its edition. */
export function suggestSlug(title: string, edition: string, effectiveDate: string): string {
	const bare = title.replace(/[《》\s]/g, '').replace(/[（(][^）)]*[）)]$/, '');
	const year = /((?:19|20)\d\d)/.exec(edition)?.[1] ?? /((?:19|20)\d\d)/.exec(effectiveDate)?.[1];
	const known = knownRegulations().filter((k) => k.citation.replace(/[《》\s]/g, '').replace(/[（(][^）)]*[）)]$/, '') === bare);
	return (year ? known.find((k) => k.slug.endsWith(`-${year}`)) : known[0])?.slug ?? '';
}

export type DraftPreview = {
	token: string;
	originalName: string;
	format: string;
	parsed: ParsedRegulation;
	counts: { parts: number; chapters: number; sections: number; articles: number; appendices: number };
	suggested: RegulationMetaInput;
};

/** What the parser makes of a draft, with the given (or the file's own) title, slug and other fields. */
export async function previewRegulationDraft(db: DB, token: string, meta?: Partial<RegulationMetaInput>): Promise<DraftPreview | null> {
	const row = await draftRow(db, token);
	if (!row) return null;
	const ext = row.path.endsWith('.md') ? 'md' : 'txt';
	const file = `regulations/${meta?.slug || 'upload'}.${ext}`;
	const own = parseRegulation(row.text, file);
	const source = meta ? composeSource(row.text, { ...ownMeta(own), ...meta }) : row.text;
	const parsed = meta ? parseRegulation(source, file) : own;
	const m = parsed.meta;
	const numbered = (list: { number: number | null }[]) => list.filter((h) => h.number !== null).length;
	return {
		token,
		originalName: row.originalName,
		format: ext === 'md' ? 'Markdown' : row.originalName.toLowerCase().endsWith('.docx') ? 'Word（.docx）' : '纯文本',
		parsed,
		counts: { parts: numbered(parsed.parts), chapters: numbered(parsed.chapters), sections: numbered(parsed.sections), articles: parsed.articles.length, appendices: parsed.appendices.length },
		suggested: { title: m.title, edition: m.edition, issuer: m.issuer, effectiveDate: m.effectiveDate, status: m.status ?? 'current', slug: meta?.slug ?? (own.meta.slug !== 'upload' ? own.meta.slug : suggestSlug(m.title, m.edition, m.effectiveDate)) }
	};
}

function ownMeta(p: ParsedRegulation): RegulationMetaInput {
	return { title: p.meta.title, edition: p.meta.edition, issuer: p.meta.issuer, effectiveDate: p.meta.effectiveDate, status: p.meta.status ?? 'current', slug: p.meta.slug };
}

/** The published file: the admin's fields as front matter over the uploaded body. */
export function composeSource(draftText: string, meta: RegulationMetaInput): string {
	const front = stringify({
		title: meta.title,
		edition: meta.edition,
		issuer: meta.issuer,
		effective_date: meta.effectiveDate,
		status: REGULATION_STATUS_LABELS[meta.status],
		slug: meta.slug
	}).trimEnd();
	return `---\n${front}\n---\n${bodyOf(draftText)}`;
}

export type PublishResult = { ok: true; slug: string } | { ok: false; field?: keyof RegulationMetaInput; errors: ContentIssue[] };

export async function publishRegulationDraft(db: DB, token: string, meta: RegulationMetaInput, userId: number): Promise<PublishResult> {
	const row = await draftRow(db, token);
	if (!row) return { ok: false, errors: [{ file: '', message: '草稿已过期或不存在，请重新上传' }] };
	if (!SLUG_PATTERN.test(meta.slug)) return { ok: false, field: 'slug', errors: [{ file: '', message: '标识只能包含英文字母、数字和“-”“_”“.”，如 jilv-chufen-tiaoli-2023' }] };
	const fromFiles = await db.select({ id: regulations.id }).from(regulations).where(and(eq(regulations.slug, meta.slug), eq(regulations.origin, 'files'), eq(regulations.active, true))).get();
	if (fromFiles) return { ok: false, field: 'slug', errors: [{ file: '', message: `标识“${meta.slug}”已被内容目录（content/regulations）中的法规使用，请换一个标识，或修改该文件` }] };
	const ext = row.path.endsWith('.md') ? 'md' : 'txt';
	const path = `regulations/${meta.slug}.${ext}`;
	const source = composeSource(row.text, meta);
	const parsed = parseRegulation(source, path);
	if (parsed.errors.length) return { ok: false, errors: parsed.errors };
	await db.transaction(async (tx) => {
		// One upload per slug: publishing again replaces the text of that edition.
		await tx.delete(contentFiles).where(and(like(contentFiles.path, `regulations/${meta.slug}.%`), ne(contentFiles.path, path))).run();
		const existing = await tx.select({ id: contentFiles.id }).from(contentFiles).where(eq(contentFiles.path, path)).get();
		const values = { text: source, originalName: row.originalName, updatedBy: userId, updatedAt: new Date() };
		if (existing) await tx.update(contentFiles).set(values).where(eq(contentFiles.id, existing.id)).run();
		else await tx.insert(contentFiles).values({ path, ...values }).run();
		await tx.delete(contentFiles).where(eq(contentFiles.id, row.id)).run();
	});
	const stored = await storeRegulation(db, { file: path, origin: 'upload', text: source });
	if (!stored.ok) return { ok: false, errors: stored.errors };
	return { ok: true, slug: meta.slug };
}

export type PreviewTocEntry = { level: number; title: string; from: string; to: string; line: number };

/** The table of contents the parser found: every 编/章/节 (and unnumbered heading) with its articles. */
export function previewToc(parsed: ParsedRegulation): PreviewTocEntry[] {
	const level = { part: 0, chapter: 1, section: 2, group: 2 };
	const heads = [...parsed.parts, ...parsed.chapters, ...parsed.sections, ...parsed.groups].sort((a, b) => a.line - b.line);
	return heads.map((h, i) => {
		const end = heads.slice(i + 1).find((n) => level[n.kind] <= level[h.kind])?.line ?? Infinity;
		const inside = parsed.articles.filter((a) => a.line > h.line && a.line < end);
		return { level: level[h.kind], title: h.title, from: inside[0]?.label ?? '', to: inside.at(-1)?.label ?? '', line: h.line };
	});
}
