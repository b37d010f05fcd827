import { and, asc, count, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import type { DB } from '../db/client.ts';
import { activities, activityPhotos, files, orgUnits, users } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { scopeFor } from '../org/units.ts';
import { inspectUpload, type InspectedFile } from '../files/inspect.ts';
import { removeStored, storeFiles, storedPath } from '../files/store.ts';
import { MAX_PHOTOS_PER_ACTIVITY, PHOTO_MAX_EDGE, PHOTO_MAX_MB, PHOTO_THUMB_EDGE } from '../files/limits.ts';
import { getActivity } from './activities.ts';

// Photos of a study activity (影像资料 of the 台账), taken on a phone and uploaded by an organizer of
// the activity's unit. Each is checked by its content and re-encoded by the server (JPEG, at most
// PHOTO_MAX_EDGE pixels on the longer edge, metadata such as the location dropped) before it is
// stored; it is served only through /files/[id], to the people activityPhotoVisibleTo names.

export type Upload = { name: string; bytes: Uint8Array };
export type PhotoResult = { ok: true; added: number } | { ok: false; message: string };

class Refused extends Error {}

/** Checks and stores the photos, all or none. */
export async function addActivityPhotos(db: DB, input: { scope: Scope; actorId: number; activityId: number; uploads: Upload[]; now?: Date }): Promise<PhotoResult> {
	const activity = await getActivity(db, input.scope, input.activityId);
	if (!activity) return { ok: false, message: '活动不存在' };
	if (activity.source === 'reading-list') return { ok: false, message: '学习任务不能上传照片' };
	if (activity.cancelledAt) return { ok: false, message: '活动已取消，不能上传照片' };
	const uploads = input.uploads.filter((u) => u.bytes.length > 0 || u.name !== '');
	if (!uploads.length) return { ok: false, message: '请选择或拍摄要上传的照片' };
	const existing = (await db.select({ n: count() }).from(activityPhotos).where(eq(activityPhotos.activityId, activity.id)).get())!.n;
	if (existing + uploads.length > MAX_PHOTOS_PER_ACTIVITY) return { ok: false, message: `每项活动最多 ${MAX_PHOTOS_PER_ACTIVITY} 张照片（已有 ${existing} 张），未保存` };
	const checked: InspectedFile[] = [];
	for (const u of uploads) {
		const result = await inspectUpload(u.bytes, u.name, { image: PHOTO_MAX_MB }, { imageMaxEdge: PHOTO_MAX_EDGE });
		if (!result.ok) return { ok: false, message: `${result.message}（本次上传的照片均未保存）` };
		checked.push(result.file);
	}
	const now = input.now ?? new Date();
	try {
		await storeFiles(db, { files: checked, uploadedBy: input.actorId, now }, async (tx, fileIds) => {
			const n = (await tx.select({ n: count() }).from(activityPhotos).where(eq(activityPhotos.activityId, activity.id)).get())!.n;
			if (n + fileIds.length > MAX_PHOTOS_PER_ACTIVITY) throw new Refused(`每项活动最多 ${MAX_PHOTOS_PER_ACTIVITY} 张照片，未保存`);
			for (const fileId of fileIds) await tx.insert(activityPhotos).values({ activityId: activity.id, fileId, uploadedBy: input.actorId, uploadedAt: now }).run();
		});
	} catch (e) {
		if (e instanceof Refused) return { ok: false, message: e.message };
		throw e;
	}
	return { ok: true, added: checked.length };
}

/** Removes one photo of an activity in scope: its row and file row now, its bytes once that has committed. */
export async function deleteActivityPhoto(db: DB, input: { scope: Scope; activityId: number; fileId: number }): Promise<{ ok: true } | { ok: false; message: string }> {
	const activity = await getActivity(db, input.scope, input.activityId);
	if (!activity) return { ok: false, message: '活动不存在' };
	const key = await db.transaction(async (tx) => {
		const row = await tx
			.select({ key: files.storageKey })
			.from(activityPhotos)
			.innerJoin(files, eq(files.id, activityPhotos.fileId))
			.where(and(eq(activityPhotos.activityId, activity.id), eq(activityPhotos.fileId, input.fileId)))
			.get();
		if (!row) return null;
		await tx.delete(files).where(eq(files.id, input.fileId)).run();
		return row.key;
	});
	if (!key) return { ok: false, message: '照片不存在' };
	await removeStored([key]);
	return { ok: true };
}

export type PhotoView = { fileId: number; name: string; width: number | null; height: number | null; uploadedAt: Date; uploadedByName: string | null };

export async function photosOf(db: DB, activityId: number): Promise<PhotoView[]> {
	return await db
		.select({ fileId: files.id, name: files.name, width: files.width, height: files.height, uploadedAt: activityPhotos.uploadedAt, uploadedByName: users.name })
		.from(activityPhotos)
		.innerJoin(files, eq(files.id, activityPhotos.fileId))
		.leftJoin(users, eq(users.id, activityPhotos.uploadedBy))
		.where(eq(activityPhotos.activityId, activityId))
		.orderBy(asc(activityPhotos.id))
		.all();
}

type Viewer = { id: number; role: string; orgUnitId: number };

/**
 * Who may see an activity's photos: organizers whose scope holds the activity's unit, and
 * organizers of a unit the activity was held for (below its organizing unit: a branch looking at
 * the evidence of its 党委's lecture in a campaign).
 */
export async function activityPhotoVisibleTo(db: DB, user: Viewer, fileId: number): Promise<boolean> {
	if (user.role !== 'organizer' && user.role !== 'admin') return false;
	const row = await db
		.select({ unitPath: orgUnits.path })
		.from(activityPhotos)
		.innerJoin(activities, eq(activities.id, activityPhotos.activityId))
		.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
		.where(eq(activityPhotos.fileId, fileId))
		.get();
	if (!row) return false;
	const scope = await scopeFor(db, user);
	return pathInScope(scope, row.unitPath) || (scope !== null && scope.pathPrefix.startsWith(row.unitPath));
}

/** Photo counts of activities, for lists and record tables. */
export async function photoCounts(db: DB, activityIds: number[]): Promise<Map<number, number>> {
	if (!activityIds.length) return new Map();
	const rows = await db
		.select({ activityId: activityPhotos.activityId, n: count() })
		.from(activityPhotos)
		.where(sql`${activityPhotos.activityId} in ${activityIds}`)
		.groupBy(activityPhotos.activityId)
		.all();
	return new Map(rows.map((r) => [r.activityId, r.n]));
}

/** A small JPEG of a stored photo, for spreadsheets (made when exporting, never stored). */
export async function photoThumbnail(storageKey: string): Promise<{ jpeg: Buffer; width: number; height: number }> {
	const { data, info } = await sharp(await readFile(storedPath(storageKey)))
		.resize({ width: PHOTO_THUMB_EDGE, height: PHOTO_THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
		.jpeg({ quality: 75 })
		.toBuffer({ resolveWithObject: true });
	return { jpeg: data, width: info.width, height: info.height };
}
