import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../db/testing.ts';
import { type DB } from '../db/client.ts';
import { regulationArticles, regulations } from '../db/schema/index.ts';
import { parseRef, resolveRefs, toChineseNumeral } from './refs.ts';

describe('parseRef', () => {
	it('accepts slug#N with a positive integer', () => {
		expect(parseRef('jilv-chufen-tiaoli-2023#98')).toEqual({ slug: 'jilv-chufen-tiaoli-2023', number: 98 });
		expect(parseRef(' lianjie-zilv-zhunze-2015#5 ')).toEqual({ slug: 'lianjie-zilv-zhunze-2015', number: 5 });
	});

	it.each(['jilv-chufen-tiaoli-2023', 'jilv#0', 'jilv#-1', 'jilv#1.5', 'jilv#九十八', '#98', 'a b#1', 'jilv#98#2', 'jilv#012'])('rejects %j', (ref) => {
		expect(parseRef(ref)).toBeNull();
	});
});

describe('toChineseNumeral', () => {
	it('writes article numbers as printed', () => {
		expect([98, 105, 110, 20, 10].map(toChineseNumeral)).toEqual(['九十八', '一百零五', '一百一十', '二十', '十']);
	});
});

describe('resolveRefs', () => {
	let db: DB;
	beforeEach(async () => {
		db = await createTestDatabase();
		const id = (await db
			.insert(regulations)
			.values({ slug: 'jilv-chufen-tiaoli-2023', title: '中国共产党纪律处分条例', sourcePath: 'regulations/jilv-chufen-tiaoli-2023.md', contentHash: 'h' })
			.returning({ id: regulations.id })
			.get()).id;
		await db.insert(regulationArticles)
			.values({ regulationId: id, number: 98, label: '第九十八条', ordinal: 98, bodyText: '…', bodyHtml: '<p>…</p>' })
			.run();
		const gone = (await db
			.insert(regulations)
			.values({ slug: 'old-rules', title: '旧规定', sourcePath: 'regulations/old-rules.md', contentHash: 'h', active: false })
			.returning({ id: regulations.id })
			.get()).id;
		await db.insert(regulationArticles).values({ regulationId: gone, number: 1, label: '第一条', ordinal: 1, bodyText: '…', bodyHtml: '…' }).run();
	});

	it('links an article of a loaded regulation', async () => {
		expect(await resolveRefs(db, ['jilv-chufen-tiaoli-2023#98'])).toEqual([
			{ ref: 'jilv-chufen-tiaoli-2023#98', label: '《中国共产党纪律处分条例》第九十八条', href: '/regulations/jilv-chufen-tiaoli-2023/98' }
		]);
	});

	it('cites without a link when the article is missing, the regulation is not loaded or inactive', async () => {
		expect(await resolveRefs(db, ['jilv-chufen-tiaoli-2023#105', 'lianjie-zilv-zhunze-2015#5', 'baxiang-guiding-2012#2', 'old-rules#1', 'unknown-2020#110', 'not a ref'])).toEqual([
			{ ref: 'jilv-chufen-tiaoli-2023#105', label: '《中国共产党纪律处分条例》（2023年修订）第一百零五条', href: null },
			{ ref: 'lianjie-zilv-zhunze-2015#5', label: '《中国共产党廉洁自律准则》第五条', href: null },
			{ ref: 'baxiang-guiding-2012#2', label: '中央八项规定第二项', href: null },
			{ ref: 'old-rules#1', label: 'old-rules 第一条', href: null },
			{ ref: 'unknown-2020#110', label: 'unknown-2020 第一百一十条', href: null },
			{ ref: 'not a ref', label: 'not a ref', href: null }
		]);
	});

	it('returns nothing for no refs', async () => {
		expect(await resolveRefs(db, [])).toEqual([]);
	});
});
