import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { regulationCheckins, regulations, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { loadRegulations } from '../content/regulations/load.ts';
import { createReadingList } from '../reading-lists/reading-lists.ts';
import { regulationReadingPage, signRegulation, signedEarlierEdition, startRegulationReading } from './regulations.ts';
import { covers, regulationMinReadSeconds, resolveScope, scopeCharCount, scopeHeadings, scopeLabel } from './regulation-scope.ts';

// 法规阅后签名: the minimum reading time comes from the length of the part read, measured on the
// server from 开始阅读; the signature is bound to the edition that was read; opening the page
// records nothing.

const at = (time: string) => new Date(`2026-03-02T${time}+08:00`);

// Chapter 一 (articles 1–2) is 2 × 250 characters of body, chapter 二 (3–4) 2 × 1000.
const text = (extra = '') => `---
title: 《测试规定》
---

第一段序言。

## 第一章 总则

第一条 ${'甲'.repeat(250 - 3)}

第二条 ${'乙'.repeat(250 - 3)}

## 第二章 规范

第三条 ${'丙'.repeat(1000 - 3)}

第四条 ${'丁'.repeat(1000 - 3)}${extra}
`;

let dir: string;
let db: DB;
let userId: number;
const slug = 'test-rule';

async function load(source: string) {
	writeFileSync(join(dir, 'regulations', `${slug}.md`), source);
	const report = await loadRegulations(db, dir);
	if (report.errors.length) throw new Error(JSON.stringify(report.errors));
	return (await db.select().from(regulations).where(eq(regulations.slug, slug)).get())!;
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qf-reg-'));
	mkdirSync(join(dir, 'regulations'));
	db = await createTestDatabase();
	const unit = await createUnit(db, { parentId: null, name: '单位' });
	userId = (await db.insert(users).values({ username: 'reader', name: '读者', orgUnitId: unit.id, passwordHash: 'x', mustChangePassword: false }).returning().get()).id;
	await load(text());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const page = async (scope: string, now: Date) => (await regulationReadingPage(db, { userId, slug, scope }, now))!;
const start = async (scope: string, contentHash: string, now: Date) => await startRegulationReading(db, { userId, slug, scope, contentHash }, now);
const sign = async (scope: string, contentHash: string, now: Date) => await signRegulation(db, { userId, slug, scope, contentHash }, now);

describe('regulation scopes', () => {
	const articles = [1, 2, 3, 4, 5, 6, 10];
	it('reads what organizers type, refuses numbers the text lacks, and calls all of it the whole text', () => {
		expect(resolveScope('1-3, 5', articles)).toEqual({ ok: true, scope: '1-3,5' });
		expect(resolveScope('第1至3条、第5条', articles)).toEqual({ ok: true, scope: '1-3,5' });
		expect(resolveScope('5,1,2,3,2', articles)).toEqual({ ok: true, scope: '1-3,5' });
		expect(resolveScope('', articles)).toEqual({ ok: true, scope: '' });
		expect(resolveScope('1-6,10', articles)).toEqual({ ok: true, scope: '' });
		expect(resolveScope('6-9', articles)).toEqual({ ok: false, message: '第 7 条不存在' });
		expect(resolveScope('3-1', articles)).toMatchObject({ ok: false });
		expect(resolveScope('第一条', articles)).toMatchObject({ ok: false, message: expect.stringContaining('无法识别') });
	});

	it('covers a part with the whole text or with a larger part, never the other way round', () => {
		expect(covers('', '1-3')).toBe(true);
		expect(covers('1-5', '2-3')).toBe(true);
		expect(covers('1-2', '1-3')).toBe(false);
		expect(covers('1-3', '')).toBe(false);
		expect(covers('', '')).toBe(true);
	});

	it('names parts by their heading where one fits, else by article numbers', () => {
		const rows = [1, 2, 3, 4].map((n) => ({ number: n, label: `第${n}条`, partTitle: '', chapterTitle: n <= 2 ? '第一章 总则' : '第二章 规范', sectionTitle: '', bodyText: '' }));
		expect(scopeHeadings(rows).map((h) => [h.title, h.range])).toEqual([
			['第一章 总则', '1-2'],
			['第二章 规范', '3-4']
		]);
		expect(scopeLabel('', rows)).toBe('全文');
		expect(scopeLabel('3-4', rows)).toBe('第二章 规范');
		expect(scopeLabel('1,3-4', rows)).toBe('第一条、第二章 规范');
		expect(scopeLabel('2-3', rows, 'item')).toBe('第二项至第三项');
	});
});

describe('regulation read-and-sign', () => {
	it('measures the minimum reading time from the length of the part assigned: 500 characters a minute, at least 20 s', async () => {
		expect(regulationMinReadSeconds(100)).toBe(20);
		expect(regulationMinReadSeconds(500)).toBe(60);
		expect(regulationMinReadSeconds(40_000)).toBe(4800); // a whole 条例: no ceiling
		expect((await page('1-2', at('09:00:00'))).charCount).toBe(500);
		expect((await page('1-2', at('09:00:00'))).minReadSeconds).toBe(60);
		expect((await page('3-4', at('09:00:00'))).minReadSeconds).toBe(240);
		// The whole text: every article and the preamble (第一段序言。 = 6 characters).
		expect(await page('', at('09:00:00'))).toMatchObject({ charCount: 2506, minReadSeconds: 301, scopeLabel: '全文' });
		expect(scopeCharCount([{ number: 1, label: '第一条', partTitle: '', chapterTitle: '', sectionTitle: '', bodyText: '甲 乙\n丙' }], '')).toBe(6);
	});

	it('records nothing when the page is shown; the clock starts with 开始阅读 and is not restarted', async () => {
		const shown = await page('1-2', at('09:00:00'));
		expect(shown).toMatchObject({ openedAt: null, signedAt: null, scopeLabel: '第一章 总则', blocks: [] });
		expect(await db.select().from(regulationCheckins).all()).toEqual([]);
		expect(await sign('1-2', shown.regulation.contentHash, at('09:05:00'))).toEqual({ ok: false, message: '请先点击“开始阅读”，读完后再签名' });

		expect(await start('1-2', shown.regulation.contentHash, at('09:00:10'))).toMatchObject({ ok: true });
		expect(await start('1-2', shown.regulation.contentHash, at('09:00:40'))).toMatchObject({ ok: true, checkin: { openedAt: at('09:00:10') } });
		const reading = await page('1-2', at('09:00:40'));
		expect(reading).toMatchObject({ openedAt: at('09:00:10'), secondsRemaining: 30 });
		expect(reading.blocks.filter((b) => b.type === 'article').map((b) => b.type === 'article' && b.number)).toEqual([1, 2]);
		expect(await db.select().from(regulationCheckins).all()).toHaveLength(1);
	});

	it('refuses a signature before the minimum, with a countdown in Chinese, and accepts it after', async () => {
		const { contentHash } = (await page('3-4', at('09:00:00'))).regulation;
		await start('3-4', contentHash, at('09:00:00'));
		expect(await sign('3-4', contentHash, at('09:02:30'))).toEqual({ ok: false, secondsRemaining: 90, message: '阅读时间不足：这部分至少需要阅读 4 分钟，请再阅读 1 分 30 秒后签名' });
		expect((await db.select().from(regulationCheckins).get())!.signedAt).toBeNull();
		expect(await sign('3-4', contentHash, at('09:04:00'))).toEqual({ ok: true, signedAt: at('09:04:00'), alreadySigned: false });
		expect(await sign('3-4', contentHash, at('09:09:00'))).toEqual({ ok: true, signedAt: at('09:04:00'), alreadySigned: true });
		expect(await db.select({ scope: regulationCheckins.scope, scopeLabel: regulationCheckins.scopeLabel, minReadSeconds: regulationCheckins.minReadSeconds, signedAt: regulationCheckins.signedAt }).from(regulationCheckins).all()).toEqual([
			{ scope: '3-4', scopeLabel: '第二章 规范', minReadSeconds: 240, signedAt: at('09:04:00') }
		]);
	});

	it('binds the signature to the edition read: a changed text is refused, the earlier signature still counts', async () => {
		const v1 = (await page('1-2', at('09:00:00'))).regulation.contentHash;
		await start('1-2', v1, at('09:00:00'));
		// The text changes while the learner reads the first edition.
		const v2 = (await load(text('\n\n第五条 新增的条文。'))).contentHash;
		expect(v2).not.toBe(v1);
		expect(await sign('1-2', v1, at('09:10:00'))).toEqual({ ok: false, message: '法规文本已更新，请刷新页面阅读新版本后再签名' });
		expect(await start('1-2', v1, at('09:10:00'))).toEqual({ ok: false, message: '法规文本已更新，请刷新页面后再开始阅读' });
		const fresh = await page('1-2', at('09:10:00'));
		expect(fresh).toMatchObject({ openedAt: null, regulation: { contentHash: v2 } });

		await start('1-2', v2, at('09:10:00'));
		expect(await sign('1-2', v2, at('09:11:00'))).toMatchObject({ ok: true });
		const rows = await db.select({ contentHash: regulationCheckins.contentHash, signedAt: regulationCheckins.signedAt }).from(regulationCheckins).orderBy(regulationCheckins.id).all();
		expect(rows).toEqual([
			{ contentHash: v1, signedAt: null },
			{ contentHash: v2, signedAt: at('09:11:00') }
		]);
		// After another edit, the signature of the edition read is reported and still counts.
		await load(text('\n\n第五条 再次修订的条文。'));
		expect(await page('1-2', at('10:00:00'))).toMatchObject({ openedAt: null, earlierSignature: { signedAt: at('09:11:00'), scopeLabel: '第一章 总则' } });
		expect(await sign('1-2', v2, at('10:00:00'))).toEqual({ ok: true, signedAt: at('09:11:00'), alreadySigned: true });
	});

	it('refuses a part the text does not have', async () => {
		expect(await regulationReadingPage(db, { userId, slug, scope: '4-9' }, at('09:00:00'))).toBeUndefined();
		const { contentHash } = (await page('', at('09:00:00'))).regulation;
		expect(await start('4-9', contentHash, at('09:00:00'))).toEqual({ ok: false, message: '阅读范围有误：第 5 条不存在' });
	});

	it('reads a signed part again only when a reading list counting study since its start needs it', async () => {
		const { contentHash } = (await page('1-2', at('09:00:00'))).regulation;
		await start('1-2', contentHash, at('09:00:00'));
		await sign('1-2', contentHash, at('09:01:00'));
		expect(await start('1-2', contentHash, at('09:05:00'))).toMatchObject({ ok: true, checkin: { signedAt: at('09:01:00') } });
		expect(await db.select().from(regulationCheckins).all()).toHaveLength(1);

		const unitId = (await db.select().from(users).get())!.orgUnitId;
		const regulationId = (await db.select().from(regulations).get())!.id;
		await createReadingList(db, userId, { kind: '读书思廉', title: '三月读书', unitId, audience: 'all', personIds: [], startDate: '2026-03-03', dueDate: '2026-03-31', note: '', countEarlier: false, items: [{ type: 'regulation', id: regulationId, scope: '1-2' }] }, at('09:06:00'));
		const later = new Date(`2026-03-04T09:00:00+08:00`);
		expect(await page('1-2', later)).toMatchObject({ signedAt: at('09:01:00'), freshNeeded: { title: '三月读书', startDate: '2026-03-03' } });
		expect(await start('1-2', contentHash, later)).toMatchObject({ ok: true, checkin: { openedAt: later, signedAt: null } });
		expect(await page('1-2', later)).toMatchObject({ openedAt: later, signedAt: null, freshNeeded: null });
		expect(await sign('1-2', contentHash, new Date(later.getTime() + 60_000))).toMatchObject({ ok: true, alreadySigned: false });
		expect(await page('1-2', new Date(later.getTime() + 120_000))).toMatchObject({ freshNeeded: null });
		expect(await db.select().from(regulationCheckins).all()).toHaveLength(2);
	});
});

describe('a new edition after a signature', () => {
	it('shows a person who signed the 2018 edition, and not this one, what changed since', async () => {
		const edition = (extra: string) => text(extra).replace('《测试规定》', '《版本测试规定》');
		writeFileSync(join(dir, 'regulations', 'edition-rule-2018.md'), edition(''));
		writeFileSync(join(dir, 'regulations', 'edition-rule-2023.md'), edition('\n\n第五条 新增的条文。'));
		const report = await loadRegulations(db, dir);
		expect(report.errors).toEqual([]);
		const old = (await regulationReadingPage(db, { userId, slug: 'edition-rule-2018', scope: '' }, at('09:00:00')))!;
		await startRegulationReading(db, { userId, slug: 'edition-rule-2018', scope: '', contentHash: old.regulation.contentHash }, at('09:00:00'));
		// Nothing signed yet: nothing to point to.
		expect(await signedEarlierEdition(db, userId, 'edition-rule-2023')).toBeNull();
		expect(await signRegulation(db, { userId, slug: 'edition-rule-2018', scope: '', contentHash: old.regulation.contentHash }, at('09:30:00'))).toMatchObject({ ok: true });

		const since = { signedAt: at('09:30:00'), slug: 'edition-rule-2018', name: '2018 年版', summaryText: '新增 1 条，修改 0 条，删除 0 条' };
		expect(await signedEarlierEdition(db, userId, 'edition-rule-2023')).toEqual(since);
		expect(await regulationReadingPage(db, { userId, slug: 'edition-rule-2023', scope: '' }, at('10:00:00'))).toMatchObject({ earlierEdition: since });
		// The edition signed itself, and a later signature of the new edition, point nowhere.
		expect(await signedEarlierEdition(db, userId, 'edition-rule-2018')).toBeNull();
		const current = (await regulationReadingPage(db, { userId, slug: 'edition-rule-2023', scope: '' }, at('10:00:00')))!;
		await startRegulationReading(db, { userId, slug: 'edition-rule-2023', scope: '', contentHash: current.regulation.contentHash }, at('10:00:00'));
		await signRegulation(db, { userId, slug: 'edition-rule-2023', scope: '', contentHash: current.regulation.contentHash }, at('10:30:00'));
		expect(await signedEarlierEdition(db, userId, 'edition-rule-2023')).toBeNull();
	});
});

describe('the edition checked against the database', () => {
	it('refuses to start or sign a text the database no longer holds, even while pages still show it from memory', async () => {
		const old = (await db.select().from(regulations).where(eq(regulations.slug, slug)).get())!;
		expect((await start('', old.contentHash, at('09:00:00'))).ok).toBe(true);
		// A publication committed a moment ago, before this process forgot what it keeps in memory.
		await db.update(regulations).set({ contentHash: 'newer-text' }).where(eq(regulations.id, old.id)).run();
		const before = await db.select().from(regulationCheckins).all();
		expect(await startRegulationReading(db, { userId, slug, scope: '1-2', contentHash: old.contentHash }, at('09:01:00'))).toEqual({ ok: false, message: '法规文本已更新，请刷新页面后再开始阅读' });
		expect(await signRegulation(db, { userId, slug, scope: '', contentHash: old.contentHash }, at('10:00:00'))).toEqual({ ok: false, message: '法规文本已更新，请刷新页面阅读新版本后再签名' });
		expect(await db.select().from(regulationCheckins).all()).toEqual(before);
	});
});
