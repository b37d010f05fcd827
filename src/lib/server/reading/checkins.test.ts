import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readingCheckins } from '../db/schema/index.ts';
import { at, courseFixture, makeUser, type Fixture } from '../learning/test-fixtures.ts';
import { formatDuration, signLesson, startLesson } from './checkins.ts';
import { lessonPage } from './lesson.ts';

let f: Fixture;
let userId: number;
beforeEach(async () => {
	f = await courseFixture();
	userId = await makeUser(f.db, 'reader');
});
afterEach(() => f.cleanup());

/** The page as shown, after pressing 开始阅读 at `now` (which, pressed again, changes nothing). */
const open = async (now: Date, lessonSlug = 'first', who = userId) => {
	const shown = (await lessonPage(f.db, { userId: who, courseSlug: 'demo', lessonSlug }, now))!;
	const started = await startLesson(f.db, { userId: who, courseSlug: 'demo', lessonSlug, versionId: shown.version.id }, now);
	if (!started.ok) throw new Error(started.message);
	return (await lessonPage(f.db, { userId: who, courseSlug: 'demo', lessonSlug }, now))!;
};
const sign = async (versionId: number, now: Date, lessonSlug = 'first') => await signLesson(f.db, { userId, courseSlug: 'demo', lessonSlug, versionId }, now);

describe('reading check-ins', () => {
	it('shows the page without recording anything: the clock starts only with 开始阅读', async () => {
		const shown = (await lessonPage(f.db, { userId, courseSlug: 'demo', lessonSlug: 'first' }, at('09:00:00')))!;
		expect(shown).toMatchObject({ openedAt: null, signedAt: null, secondsRemaining: 30, version: { bodyHtml: '' } });
		expect(await lessonPage(f.db, { userId, courseSlug: 'demo', lessonSlug: 'first' }, at('09:00:10'))).toMatchObject({ openedAt: null });
		expect(await f.db.select().from(readingCheckins).all()).toEqual([]);
		expect(await sign(shown.version.id, at('09:10:00'))).toEqual({ ok: false, message: '请先点击“开始阅读”，读完全文后再签名' });
		expect(await startLesson(f.db, { userId, courseSlug: 'demo', lessonSlug: 'first', versionId: shown.version.id + 1000 }, at('09:10:00'))).toMatchObject({ ok: false, message: expect.stringContaining('本课内容已更新') });
		expect(await f.db.select().from(readingCheckins).all()).toEqual([]);
		const started = await open(at('09:10:00'));
		expect(started).toMatchObject({ openedAt: at('09:10:00'), secondsRemaining: 30 });
		expect(started.version.bodyHtml).toContain('第一课正文');
	});

	it('stamps opened_at once, on the server, and reloading does not restart the clock', async () => {
		const first = await open(at('09:00:00'));
		expect(first.openedAt).toEqual(at('09:00:00'));
		expect(first.secondsRemaining).toBe(30);
		const again = await open(at('09:00:20'));
		expect(again.openedAt).toEqual(at('09:00:00'));
		expect(again.secondsRemaining).toBe(10);
		expect(await f.db.select().from(readingCheckins).all()).toHaveLength(1);
	});

	it('refuses a signature before the minimum reading time, saying how many seconds remain, and stores nothing', async () => {
		const page = await open(at('09:00:00'));
		const early = await sign(page.version.id, at('09:00:21'));
		expect(early).toEqual({ ok: false, secondsRemaining: 9, message: '阅读时间不足：本课至少需要阅读 30 秒，请再阅读 9 秒后签名' });
		expect((await f.db.select().from(readingCheckins).get())!.signedAt).toBeNull();
	});

	it('accepts the signature once the minimum has passed; signing twice keeps one row and the first time', async () => {
		const page = await open(at('09:00:00'));
		expect(await sign(page.version.id, at('09:00:30'))).toEqual({ ok: true, signedAt: at('09:00:30'), alreadySigned: false });
		expect(await sign(page.version.id, at('09:05:00'))).toEqual({ ok: true, signedAt: at('09:00:30'), alreadySigned: true });
		const rows = await f.db.select().from(readingCheckins).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].signedAt).toEqual(at('09:00:30'));
		expect((await open(at('09:06:00'))).signedAt).toEqual(at('09:00:30'));
	});

	it('refuses a signature for a lesson never opened, or for a version that is not the current one', async () => {
		const page = await open(at('09:00:00'));
		expect(await sign(page.version.id + 1000, at('09:10:00'))).toMatchObject({ ok: false, message: expect.stringContaining('本课内容已更新') });
		const second = (await f.db.select().from(readingCheckins).all()).length;
		// The second lesson's current version exists, but only another person started reading it.
		const other = await open(at('09:00:00'), 'second', await makeUser(f.db, 'other'));
		expect(await sign(other.version.id, at('09:10:00'), 'second')).toEqual({ ok: false, message: '请先点击“开始阅读”，读完全文后再签名' });
		expect(await f.db.select().from(readingCheckins).all()).toHaveLength(second + 1);
		expect(await signLesson(f.db, { userId, courseSlug: 'demo', lessonSlug: 'nope', versionId: 1 }, at('09:10:00'))).toEqual({ ok: false, message: '没有找到这一课' });
	});

	it('keeps an earlier signature when the text changes, and asks for a new one on the new version', async () => {
		const v1 = await open(at('09:00:00'));
		await sign(v1.version.id, at('09:01:00'));
		f.write('courses/01-demo/01-first.md', '---\ntitle: 第一课\nmin_read_seconds: 30\n---\n第一课正文（修订）。\n');
		await f.reload();

		const v2 = await open(at('10:00:00'));
		expect(v2.version.id).not.toBe(v1.version.id);
		expect(v2.signedAt).toBeNull();
		expect(v2.earlierSignature).toEqual({ signedAt: at('09:01:00') });
		// A stale page still posting the old version: the old signature is reported, nothing new is written.
		expect(await sign(v1.version.id, at('10:00:05'))).toEqual({ ok: true, signedAt: at('09:01:00'), alreadySigned: true });
		expect(await sign(v2.version.id, at('10:00:10'))).toMatchObject({ ok: false, secondsRemaining: 20 });
		expect(await sign(v2.version.id, at('10:00:30'))).toMatchObject({ ok: true, signedAt: at('10:00:30') });
		expect((await f.db.select().from(readingCheckins).all()).map((r) => r.signedAt)).toEqual([at('09:01:00'), at('10:00:30')]);
	});

	it('formats durations in Chinese', () => {
		expect([formatDuration(45), formatDuration(120), formatDuration(90)]).toEqual(['45 秒', '2 分钟', '1 分 30 秒']);
	});
});
