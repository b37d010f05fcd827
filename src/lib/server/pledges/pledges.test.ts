import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, snapshotAllRows } from '../db/testing.ts';
import type { DB } from '../db/client.ts';
import { pledgeSignatures, pledges, users } from '../db/schema/index.ts';
import { createUnit, scopeFor } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { getPledge, savePledge, deletePledge, type PledgeDraft } from './pledges.ts';
import { signPledge, signerView, startReading, type Signer } from './signing.ts';
import { pledgeProgress, countByUnit } from './progress.ts';
import { mySignedCopies, pledgesOf, signedCopiesForUnit } from './copies.ts';
import { learnerPledges, statusOfView } from './learner.ts';
import { parseDrawing, signatureSvg } from './signature.ts';
import { pendingOnly, pledgeCsv } from '../exports/pledges.ts';

const at = (s: string) => parseLocalDateTime(s)!;
let db: DB;
const u = {} as Record<'root' | 'a' | 'b' | 'other', { id: number; path: string }>;
const p = {} as Record<'org' | 'orgOther' | 'a1' | 'a2' | 'b1' | 'lead' | 'x1', Signer & { username: string; role: string }>;

async function person(username: string, name: string, unitId: number, role: 'learner' | 'organizer' = 'learner', isLeader = false) {
	const row = await db.insert(users).values({ username, name, orgUnitId: unitId, role, isLeader, passwordHash: '!', mustChangePassword: false }).returning().get();
	return { id: row.id, name, orgUnitId: unitId, isLeader, username, role };
}

const draft = (over: Partial<PledgeDraft> = {}): PledgeDraft => ({
	kind: '承诺书',
	title: '2026年度廉洁自律承诺书',
	unitId: u.root.id,
	audience: 'all',
	usernames: [],
	letters: [],
	dueDate: '2026-03-31',
	minReadSeconds: 30,
	body: '本人郑重承诺：\n\n1. 严守政治纪律和政治规矩。\n2. 不收受礼品礼金。',
	...over
});

beforeAll(async () => {
	db = await createTestDatabase();
	u.root = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	u.a = await createUnit(db, { parentId: u.root.id, name: '第一支部', kind: '党支部' });
	u.b = await createUnit(db, { parentId: u.root.id, name: '第二支部', kind: '党支部' });
	u.other = await createUnit(db, { parentId: null, name: '其他单位', kind: '单位' });
	p.org = await person('org', '组织员', u.root.id, 'organizer');
	p.orgOther = await person('org2', '外单位组织员', u.other.id, 'organizer');
	p.a1 = await person('a1', '陈立新', u.a.id);
	p.a2 = await person('a2', '买买提·艾力', u.a.id);
	p.b1 = await person('b1', '白一', u.b.id);
	p.lead = await person('lead', '周书记', u.root.id, 'learner', true);
	p.x1 = await person('x1', '谢外', u.other.id);
});

async function publish(over: Partial<PledgeDraft> = {}, now = at('2026-03-01T09:00')) {
	const result = await savePledge(db, { scope: await scopeFor(db, p.org), actorId: p.org.id, draft: draft(over), now });
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.id;
}

describe('publishing', () => {
	it('refuses a unit outside the scope, unknown or outside names, and keeps nothing', async () => {
		const before = await snapshotAllRows(db);
		const scope = await scopeFor(db, p.org);
		expect(await savePledge(db, { scope, actorId: p.org.id, draft: draft({ unitId: u.other.id }) })).toMatchObject({ ok: false, errors: { unitId: expect.any(String) } });
		expect(await savePledge(db, { scope, actorId: p.org.id, draft: draft({ audience: 'named', usernames: ['a1', 'x1', 'nobody'] }) })).toEqual({
			ok: false,
			status: 400,
			errors: { people: '以下用户名不存在或不属于所选单位：x1、nobody' }
		});
		expect(await savePledge(db, { scope, actorId: p.org.id, draft: draft({ kind: '责任书', letters: [{ first: 'lead', second: 'lead' }] }) })).toMatchObject({ ok: false, errors: { letters: '甲方和乙方不能是同一人' } });
		expect(await snapshotAllRows(db)).toBe(before);
	});

	it('is found only inside the organizer’s scope', async () => {
		const id = await publish({ title: '范围测试' });
		expect(await getPledge(db, await scopeFor(db, p.orgOther), id)).toBeUndefined();
		expect((await getPledge(db, await scopeFor(db, p.org), id))?.version).toMatchObject({ number: 1, title: '范围测试' });
		expect(await deletePledge(db, await scopeFor(db, p.org), id)).toEqual({ ok: true });
	});
});

describe('signing a 承诺书', () => {
	it('needs an explicit start, the minimum reading time, and the account’s full name', async () => {
		const id = await publish();
		const view = (await signerView(db, p.a1, id, at('2026-03-02T10:00')))!;
		expect(view).toMatchObject({ addressed: true, pending: 1, startedAt: null });
		const sign = (typedName: string, when: string, drawing = '') => signPledge(db, p.a1, { pledgeId: id, versionId: view.version.id, typedName, drawing }, at(when));

		// Looking at the page wrote nothing; signing before "开始阅读" is refused.
		expect(await sign('陈立新', '2026-03-02T10:00')).toMatchObject({ ok: false, message: expect.stringContaining('开始阅读') });
		expect((await startReading(db, p.a1, id, at('2026-03-02T10:00'))).ok).toBe(true);
		// Pressing again does not restart the clock.
		await startReading(db, p.a1, id, new Date(at('2026-03-02T10:00').getTime() + 20_000));
		expect(await sign('陈立新', '2026-03-02T10:00')).toMatchObject({ ok: false, secondsRemaining: 30 });
		expect(await signPledge(db, p.a1, { pledgeId: id, versionId: view.version.id, typedName: '陈立', drawing: '' }, new Date(at('2026-03-02T10:00').getTime() + 31_000))).toMatchObject({
			ok: false,
			field: 'typedName',
			message: '输入的姓名与账号姓名“陈立新”不一致，请输入您的完整姓名'
		});
		expect((await db.select({ n: count() }).from(pledgeSignatures).where(eq(pledgeSignatures.pledgeId, id)).get())!.n).toBe(0);

		const ok = await signPledge(db, p.a1, { pledgeId: id, versionId: view.version.id, typedName: ' 陈 立新 ', drawing: 'M10 10L20 20L30 15 M50 50' }, new Date(at('2026-03-02T10:00').getTime() + 31_000));
		expect(ok).toMatchObject({ ok: true, signed: 1, alreadySigned: false });
		const again = await sign('陈立新', '2026-03-02T10:05');
		expect(again).toMatchObject({ ok: true, signed: 0, alreadySigned: true });

		const [copy] = await mySignedCopies(db, (await getPledge(db, null, id))!, p.a1.id);
		expect(copy).toMatchObject({ title: '2026年度廉洁自律承诺书', versionNumber: 1, signatures: [{ side: 'self', typedName: '陈 立新', unitName: '第一支部' }] });
		expect(copy.bodyHtml).toContain('<li>不收受礼品礼金。</li>');
		expect(copy.signatures[0].svg).toBe(
			'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 200" width="600" height="200"><path d="M10 10L20 20L30 15 M50 50L50 50" fill="none" stroke="#111" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>'
		);
	});

	it('accepts names with a middle dot typed in another form', async () => {
		const id = await publish({ minReadSeconds: 0, title: '少数民族姓名' });
		const view = (await signerView(db, p.a2, id))!;
		await startReading(db, p.a2, id);
		expect(await signPledge(db, p.a2, { pledgeId: id, versionId: view.version.id, typedName: '买买提•艾力', drawing: '' })).toMatchObject({ ok: true, signed: 1 });
	});

	it('refuses a drawing that is anything but the pad’s path data, storing nothing', async () => {
		const id = await publish({ minReadSeconds: 0, title: '签名数据' });
		const view = (await signerView(db, p.b1, id))!;
		await startReading(db, p.b1, id);
		for (const drawing of ['M10 10"/><script>alert(1)</script>', 'M10 10L9999 10', 'L10 10', '<svg onload=alert(1)>', 'M1 1 Z']) {
			expect(await signPledge(db, p.b1, { pledgeId: id, versionId: view.version.id, typedName: '白一', drawing })).toMatchObject({ ok: false, field: 'drawing' });
		}
		expect((await db.select({ n: count() }).from(pledgeSignatures).where(eq(pledgeSignatures.pledgeId, id)).get())!.n).toBe(0);
	});

	it('is refused to people it is not addressed to', async () => {
		const id = await publish({ audience: 'leaders', title: '领导干部承诺书', minReadSeconds: 0 });
		expect(await signerView(db, p.a1, id)).toBeUndefined();
		expect(await startReading(db, p.x1, id)).toEqual({ ok: false, message: '这份承诺书不是发给您的' });
		expect((await signerView(db, p.lead, id))?.addressed).toBe(true);
	});

	it('asks for a new signature when the text changes, keeping the earlier one', async () => {
		const id = await publish({ audience: 'named', usernames: ['a1', 'b1'], minReadSeconds: 0, title: '廉洁过节承诺书' });
		const sign = async (who: Signer, when: string) => {
			const v = (await signerView(db, who, id, at(when)))!;
			await startReading(db, who, id, at(when));
			return await signPledge(db, who, { pledgeId: id, versionId: v.version.id, typedName: who.name, drawing: '' }, at(when));
		};
		await sign(p.a1, '2026-03-03T09:00');
		const scope = await scopeFor(db, p.org);
		const edited = await savePledge(db, { scope, actorId: p.org.id, id, draft: draft({ audience: 'named', usernames: ['a1', 'b1'], minReadSeconds: 0, title: '廉洁过节承诺书', body: '修订后的承诺内容。' }), now: at('2026-03-04T09:00') });
		expect(edited).toEqual({ ok: true, id, newVersion: true });
		// Same text again: no new version.
		expect(await savePledge(db, { scope, actorId: p.org.id, id, draft: draft({ audience: 'named', usernames: ['a1', 'b1'], minReadSeconds: 0, title: '廉洁过节承诺书', body: '修订后的承诺内容。', dueDate: '2026-04-30' }) })).toEqual({ ok: true, id, newVersion: false });

		const pledge = (await getPledge(db, scope, id))!;
		const before = await pledgeProgress(db, pledge, at('2026-03-05T09:00'));
		expect(before.rows.map((r) => [(r as { name: string }).name, r.status])).toEqual([
			['陈立新', 'resign'],
			['白一', 'unsigned']
		]);
		expect((await learnerPledges(db, p.a1, at('2026-03-05T09:00'))).find((x) => x.id === id)).toMatchObject({ status: 'resign', versionNumber: 2, pending: 1 });
		// The earlier signature is still on record, and can still be printed.
		expect((await mySignedCopies(db, pledge, p.a1.id))[0]).toMatchObject({ versionNumber: 1 });

		await sign(p.a1, '2026-03-06T09:00');
		await sign(p.b1, '2026-03-06T10:00');
		const after = await pledgeProgress(db, pledge, at('2026-03-07T09:00'));
		expect(after.rows.map((r) => r.status)).toEqual(['signed', 'signed']);
		expect((await mySignedCopies(db, pledge, p.a1.id))[0]).toMatchObject({ versionNumber: 2, bodyHtml: '<p>修订后的承诺内容。</p>\n' });
		expect((await pledgesOf(db, p.a1.id)).find((r) => r.pledgeId === id)).toMatchObject({ versionNumber: 2, current: true, kind: '承诺书' });
		// The organizer prints a unit's copies: the signer's unit at signing.
		expect((await signedCopiesForUnit(db, pledge, u.b.path)).map((c) => c.signatures[0].typedName)).toEqual(['白一']);
		expect((await signedCopiesForUnit(db, pledge, u.root.path)).map((c) => c.signatures[0].typedName)).toEqual(['陈立新', '白一']);
	});
});

describe('a 责任书 between two named people', () => {
	it('counts a letter as signed only when both parties have signed the current version', async () => {
		const id = await publish({ kind: '责任书', title: '党风廉政建设责任书', letters: [{ first: 'lead', second: 'a1' }, { first: 'lead', second: 'b1' }], minReadSeconds: 0, dueDate: '2099-12-31' });
		const pledge = (await getPledge(db, null, id))!;
		const sign = async (who: Signer) => {
			const v = (await signerView(db, who, id))!;
			await startReading(db, who, id);
			return await signPledge(db, who, { pledgeId: id, versionId: v.version.id, typedName: who.name, drawing: '' });
		};
		// 甲方 signs both letters at once.
		expect(await sign(p.lead)).toMatchObject({ ok: true, signed: 2 });
		expect((await pledgeProgress(db, pledge)).rows.map((r) => r.status)).toEqual(['unsigned', 'unsigned']);
		expect(await sign(p.a1)).toMatchObject({ ok: true, signed: 1 });
		const progress = await pledgeProgress(db, pledge);
		expect(progress.rows.map((r) => r.status)).toEqual(['signed', 'unsigned']);
		expect(countByUnit(progress.rows as { status: 'signed'; unitId: number; unitName: string }[]).map((c) => [c.unitName, c.signed, c.total])).toEqual([
			['第一支部', 1, 1],
			['第二支部', 0, 1]
		]);
		expect((await signedCopiesForUnit(db, pledge, u.root.path)).map((c) => c.signatures.map((s) => `${s.side}:${s.typedName}`))).toEqual([['first:周书记', 'second:陈立新']]);
		// 乙方 b1's own print shows 甲方's signature is there and theirs is missing; 甲方 sees two letters.
		expect((await mySignedCopies(db, pledge, p.lead.id)).map((c) => c.missing?.name ?? null)).toEqual([null, '白一']);
		expect((await pledgesOf(db, p.lead.id)).filter((r) => r.pledgeId === id).map((r) => r.counterpart).sort()).toEqual(['白一', '陈立新']);
		// Who is left: the letter 乙方 白一 has not signed, as the organizer exports it.
		const csv = pledgeCsv(pendingOnly(await pledgeProgress(db, pledge)));
		expect(csv.slice(1).trimEnd().split('\r\n')).toEqual(['甲方,甲方用户名,乙方,乙方用户名,乙方单位,甲方签署时间,乙方签署时间,状态', expect.stringMatching(/^周书记,lead,白一,b1,第二支部,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2},,未签署$/)]);
		// A signed letter cannot be dropped from the 责任书.
		const dropped = await savePledge(db, { scope: null, actorId: p.org.id, id, draft: draft({ kind: '责任书', title: '党风廉政建设责任书', letters: [{ first: 'lead', second: 'b1' }], minReadSeconds: 0 }) });
		expect(dropped).toMatchObject({ ok: false, errors: { letters: expect.stringContaining('已有人签署') } });
	});
});

describe('我的承诺书', () => {
	it('lists every pledge as the signer’s page shows it: signed, to sign, to sign again, overdue', async () => {
		// One more text signed by a2 and then revised: a2 is to sign it again.
		const revised = await publish({ audience: 'named', usernames: ['a2'], minReadSeconds: 0, title: '节前廉洁承诺书' });
		const v1 = (await signerView(db, p.a2, revised, at('2026-03-02T09:00')))!;
		await startReading(db, p.a2, revised, at('2026-03-02T09:00'));
		expect(await signPledge(db, p.a2, { pledgeId: revised, versionId: v1.version.id, typedName: p.a2.name, drawing: '' }, at('2026-03-02T09:00'))).toMatchObject({ ok: true });
		const scope = await scopeFor(db, p.org);
		expect(await savePledge(db, { scope, actorId: p.org.id, id: revised, draft: draft({ audience: 'named', usernames: ['a2'], minReadSeconds: 0, title: '节前廉洁承诺书', body: '修订后的节前承诺。' }), now: at('2026-03-03T09:00') })).toMatchObject({ ok: true, newVersion: true });
		const ids = (await db.select({ id: pledges.id }).from(pledges).all()).map((r) => r.id);
		const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
		const seen = new Set<string>();
		for (const when of ['2026-03-01T08:00', '2026-03-05T09:00', '2026-04-02T09:00', '2100-01-02T09:00']) {
			for (const who of Object.values(p)) {
				const expected = [];
				for (const id of ids) {
					const v = await signerView(db, who, id, at(when));
					if (v) expected.push({ id, kind: v.pledge.kind, title: v.version.title, versionNumber: v.version.number, dueDate: v.pledge.dueDate, status: statusOfView(v), pending: v.pending, copies: v.copies.length });
				}
				const listed = await learnerPledges(db, who, at(when));
				expect([...listed].sort(byId)).toEqual(expected.sort(byId));
				for (const x of listed) seen.add(`${x.kind}:${x.status}`);
			}
		}
		// The comparison went through every standing of both kinds.
		expect([...seen].sort()).toEqual(['承诺书:overdue', '承诺书:resign', '承诺书:signed', '承诺书:unsigned', '责任书:overdue', '责任书:signed', '责任书:unsigned']);
	});
});

describe('the drawn signature', () => {
	it('is rebuilt from numbers only', () => {
		const parsed = parseDrawing('M0 0L600 200 M5 5');
		expect(parsed.ok && signatureSvg(parsed.strokes)).toContain('d="M0 0L600 200 M5 5L5 5"');
		expect(parseDrawing('')).toEqual({ ok: true, strokes: [] });
		expect(parseDrawing('M1 2 L3 4').ok).toBe(true);
		expect(parseDrawing('M1.5 2').ok).toBe(false);
	});
});
