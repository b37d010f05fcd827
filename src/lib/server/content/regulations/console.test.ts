import { beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../db/testing.ts';
import type { DB } from '../../db/client.ts';
import { regulations, users } from '../../db/schema/index.ts';
import { gb18030 } from '../../../../../tests/support/documents.ts';
import { ensureUnitByNamePath } from '../../org/units.ts';
import { loadContent } from '../index.ts';
import { createRegulationDraft, previewRegulationDraft, publishRegulationDraft } from './console.ts';
import { regulationHash } from './load.ts';
import { getArticle, getRegulationText } from './queries.ts';

let db: DB;
let dir: string;
let adminId: number;
const TEXT = ['清风市值班规定', '第一条 值班人员应当坚守岗位。', '第 1 页', '第二条 本规定自发布之日起施行。'].join('\r\n');

beforeEach(async () => {
	db = await createTestDatabase();
	dir = mkdtempSync(join(tmpdir(), 'qf-console-'));
	mkdirSync(join(dir, 'regulations'));
	const unit = await ensureUnitByNamePath(db, '测试单位');
	adminId = (await db.insert(users).values({ username: 'a', name: '管理员', role: 'admin', orgUnitId: unit.id, passwordHash: 'x', mustChangePassword: false }).returning().get()).id;
});

async function publish(slug: string, text = TEXT, status: 'current' | 'amended' | 'repealed' = 'current') {
	const draft = await createRegulationDraft(db, { bytes: gb18030(text), filename: '值班规定.txt', userId: adminId });
	if (!draft.ok) throw new Error(draft.message);
	const preview = await previewRegulationDraft(db, draft.token);
	expect(preview?.counts.articles).toBe(2);
	expect(preview?.parsed.warnings).toEqual([expect.objectContaining({ line: 3, message: '删除了页码行“第 1 页”' })]);
	return await publishRegulationDraft(db, draft.token, { title: '清风市值班规定', edition: '2025年版', issuer: '清风市委办公室', effectiveDate: '2025-01-01', status, slug }, adminId);
}

describe('publishing a regulation from the console', () => {
	it('stores it like a file of content/: same records, same hash, and it survives a reload of content/', async () => {
		expect(await publish('zhiban-guiding-2025')).toEqual({ ok: true, slug: 'zhiban-guiding-2025' });
		const row = (await db.select().from(regulations).where(eq(regulations.slug, 'zhiban-guiding-2025')).get())!;
		expect(row).toMatchObject({ origin: 'upload', work: 'zhiban-guiding', editionKey: '2025', issuer: '清风市委办公室', status: 'current', active: true });

		// The same text as a file in content/ gets the same hash and the same articles.
		const published = await db.select().from(regulations).where(eq(regulations.id, row.id)).get();
		const other = await createTestDatabase();
		const { contentFiles } = await import('../../db/schema/index.ts');
		const text = (await db.select({ text: contentFiles.text }).from(contentFiles).where(eq(contentFiles.path, 'regulations/zhiban-guiding-2025.txt')).get())!.text;
		writeFileSync(join(dir, 'regulations', 'zhiban-guiding-2025.txt'), text);
		await loadContent(other, dir);
		const fromFile = (await other.select().from(regulations).where(eq(regulations.slug, 'zhiban-guiding-2025')).get())!;
		expect(fromFile.contentHash).toBe(published!.contentHash);
		expect(fromFile.contentHash).toBe(regulationHash(text));
		expect((await getArticle(other, 'zhiban-guiding-2025', 1))?.article.bodyHtml).toBe((await getArticle(db, 'zhiban-guiding-2025', 1))?.article.bodyHtml);

		// Reloading content/ (where this text is not) keeps the upload active.
		const empty = mkdtempSync(join(tmpdir(), 'qf-console-empty-'));
		const report = await loadContent(db, empty);
		expect(report.regulations).toBe(1);
		expect((await getRegulationText(db, 'zhiban-guiding'))?.regulation.slug).toBe('zhiban-guiding-2025');
	});

	it('refuses a slug a file of content/ already uses, and an invalid slug, changing nothing', async () => {
		writeFileSync(join(dir, 'regulations', 'zhiban-guiding-2025.md'), '# 值班\n第一条 甲。\n');
		await loadContent(db, dir);
		const taken = await publish('zhiban-guiding-2025');
		expect(taken).toMatchObject({ ok: false, field: 'slug', errors: [{ message: expect.stringContaining('已被内容目录') }] });
		expect(await publish('中文标识')).toMatchObject({ ok: false, field: 'slug' });
		expect((await db.select().from(regulations).all()).map((r) => r.origin)).toEqual(['files']);
	});

	it('makes the earlier edition 已修订 when a newer one is published in force', async () => {
		await publish('zhiban-guiding-2024');
		await publish('zhiban-guiding-2025', TEXT.replace('坚守岗位', '坚守岗位，不得擅离职守'));
		const text = await getRegulationText(db, 'zhiban-guiding@2024');
		expect(text?.regulation.status).toBe('amended');
		expect(text?.notes[1]).toEqual([{ text: '现行版本为第一条（有修改）', href: '/regulations/zhiban-guiding-2025/1' }]);
		expect((await getRegulationText(db, 'zhiban-guiding'))?.notes[1]).toEqual([{ text: '较2024 年版有修改', href: '/regulations/zhiban-guiding-2024/1' }]);
	});
});
