import { describe, expect, it } from 'vitest';
import { quoted } from './common.ts';

describe('quoting a title in the drafted 工作总结', () => {
	it('names the work, or quotes the whole title without nesting 《》', () => {
		expect(quoted('观看警示教育片《围猎》')).toBe('《围猎》');
		expect(quoted('学习《中国共产党廉洁自律准则》')).toBe('《中国共产党廉洁自律准则》');
		expect(quoted('学习《中国共产党纪律处分条例》心得体会')).toBe('“学习《中国共产党纪律处分条例》心得体会”');
		expect(quoted('专题党课：严守政治纪律')).toBe('《专题党课：严守政治纪律》');
	});
});
