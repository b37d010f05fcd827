import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import ExcelJS from 'exceljs';
import { createTestDatabase, snapshotAllRows } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { createUnit, scopeFor, type Scope } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { fakeExecutable } from '../files/testing.ts';
import { mayViewFile } from '../files/access.ts';
import { fileRow } from '../files/store.ts';
import { MAX_PHOTOS_PER_ACTIVITY, PHOTO_MAX_EDGE } from '../files/limits.ts';
import { createSession, type ActivityInput } from './activities.ts';
import { addActivityPhotos, deleteActivityPhoto, photosOf } from './photos.ts';
import { createReadingList } from '../reading-lists/reading-lists.ts';
import { saveCampaign, saveAction, publishCampaign, actionsOf } from '../campaigns/campaigns.ts';
import { linkRecord } from '../campaigns/links.ts';
import { campaignExport } from '../campaigns/pages.ts';
import { campaignXlsx } from '../exports/campaign.ts';

// Photos of an activity: checked by content, re-encoded smaller, stored all or none, seen only by
// the organizers of its unit (and of units it was held for), removed from disk when deleted.

const at = (s: string) => parseLocalDateTime(s)!;
const dir = mkdtempSync(join(tmpdir(), 'qf-photos-'));
process.env.FILES_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const filesOnDisk = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

let db: DB;
const p = {} as Record<'orgR' | 'orgA' | 'orgB' | 'a1', { id: number; role: 'learner' | 'organizer'; orgUnitId: number }>;
const scope = {} as Record<'R' | 'A' | 'B', Scope>;
const units = {} as Record<'R' | 'A' | 'B', { id: number }>;
let activityId = 0;
let parentActivityId = 0;

const session = (unitId: number, title: string): ActivityInput => ({ kind: '主题党日', title, unitId, startsAt: at('2026-04-10T09:00'), endsAt: at('2026-04-10T11:00'), place: '', speaker: '', courseId: null, regulationId: null, notes: '', checkinGraceMinutes: 30 });

/** A phone-sized photo: 4000 × 3000 with noise, so it is not tiny once encoded. */
async function phonePhoto(): Promise<Uint8Array> {
	const raw = Buffer.alloc(400 * 300 * 3);
	for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
	return await sharp(raw, { raw: { width: 400, height: 300, channels: 3 } })
		.resize(4000, 3000)
		.jpeg({ quality: 90 })
		.withMetadata({ exif: { IFD0: { Make: 'TestPhone', Model: 'Q1' } } })
		.toBuffer();
}

beforeAll(async () => {
	db = await createTestDatabase();
	units.R = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	units.A = await createUnit(db, { parentId: units.R.id, name: '第一支部', kind: '党支部' });
	units.B = await createUnit(db, { parentId: units.R.id, name: '第二支部', kind: '党支部' });
	const person = async (username: string, unitId: number, role: 'learner' | 'organizer') => {
		const row = await db.insert(users).values({ username, name: username, orgUnitId: unitId, role, passwordHash: '!', mustChangePassword: false }).returning().get();
		return { id: row.id, role, orgUnitId: unitId };
	};
	p.orgR = await person('orgR', units.R.id, 'organizer');
	p.orgA = await person('orgA', units.A.id, 'organizer');
	p.orgB = await person('orgB', units.B.id, 'organizer');
	p.a1 = await person('a1', units.A.id, 'learner');
	scope.R = await scopeFor(db, p.orgR);
	scope.A = await scopeFor(db, p.orgA);
	scope.B = await scopeFor(db, p.orgB);
	activityId = (await createSession(db, p.orgA.id, session(units.A.id, '主题党日'))).id;
	parentActivityId = (await createSession(db, p.orgR.id, session(units.R.id, '党委专题党课'))).id;
});

describe('uploading photos', () => {
	it('re-encodes a phone photo to a smaller JPEG without its metadata', async () => {
		const bytes = await phonePhoto();
		const result = await addActivityPhotos(db, { scope: scope.A, actorId: p.orgA.id, activityId, uploads: [{ name: 'IMG_0001.JPG', bytes }] });
		expect(result).toEqual({ ok: true, added: 1 });
		const [photo] = await photosOf(db, activityId);
		expect(photo).toMatchObject({ width: PHOTO_MAX_EDGE, height: 1200, name: 'IMG_0001.jpg' });
		const stored = (await fileRow(db, photo.fileId))!;
		expect(stored.size).toBeLessThan(bytes.length);
		const meta = await sharp(join(dir, stored.storageKey.slice(0, 2), stored.storageKey)).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
		expect(meta.exif).toBeUndefined();
	});

	it('stores nothing when one of the files is not a picture, and says which', async () => {
		const before = await snapshotAllRows(db);
		const onDisk = filesOnDisk();
		const result = await addActivityPhotos(db, { scope: scope.A, actorId: p.orgA.id, activityId, uploads: [{ name: 'ok.jpg', bytes: await phonePhoto() }, { name: '现场照片.jpg', bytes: fakeExecutable() }] });
		expect(result).toEqual({ ok: false, message: expect.stringContaining('“现场照片.jpg”是可执行程序') });
		expect(await snapshotAllRows(db)).toBe(before);
		expect(filesOnDisk()).toBe(onDisk);
	});

	it('refuses an empty form, another branch’s activity, a reading list and more than the limit', async () => {
		const before = await snapshotAllRows(db);
		expect(await addActivityPhotos(db, { scope: scope.A, actorId: p.orgA.id, activityId, uploads: [{ name: '', bytes: new Uint8Array() }] })).toEqual({ ok: false, message: '请选择或拍摄要上传的照片' });
		expect(await addActivityPhotos(db, { scope: scope.B, actorId: p.orgB.id, activityId, uploads: [{ name: 'x.jpg', bytes: await phonePhoto() }] })).toEqual({ ok: false, message: '活动不存在' });
		const list = await createReadingList(db, p.orgA.id, { kind: '读书思廉', title: '读书', unitId: units.A.id, audience: 'all', personIds: [], startDate: '2026-04-01', dueDate: '2026-04-30', note: '', countEarlier: false, items: [] });
		expect(await addActivityPhotos(db, { scope: scope.A, actorId: p.orgA.id, activityId: list, uploads: [{ name: 'x.jpg', bytes: await phonePhoto() }] })).toEqual({ ok: false, message: '学习任务不能上传照片' });
		const many = Array.from({ length: MAX_PHOTOS_PER_ACTIVITY }, (_, i) => ({ name: `${i}.jpg`, bytes: new Uint8Array([0xff, 0xd8, 0xff]) }));
		expect(await addActivityPhotos(db, { scope: scope.A, actorId: p.orgA.id, activityId, uploads: many })).toMatchObject({ ok: false, message: expect.stringContaining(`最多 ${MAX_PHOTOS_PER_ACTIVITY} 张`) });
		expect(await snapshotAllRows(db)).not.toBe(before); // the reading list was created
	});
});

describe('who sees the photos', () => {
	it('the organizers of the unit and above, and of units an activity above them was held for; not a sibling, not a learner', async () => {
		const [photo] = await photosOf(db, activityId);
		expect(await mayViewFile(db, p.orgA, photo.fileId)).toBe(true);
		expect(await mayViewFile(db, p.orgR, photo.fileId)).toBe(true);
		expect(await mayViewFile(db, p.orgB, photo.fileId)).toBe(false);
		expect(await mayViewFile(db, p.a1, photo.fileId)).toBe(false);
		await addActivityPhotos(db, { scope: scope.R, actorId: p.orgR.id, activityId: parentActivityId, uploads: [{ name: 'p.jpg', bytes: await phonePhoto() }] });
		const [parentPhoto] = await photosOf(db, parentActivityId);
		expect(await mayViewFile(db, p.orgA, parentPhoto.fileId)).toBe(true);
		expect(await mayViewFile(db, p.orgB, parentPhoto.fileId)).toBe(true);
	});
});

describe('photos in the campaign workbook', () => {
	it('embeds a thumbnail per photo on the 影像资料 sheet', async () => {
		const plan = await saveCampaign(db, { scope: scope.R, actorId: p.orgR.id, draft: { title: '主题党日系列活动', document: '', description: '', unitId: units.R.id, startDate: '2026-01-01', endDate: '2026-12-31' } });
		if (!plan.ok) throw new Error('plan');
		await saveAction(db, { scope: scope.R, campaignId: plan.id, draft: { kind: 'activity', subKind: '主题党日', category: 'required', title: '开展主题党日', description: '', targetMode: 'times', targetTimes: 1 } });
		await publishCampaign(db, { scope: scope.R, campaignId: plan.id });
		const [action] = await actionsOf(db, plan.id);
		expect(await linkRecord(db, { scope: scope.A, actorId: p.orgA.id, campaignId: plan.id, unitId: units.A.id, actionId: action.id, recordId: activityId })).toMatchObject({ ok: true });
		const data = (await campaignExport(db, scope.A, plan.id))!;
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await campaignXlsx(db, data)) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['完成情况', '活动记录', '参加人员', '影像资料']);
		expect(wb.getWorksheet('完成情况')!.getRow(2).values).toEqual([undefined, '第一支部', '已完成（1次，0人次）', '1/1']);
		const photos = wb.getWorksheet('影像资料')!;
		expect(photos.getRow(2).values).toEqual([undefined, '第一支部', '开展主题党日', '主题党日', '2026年4月10日']);
		expect(photos.getImages()).toHaveLength(1);
		// B's organizer gets B's row only, without A's records.
		const forB = (await campaignExport(db, scope.B, plan.id))!;
		expect(forB.rows.map((r) => r.unit.name)).toEqual(['第二支部']);
	});
});

describe('deleting a photo', () => {
	it('removes its rows and its bytes', async () => {
		const [photo] = await photosOf(db, activityId);
		const onDisk = filesOnDisk();
		expect(await deleteActivityPhoto(db, { scope: scope.B, activityId, fileId: photo.fileId })).toEqual({ ok: false, message: '活动不存在' });
		expect(await deleteActivityPhoto(db, { scope: scope.A, activityId, fileId: photo.fileId })).toEqual({ ok: true });
		expect(await photosOf(db, activityId)).toEqual([]);
		expect(await fileRow(db, photo.fileId)).toBeUndefined();
		expect(filesOnDisk()).toBe(onDisk - 1);
	});
});
