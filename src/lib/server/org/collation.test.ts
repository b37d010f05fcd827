import { describe, expect, it } from 'vitest';
import { compareUnitNames, compareUnits, nameParts } from './collation.ts';

const sorted = (names: string[]) => [...names].sort(compareUnitNames);

describe('unit name order', () => {
	it('orders Chinese ordinals by value, not by character code', () => {
		expect(sorted(['第一党支部', '第三党支部', '第二党支部', '第十一党支部', '第十党支部', '第二十党支部'])).toEqual([
			'第一党支部',
			'第二党支部',
			'第三党支部',
			'第十党支部',
			'第十一党支部',
			'第二十党支部'
		]);
		expect(sorted(['机关十二支部', '机关二支部', '机关一支部'])).toEqual(['机关一支部', '机关二支部', '机关十二支部']);
	});

	it('orders Arabic and full-width numbers by value too, and mixes them with Chinese ones', () => {
		expect(sorted(['10号楼党小组', '2号楼党小组', '１号楼党小组', '三号楼党小组'])).toEqual(['１号楼党小组', '2号楼党小组', '三号楼党小组', '10号楼党小组']);
	});

	it('orders the text between numbers in pinyin order', () => {
		expect(sorted(['组织部', '办公室', '宣传部'])).toEqual(['办公室', '宣传部', '组织部']);
		expect(sorted(['第一党总支', '第一党支部'])).toEqual(['第一党支部', '第一党总支']);
	});

	it('reads only real numerals as numbers', () => {
		expect(nameParts('第十一党支部')).toEqual(['第', 11, '党支部']);
		expect(nameParts('千岛湖党支部')).toEqual(['千岛湖党支部']);
		expect(nameParts('一万二千人')).toEqual([12000, '人']);
		expect(nameParts('第一百零五')).toEqual(['第', 105]);
	});

	it('puts the admin’s sort order before the name, and creation order last', () => {
		const units = [
			{ id: 3, name: '第二党支部', sortOrder: 0 },
			{ id: 1, name: '第一党支部', sortOrder: 5 },
			{ id: 2, name: '第三党支部', sortOrder: 0 },
			{ id: 4, name: '第二党支部', sortOrder: 0 }
		];
		expect(units.sort(compareUnits).map((u) => u.id)).toEqual([3, 4, 2, 1]);
	});
});
