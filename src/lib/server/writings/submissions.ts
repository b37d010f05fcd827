import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { files, writingEvents, writingFiles, writingSubmissions, type WritingSubmission } from '../db/schema/index.ts';
import { inspectUpload, type InspectedFile } from '../files/inspect.ts';
import { docxText, countChars } from '../files/docx.ts';
import { MAX_FILES_PER_SUBMISSION } from '../files/limits.ts';
import { removeStored, storeFiles } from '../files/store.ts';
import { formatDate } from '../../time.ts';
import { acceptOf, collectionById, collectionDueEnd, collectionIdsFor, type CollectionSummary, type PersonRef } from './collections.ts';
import type { FileKind, SubmissionEvent, SubmissionStatus } from '../../vocabulary.ts';

// A person's piece for a collection. One per person and collection; drafts are kept until handed
// in; a piece handed in may be withdrawn until the organizer reviews it; a piece returned for
// changes (退回修改) is edited and handed in again. Every request either does all it asked or
// nothing: a refused file refuses the whole save, and no file is stored without its row.

export const SUBMISSION_TITLE_MAX = 100;
export const SUBMISSION_BODY_MAX = 50_000;

export type Author = PersonRef & { name: string };
export type Upload = { name: string; bytes: Uint8Array };

export type AttachedFile = { id: number; fileId: number; name: string; kind: FileKind; size: number; textHtml: string; charCount: number; width: number | null; height: number | null };

export async function attachedFiles(db: DB, submissionIds: number[]): Promise<Map<number, AttachedFile[]>> {
	const out = new Map<number, AttachedFile[]>();
	if (!submissionIds.length) return out;
	const rows = await db
		.select({ submissionId: writingFiles.submissionId, id: writingFiles.id, fileId: files.id, name: files.name, kind: files.kind, size: files.size, textHtml: writingFiles.textHtml, charCount: writingFiles.charCount, width: files.width, height: files.height })
		.from(writingFiles)
		.innerJoin(files, eq(files.id, writingFiles.fileId))
		.where(inArray(writingFiles.submissionId, submissionIds))
		.orderBy(asc(writingFiles.ordinal), asc(writingFiles.id))
		.all();
	for (const { submissionId, ...f } of rows) out.set(submissionId, [...(out.get(submissionId) ?? []), f]);
	return out;
}

export async function eventsOf(db: DB, submissionId: number) {
	return await db.select().from(writingEvents).where(eq(writingEvents.submissionId, submissionId)).orderBy(asc(writingEvents.at), asc(writingEvents.id)).all();
}

export type AuthorView = {
	collection: CollectionSummary;
	addressed: boolean;
	submission: (WritingSubmission & { files: AttachedFile[] }) | null;
	events: Awaited<ReturnType<typeof eventsOf>>;
	/** New pieces are accepted until the end of the due date; a returned piece may be handed in again later. */
	open: boolean;
	canEdit: boolean;
	canWithdraw: boolean;
};

/** The author's page: undefined when the collection does not ask them and they never wrote for it. */
export async function authorView(db: DB, user: Author, collectionId: number, now = new Date()): Promise<AuthorView | undefined> {
	const collection = await collectionById(db, collectionId);
	if (!collection) return undefined;
	const addressed = (await collectionIdsFor(db, user)).includes(collectionId);
	const row = await db.select().from(writingSubmissions).where(and(eq(writingSubmissions.collectionId, collectionId), eq(writingSubmissions.userId, user.id))).get();
	if (!addressed && !row) return undefined;
	const open = now.getTime() < collectionDueEnd(collection).getTime();
	const status = row?.status ?? 'draft';
	return {
		collection,
		addressed,
		submission: row ? { ...row, files: (await attachedFiles(db, [row.id])).get(row.id) ?? [] } : null,
		events: row ? await eventsOf(db, row.id) : [],
		open,
		canEdit: status === 'returned' || (status === 'draft' && open && (addressed || !!row)),
		canWithdraw: status === 'submitted'
	};
}

export type SaveInput = { title: string; body: string; uploads: Upload[]; removeFileIds: number[] };
export type SaveResult = { ok: true; submissionId: number; submitted: boolean } | { ok: false; message: string; field?: 'title' | 'body' | 'files' };

class Refused extends Error {}

/**
 * Saves the author's draft and, with `submit`, hands it in. Files are checked by content first;
 * the first one refused refuses the whole request, and nothing is stored.
 */
export async function saveSubmission(db: DB, user: Author, collectionId: number, input: SaveInput, submit: boolean, now = new Date()): Promise<SaveResult> {
	const view = await authorView(db, user, collectionId, now);
	if (!view) return { ok: false, message: '征集不存在' };
	const c = view.collection;
	const current = view.submission;
	if (current?.status === 'submitted') return { ok: false, message: '作品已提交，等待审阅；如需修改请先撤回' };
	if (current?.status === 'accepted') return { ok: false, message: '作品已被采纳，不能再修改' };
	if (!view.canEdit) return { ok: false, message: `征集已于${formatDate(new Date(collectionDueEnd(c).getTime() - 1))}截止，不再接收作品` };
	const title = input.title;
	const body = input.body;
	if ([...title].length > SUBMISSION_TITLE_MAX) return { ok: false, field: 'title', message: `标题不能超过 ${SUBMISSION_TITLE_MAX} 个字` };
	if ([...body].length > SUBMISSION_BODY_MAX) return { ok: false, field: 'body', message: `正文不能超过 ${SUBMISSION_BODY_MAX} 个字` };
	if (body.trim() && !c.allowText) return { ok: false, field: 'body', message: '本次征集不接受在线输入的文字，请上传文件' };

	const kept = (current?.files ?? []).filter((f) => !input.removeFileIds.includes(f.fileId));
	const uploads = input.uploads.filter((u) => u.bytes.length > 0 || u.name !== '');
	if (uploads.length && !Object.keys(acceptOf(c)).length) return { ok: false, field: 'files', message: '本次征集不接受上传文件，请在线输入文字' };
	if (kept.length + uploads.length > MAX_FILES_PER_SUBMISSION) return { ok: false, field: 'files', message: `每件作品最多 ${MAX_FILES_PER_SUBMISSION} 个文件` };
	const inspected: { file: InspectedFile; textHtml: string; charCount: number }[] = [];
	for (const u of uploads) {
		const result = await inspectUpload(u.bytes, u.name, acceptOf(c));
		if (!result.ok) return { ok: false, field: 'files', message: result.message };
		let text = { html: '', charCount: 0 };
		if (result.file.kind === 'docx') {
			try {
				text = await docxText(result.file);
			} catch {
				return { ok: false, field: 'files', message: `无法读取“${u.name.slice(0, 80)}”的内容，请用 Word 或 WPS 重新另存为 .docx 后上传，未保存` };
			}
		}
		inspected.push({ file: result.file, textHtml: text.html, charCount: text.charCount });
	}

	if (submit) {
		if (!title.trim()) return { ok: false, field: 'title', message: '请填写作品标题' };
		const docxChars = [...kept, ...inspected.map((i) => ({ kind: i.file.kind, charCount: i.charCount }))].filter((f) => f.kind === 'docx').reduce((n, f) => n + f.charCount, 0);
		const hasDocx = kept.some((f) => f.kind === 'docx') || inspected.some((i) => i.file.kind === 'docx');
		const total = countChars(body) + docxChars;
		if (!body.trim() && !kept.length && !inspected.length) return { ok: false, field: 'body', message: '请填写正文或上传文件后再提交' };
		// Only text can be measured: a piece of images or PDF alone (书画, scanned letters) is not.
		if (c.minChars > 0 && (body.trim() || hasDocx) && total < c.minChars) {
			return { ok: false, field: 'body', message: `字数不足：本次征集要求至少 ${c.minChars} 字，现有 ${total} 字（不计空格）` };
		}
	}

	let removedKeys: string[] = [];
	try {
		const result = await storeFiles(db, { files: inspected.map((i) => i.file), uploadedBy: user.id, now }, async (tx, fileIds) => {
			const row = await tx.select().from(writingSubmissions).where(and(eq(writingSubmissions.collectionId, c.id), eq(writingSubmissions.userId, user.id))).get();
			if ((row?.status ?? 'draft') !== (current?.status ?? 'draft')) throw new Refused('作品状态已变化，请刷新页面后再试');
			let id = row?.id;
			const fields = { title, body, updatedAt: now, ...(submit ? { status: 'submitted' as const, submittedAt: now, unitId: user.orgUnitId } : {}) };
			if (id === undefined) id = (await tx.insert(writingSubmissions).values({ collectionId: c.id, userId: user.id, status: 'draft', createdAt: now, ...fields }).returning({ id: writingSubmissions.id }).get()).id;
			else await tx.update(writingSubmissions).set(fields).where(eq(writingSubmissions.id, id)).run();
			const removed = (current?.files ?? []).filter((f) => input.removeFileIds.includes(f.fileId)).map((f) => f.fileId);
			removedKeys = removed.length ? (await tx.select({ key: files.storageKey }).from(files).where(inArray(files.id, removed)).all()).map((r) => r.key) : [];
			if (removed.length) await tx.delete(files).where(inArray(files.id, removed)).run();
			const start = kept.length;
			for (const [i, fileId] of fileIds.entries()) {
				await tx.insert(writingFiles).values({ submissionId: id, fileId, ordinal: start + i, textHtml: inspected[i].textHtml, charCount: inspected[i].charCount }).run();
			}
			if (submit) await tx.insert(writingEvents).values({ submissionId: id, action: 'submitted', actorId: user.id, at: now }).run();
			return id;
		});
		await removeStored(removedKeys);
		return { ok: true, submissionId: result, submitted: submit };
	} catch (e) {
		if (e instanceof Refused) return { ok: false, message: e.message };
		throw e;
	}
}

/** Takes a piece back before the organizer has reviewed it; it becomes a draft again. */
export async function withdrawSubmission(db: DB, user: Author, collectionId: number, now = new Date()): Promise<{ ok: true } | { ok: false; message: string }> {
	const row = await db
		.update(writingSubmissions)
		.set({ status: 'draft', updatedAt: now })
		.where(and(eq(writingSubmissions.collectionId, collectionId), eq(writingSubmissions.userId, user.id), eq(writingSubmissions.status, 'submitted')))
		.returning({ id: writingSubmissions.id })
		.get();
	if (!row) return { ok: false, message: '只有已提交、尚未审阅的作品可以撤回' };
	await db.insert(writingEvents).values({ submissionId: row.id, action: 'withdrawn', actorId: user.id, at: now }).run();
	return { ok: true };
}

export type ReviewAction = { action: 'return'; comment: string } | { action: 'accept' } | { action: 'excellent'; value: boolean } | { action: 'publish'; value: boolean };

const REVIEW_FROM: Record<ReviewAction['action'], SubmissionStatus> = { return: 'submitted', accept: 'submitted', excellent: 'accepted', publish: 'accepted' };

/**
 * The organizer's review of a piece handed in (the caller has checked the collection is in scope).
 * 采纳 or 退回修改 (with a comment) a piece waiting for review; mark an accepted piece 优秀, or show it
 * in the unit's gallery.
 */
export async function reviewSubmission(db: DB, input: { collectionId: number; submissionId: number; actorId: number; review: ReviewAction; now?: Date }): Promise<{ ok: true; message: string } | { ok: false; message: string }> {
	const now = input.now ?? new Date();
	const r = input.review;
	if (r.action === 'return' && !r.comment.trim()) return { ok: false, message: '退回修改时请填写修改意见' };
	return await db.transaction(async (tx) => {
		const row = await tx
			.select()
			.from(writingSubmissions)
			.where(and(eq(writingSubmissions.id, input.submissionId), eq(writingSubmissions.collectionId, input.collectionId)))
			.get();
		if (!row || row.status === 'draft') return { ok: false as const, message: '作品不存在' };
		if (row.status !== REVIEW_FROM[r.action]) {
			return { ok: false as const, message: r.action === 'return' || r.action === 'accept' ? '只能审阅已提交、等待审阅的作品' : '只有已采纳的作品可以评为优秀或发布' };
		}
		let event: SubmissionEvent;
		let message: string;
		if (r.action === 'return') {
			await tx.update(writingSubmissions).set({ status: 'returned', reviewComment: r.comment.trim(), reviewedBy: input.actorId, reviewedAt: now, updatedAt: now }).where(eq(writingSubmissions.id, row.id)).run();
			[event, message] = ['returned', '已退回修改，作者会看到修改意见。'];
		} else if (r.action === 'accept') {
			await tx.update(writingSubmissions).set({ status: 'accepted', reviewedBy: input.actorId, reviewedAt: now, updatedAt: now }).where(eq(writingSubmissions.id, row.id)).run();
			[event, message] = ['accepted', '已采纳。'];
		} else if (r.action === 'excellent') {
			if (row.excellent === r.value) return { ok: true as const, message: r.value ? '已是优秀作品。' : '未评为优秀。' };
			await tx.update(writingSubmissions).set({ excellent: r.value, updatedAt: now }).where(eq(writingSubmissions.id, row.id)).run();
			[event, message] = r.value ? ['excellent', '已评为优秀作品。'] : ['not-excellent', '已取消优秀。'];
		} else {
			if (!!row.publishedAt === r.value) return { ok: true as const, message: r.value ? '已在作品展示中。' : '不在作品展示中。' };
			await tx.update(writingSubmissions).set({ publishedAt: r.value ? now : null, updatedAt: now }).where(eq(writingSubmissions.id, row.id)).run();
			[event, message] = r.value ? ['published', '已发布到本单位的作品展示。'] : ['unpublished', '已从作品展示撤下。'];
		}
		await tx.insert(writingEvents).values({ submissionId: row.id, action: event, comment: r.action === 'return' ? r.comment.trim() : '', actorId: input.actorId, at: now }).run();
		return { ok: true as const, message };
	});
}
