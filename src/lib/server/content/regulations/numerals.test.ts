import { describe, expect, it } from 'vitest';
import { chineseNumeral, toChineseNumeral } from './numerals.ts';

describe('chineseNumeral', () => {
	it.each([
		['一', 1],
		['十', 10],
		['十一', 11],
		['二十', 20],
		['二十九', 29],
		['九十八', 98],
		['一百', 100],
		['一百零五', 105],
		['一百一十', 110],
		['一百十', 110],
		['一百二十三', 123],
		['二百八十七', 287],
		['两百', 200],
		['一千零五', 1005],
		['98', 98],
		['９８', 98]
	])('%s → %i', (text, n) => {
		expect(chineseNumeral(text)).toBe(n);
	});

	it.each(['', '条', '十十', '百百', '二三十', '一千百', '零十', 'abc'])('rejects %j', (text) => {
		expect(chineseNumeral(text)).toBeNull();
	});
});

describe('toChineseNumeral', () => {
	it.each([
		[1, '一'],
		[10, '十'],
		[15, '十五'],
		[20, '二十'],
		[98, '九十八'],
		[100, '一百'],
		[105, '一百零五'],
		[110, '一百一十'],
		[123, '一百二十三'],
		[1005, '一千零五'],
		[1010, '一千零一十']
	])('%i → %s', (n, text) => {
		expect(toChineseNumeral(n)).toBe(text);
	});

	it('round-trips every number up to 2000', () => {
		for (let n = 1; n <= 2000; n++) expect(chineseNumeral(toChineseNumeral(n))).toBe(n);
	});
});
