import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestDatabase, snapshotAllRows } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { files, users, writingSubmissions } from '../db/schema/index.ts';
import { createUnit, scopeFor } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { fakeExecutable, makeDocx } from '../files/testing.ts';
import { mayViewFile } from '../files/access.ts';
import { saveCollection, getCollection, type CollectionDraft } from './collections.ts';
import { authorView, reviewSubmission, saveSubmission, withdrawSubmission, type Author } from './submissions.ts';
import { collectionStandings, galleryOf, learnerCollections, piecesOf, standingCounts, writingsOf } from './overview.ts';
import { collectionXlsx, collectionZip } from '../exports/writings.ts';
import { fileHeaders } from '../files/serve.ts';
import { readZip } from '../uploads/zip.ts';
import ExcelJS from 'exceljs';

const at = (s: string) => parseLocalDateTime(s)!;
const dir = mkdtempSync(join(tmpdir(), 'qf-files-'));
process.env.FILES_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: DB;
const u = {} as Record<'root' | 'a' | 'b' | 'other', { id: number; path: string }>;
const p = {} as Record<'org' | 'a1' | 'a2' | 'b1' | 'x1', Author & { role: string }>;

const filesOnDisk = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const count_ = async (table: typeof files | typeof writingSubmissions) => (await db.select({ n: count() }).from(table).get())!.n;

async function person(username: string, name: string, unitId: number, role: 'learner' | 'organizer' = 'learner') {
	const row = await db.insert(users).values({ username, name, orgUnitId: unitId, role, passwordHash: '!', mustChangePassword: false }).returning().get();
	return { id: row.id, name, orgUnitId: unitId, isLeader: false, role };
}

const draft = (over: Partial<CollectionDraft> = {}): CollectionDraft => ({
	kind: '心得体会',
	title: '学习《纪律处分条例》心得体会',
	theme: '结合本职工作谈体会',
	unitId: u.a.id,
	audience: 'all',
	usernames: [],
	dueDate: '2099-06-30',
	minChars: 20,
	allowText: true,
	docxMaxMb: 5,
	imageMaxMb: 1,
	pdfMaxMb: null,
	...over
});

beforeAll(async () => {
	db = await createTestDatabase();
	u.root = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	u.a = await createUnit(db, { parentId: u.root.id, name: '第一支部', kind: '党支部' });
	u.b = await createUnit(db, { parentId: u.root.id, name: '第二支部', kind: '党支部' });
	u.other = await createUnit(db, { parentId: null, name: '其他单位', kind: '单位' });
	p.org = await person('org', '组织员', u.root.id, 'organizer');
	p.a1 = await person('a1', '安一', u.a.id);
	p.a2 = await person('a2', '安二', u.a.id);
	p.b1 = await person('b1', '白一', u.b.id);
	p.x1 = await person('x1', '谢外', u.other.id, 'organizer');
});

async function open(over: Partial<CollectionDraft> = {}) {
	const result = await saveCollection(db, { scope: await scopeFor(db, p.org), actorId: p.org.id, draft: draft(over) });
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return (await getCollection(db, null, result.id))!;
}

const TEXT = '通过学习纪律处分条例，我深刻认识到严守纪律是每名党员的基本要求，今后要以案为鉴、警钟长鸣。';

describe('handing in a piece', () => {
	it('keeps drafts private, checks the minimum length, and lets the author withdraw before review', async () => {
		const c = await open();
		expect(await saveSubmission(db, p.a1, c.id, { title: '', body: '草稿', uploads: [], removeFileIds: [] }, false)).toMatchObject({ ok: true, submitted: false });
		expect((await collectionStandings(db, c)).map((r) => [r.name, r.standing])).toEqual([
			['安一', 'none'],
			['安二', 'none']
		]);
		expect(await saveSubmission(db, p.a1, c.id, { title: '我的体会', body: '太短了', uploads: [], removeFileIds: [] }, true)).toEqual({ ok: false, field: 'body', message: '字数不足：本次征集要求至少 20 字，现有 3 字（不计空格）' });
		expect(await saveSubmission(db, p.a1, c.id, { title: '', body: TEXT, uploads: [], removeFileIds: [] }, true)).toMatchObject({ ok: false, field: 'title' });
		expect(await saveSubmission(db, p.a1, c.id, { title: '我的体会', body: TEXT, uploads: [], removeFileIds: [] }, true)).toMatchObject({ ok: true, submitted: true });
		expect(await saveSubmission(db, p.a1, c.id, { title: '改一下', body: TEXT, uploads: [], removeFileIds: [] }, false)).toMatchObject({ ok: false, message: expect.stringContaining('请先撤回') });
		expect(await withdrawSubmission(db, p.a1, c.id)).toEqual({ ok: true });
		expect((await authorView(db, p.a1, c.id))!.submission?.status).toBe('draft');
		expect((await authorView(db, p.a1, c.id))!.events.map((e) => e.action)).toEqual(['submitted', 'withdrawn']);
		// Not addressed: someone of another branch.
		expect(await authorView(db, p.b1, c.id)).toBeUndefined();
	});

	it('reads a Word document’s text for the length and for reading, and serves it only to those allowed', async () => {
		const c = await open({ title: 'Word 心得', minChars: 10 });
		const docx = makeDocx(['学习心得', '纪律是管党治党的戒尺，要把纪律挺在前面，做到知敬畏、存戒惧、守底线。']);
		const saved = await saveSubmission(db, p.a2, c.id, { title: '知敬畏 存戒惧 守底线', body: '', uploads: [{ name: '心得.docx', bytes: docx }], removeFileIds: [] }, true);
		expect(saved).toMatchObject({ ok: true, submitted: true });
		const piece = (await authorView(db, p.a2, c.id))!.submission!;
		expect(piece.files).toHaveLength(1);
		expect(piece.files[0]).toMatchObject({ name: '心得.docx', kind: 'docx' });
		expect(piece.files[0].textHtml).toBe('<h1>学习心得</h1><p>纪律是管党治党的戒尺，要把纪律挺在前面，做到知敬畏、存戒惧、守底线。</p>');
		expect(piece.files[0].charCount).toBe(4 + 34); // heading and paragraph, punctuation included
		const fileId = piece.files[0].fileId;
		expect(await mayViewFile(db, { ...p.a2, role: 'learner' }, fileId)).toBe(true);
		expect(await mayViewFile(db, { ...p.org, role: 'organizer' }, fileId)).toBe(true);
		expect(await mayViewFile(db, { ...p.x1, role: 'organizer' }, fileId)).toBe(false);
		expect(await mayViewFile(db, { ...p.a1, role: 'learner' }, fileId)).toBe(false);

		// Accepted and published: now the people of 第一支部 may see it, still nobody outside.
		expect(await reviewSubmission(db, { collectionId: c.id, submissionId: piece.id, actorId: p.org.id, review: { action: 'publish', value: true } })).toMatchObject({ ok: false });
		expect(await reviewSubmission(db, { collectionId: c.id, submissionId: piece.id, actorId: p.org.id, review: { action: 'accept' } })).toMatchObject({ ok: true });
		expect(await reviewSubmission(db, { collectionId: c.id, submissionId: piece.id, actorId: p.org.id, review: { action: 'publish', value: true } })).toMatchObject({ ok: true });
		expect(await mayViewFile(db, { ...p.a1, role: 'learner' }, fileId)).toBe(true);
		expect(await mayViewFile(db, { ...p.b1, role: 'learner' }, fileId)).toBe(false);
		expect((await galleryOf(db, p.a1, c, false))!.map((x) => x.title)).toEqual(['知敬畏 存戒惧 守底线']);
		expect(await galleryOf(db, p.b1, c, false)).toBeUndefined();
	});

	it('refuses a forged Word document and an oversized image, storing nothing at all', async () => {
		const c = await open({ title: '伪造文件' });
		const before = { snapshot: await snapshotAllRows(db), disk: filesOnDisk() };
		const exe = await saveSubmission(db, p.a1, c.id, { title: '伪装', body: TEXT, uploads: [{ name: '心得体会.docx', bytes: fakeExecutable() }], removeFileIds: [] }, false);
		expect(exe).toEqual({ ok: false, field: 'files', message: expect.stringContaining('“心得体会.docx”是可执行程序或脚本，不能上传') });
		const raw = Buffer.alloc(1200 * 1200 * 3);
		for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
		const bigImage = await sharp(raw, { raw: { width: 1200, height: 1200, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
		const big = await saveSubmission(db, p.a1, c.id, { title: '大图', body: TEXT, uploads: [{ name: 'photo.png', bytes: bigImage }], removeFileIds: [] }, true);
		expect(big).toEqual({ ok: false, field: 'files', message: expect.stringContaining('超过了图片（JPG、PNG、WebP）的上限 1 MB') });
		// A good file next to a bad one: the good one is not kept either.
		const mixed = await saveSubmission(db, p.a1, c.id, { title: '混合', body: TEXT, uploads: [{ name: 'ok.docx', bytes: makeDocx(['好文件']) }, { name: 'bad.docx', bytes: fakeExecutable() }], removeFileIds: [] }, false);
		expect(mixed.ok).toBe(false);
		expect(await snapshotAllRows(db)).toBe(before.snapshot);
		expect(filesOnDisk()).toBe(before.disk);
	});

	it('goes through 退回修改 and back, then 采纳, 优秀 and the gallery', async () => {
		const c = await open({ title: '往返', minChars: 0 });
		const image = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#246' } }).png().toBuffer();
		await saveSubmission(db, p.a1, c.id, { title: '家风', body: TEXT, uploads: [{ name: '书法.png', bytes: image }], removeFileIds: [] }, true);
		const id = (await authorView(db, p.a1, c.id))!.submission!.id;
		const review = (r: Parameters<typeof reviewSubmission>[1]['review']) => reviewSubmission(db, { collectionId: c.id, submissionId: id, actorId: p.org.id, review: r });
		expect(await review({ action: 'return', comment: ' ' })).toEqual({ ok: false, message: '退回修改时请填写修改意见' });
		expect(await review({ action: 'return', comment: '请结合本职工作再充实。' })).toMatchObject({ ok: true });
		expect(await withdrawSubmission(db, p.a1, c.id)).toMatchObject({ ok: false });
		const returned = (await authorView(db, p.a1, c.id))!;
		expect(returned).toMatchObject({ canEdit: true, submission: { status: 'returned', reviewComment: '请结合本职工作再充实。' } });

		// The author replaces the picture and hands it in again.
		const oldFileId = returned.submission!.files[0].fileId;
		const diskBefore = filesOnDisk();
		const again = await saveSubmission(db, p.a1, c.id, { title: '家风（修改稿）', body: `${TEXT}结合本职工作……`, uploads: [{ name: 'new.png', bytes: image }], removeFileIds: [oldFileId] }, true);
		expect(again).toMatchObject({ ok: true, submitted: true });
		expect(filesOnDisk()).toBe(diskBefore);
		expect(await mayViewFile(db, { ...p.a1, role: 'learner' }, oldFileId)).toBe(false);

		expect(await review({ action: 'excellent', value: true })).toMatchObject({ ok: false });
		expect(await review({ action: 'accept' })).toMatchObject({ ok: true });
		expect(await review({ action: 'excellent', value: true })).toMatchObject({ ok: true });
		expect(await review({ action: 'publish', value: true })).toMatchObject({ ok: true });
		expect(await saveSubmission(db, p.a1, c.id, { title: 'x', body: TEXT, uploads: [], removeFileIds: [] }, false)).toMatchObject({ ok: false, message: '作品已被采纳，不能再修改' });
		expect((await authorView(db, p.a1, c.id))!.events.map((e) => e.action)).toEqual(['submitted', 'returned', 'submitted', 'accepted', 'excellent', 'published']);

		const [gallery] = (await galleryOf(db, p.a2, c, false))!;
		expect(gallery).toMatchObject({ title: '家风（修改稿）', excellent: true, authorName: '安一' });
		expect(gallery.files.map((f) => f.name)).toEqual(['new.jpg']);
		const counts = standingCounts(await collectionStandings(db, c));
		expect(counts.all).toEqual({ total: 2, none: 1, submitted: 0, returned: 0, accepted: 1, excellent: 1, published: 1 });
		expect((await writingsOf(db, p.a1.id)).find((w) => w.collectionId === c.id)).toMatchObject({ status: 'accepted', excellent: true, published: true, kind: '心得体会' });
		expect((await learnerCollections(db, p.a2)).find((l) => l.id === c.id)).toMatchObject({ standing: 'none', galleryCount: 1 });
	});

	it('stops new pieces after the due date, but takes a returned piece back', async () => {
		const c = await open({ title: '已截止', dueDate: '2026-01-31', minChars: 0 });
		const late = await saveSubmission(db, p.a2, c.id, { title: '迟到', body: TEXT, uploads: [], removeFileIds: [] }, true, at('2026-02-01T00:00'));
		expect(late).toEqual({ ok: false, message: '征集已于2026年1月31日截止，不再接收作品' });
		await saveSubmission(db, p.a1, c.id, { title: '按时', body: TEXT, uploads: [], removeFileIds: [] }, true, at('2026-01-31T23:00'));
		const id = (await authorView(db, p.a1, c.id, at('2026-02-01T09:00')))!.submission!.id;
		await reviewSubmission(db, { collectionId: c.id, submissionId: id, actorId: p.org.id, review: { action: 'return', comment: '补充' }, now: at('2026-02-01T09:00') });
		expect(await saveSubmission(db, p.a1, c.id, { title: '按时（补充）', body: TEXT, uploads: [], removeFileIds: [] }, true, at('2026-02-02T09:00'))).toMatchObject({ ok: true });
	});

	it('lets a text-only collection refuse files and a files-only collection refuse typed text', async () => {
		const textOnly = await open({ title: '只收文字', docxMaxMb: null, imageMaxMb: null, minChars: 0 });
		expect(await saveSubmission(db, p.a1, textOnly.id, { title: 't', body: TEXT, uploads: [{ name: 'a.docx', bytes: makeDocx(['x']) }], removeFileIds: [] }, false)).toMatchObject({ ok: false, field: 'files' });
		const filesOnly = await open({ kind: '书画', title: '只收图片', allowText: false, docxMaxMb: null, minChars: 0 });
		expect(await saveSubmission(db, p.a1, filesOnly.id, { title: 't', body: TEXT, uploads: [], removeFileIds: [] }, false)).toMatchObject({ ok: false, field: 'body' });
		expect(await count_(files)).toBeGreaterThan(0);
	});
});

describe('a collection for the 台账', () => {
	it('exports the list (handed in, and who has not), every file as a ZIP, and serves files with safe headers', async () => {
		const c = await open({ title: '导出测试', minChars: 0 });
		await saveSubmission(db, p.a1, c.id, { title: '带附件', body: TEXT, uploads: [{ name: '心得.docx', bytes: makeDocx(['标题', '正文内容']) }, { name: '心得.docx', bytes: makeDocx(['第二份']) }], removeFileIds: [] }, true);
		await saveSubmission(db, p.a2, c.id, { title: '草稿', body: TEXT, uploads: [], removeFileIds: [] }, false);
		const pieces = await piecesOf(db, c.id);
		expect(pieces.map((x) => x.title)).toEqual(['带附件']);

		const zip = await new Response(await collectionZip(db, pieces)).arrayBuffer();
		const entries = await readZip(new Uint8Array(zip), { maxEntries: 100, maxEntryBytes: 10 * 1024 * 1024, maxTotalBytes: 10 * 1024 * 1024 });
		expect(entries.ok && [...entries.entries.keys()]).toEqual(['第一支部-安一-带附件/正文.txt', '第一支部-安一-带附件/心得.docx', '第一支部-安一-带附件/心得(2).docx']);
		expect(entries.ok && new TextDecoder().decode(entries.entries.get('第一支部-安一-带附件/正文.txt'))).toContain(TEXT);

		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await collectionXlsx(c, await collectionStandings(db, c), pieces)) as unknown as ArrayBuffer);
		const sheet = wb.getWorksheet('作品')!;
		expect((sheet.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['安一', 'a1', '第一支部', '带附件', '待审阅']);
		expect(wb.getWorksheet('未提交')!.getColumn(2).values.slice(2)).toEqual(['a2']);

		const [docx] = pieces[0].files;
		const headers = fileHeaders({ kind: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: docx.name, size: docx.size });
		expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'content-security-policy': expect.stringContaining('sandbox') });
		expect(headers['content-disposition']).toMatch(/^attachment; filename="__\.docx"; filename\*=UTF-8''%E5%BF%83%E5%BE%97\.docx$/);
		expect(fileHeaders({ kind: 'image', mimeType: 'image/jpeg', name: 'a.jpg', size: 1 })['content-disposition']).toMatch(/^inline;/);
		expect(fileHeaders({ kind: 'image', mimeType: 'image/jpeg', name: 'a.jpg', size: 1 }, { download: true })['content-disposition']).toMatch(/^attachment;/);
	});
});
