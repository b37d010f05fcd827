import { describe, expect, it } from 'vitest';
import { diffTexts, mapEditions, summarize, summaryText } from './editions.ts';

// Two editions of a regulation written for the tests: between them one article is reworded, one
// is deleted, one is added in the middle (so the ones after it move down a number), and one is
// moved to another place unchanged.
const EDITION_2018 = [
	{ number: 1, text: '为了严肃会议纪律，加强机关作风建设，制定本规定。' },
	{ number: 2, text: '本规定适用于全市各级机关的全体干部职工。' },
	{ number: 3, text: '参加会议应当提前十分钟到场，不得无故缺席、迟到或者早退。' },
	{ number: 4, text: '会议期间不得接打电话，手机应当调至静音状态。' },
	{ number: 5, text: '会议材料应当妥善保管，涉密材料会后一律收回登记。' },
	{ number: 6, text: '违反本规定的，由所在单位予以批评教育；情节较重的，通报批评。' },
	{ number: 7, text: '本规定自发布之日起施行。' }
];
const EDITION_2024 = [
	{ number: 1, text: '为了严肃会议纪律，加强机关作风建设，制定本规定。' },
	{ number: 2, text: '本规定适用于全市各级机关的全体干部职工。' },
	{ number: 3, text: '参加会议应当提前五分钟到场，不得无故缺席、迟到或者早退；确需请假的，应当书面请假。' },
	{ number: 4, text: '视频会议参照本规定执行，参会人员应当在规定的会场集中收看。' },
	{ number: 5, text: '会议期间不得接打电话，手机应当调至静音状态。' },
	{ number: 6, text: '违反本规定的，由所在单位予以批评教育；情节较重的，通报批评。' },
	{ number: 7, text: '会议材料应当妥善保管，涉密材料会后一律收回登记。' },
	{ number: 8, text: '本规定自发布之日起施行。' }
];

describe('mapEditions', () => {
	const pairs = mapEditions(EDITION_2018, EDITION_2024);
	const byFrom = (n: number) => pairs.find((p) => p.fromNumber === n);

	it('finds unchanged, changed, renumbered and added articles from the texts', () => {
		expect(byFrom(1)).toMatchObject({ toNumber: 1, change: 'unchanged' });
		expect(byFrom(3)).toMatchObject({ toNumber: 3, change: 'changed' });
		expect(byFrom(4)).toMatchObject({ toNumber: 5, change: 'renumbered' });
		expect(byFrom(5)).toMatchObject({ toNumber: 7, change: 'renumbered' });
		expect(byFrom(7)).toMatchObject({ toNumber: 8, change: 'renumbered' });
		expect(pairs.filter((p) => p.change === 'added')).toEqual([{ fromNumber: null, toNumber: 4, change: 'added', similarity: 0 }]);
		expect(byFrom(3)!.similarity).toBeGreaterThan(0.5);
		expect(byFrom(3)!.similarity).toBeLessThan(1);
	});

	it('finds a deleted article, and an article rewritten beyond recognition is deleted plus added', () => {
		const later = EDITION_2024.filter((a) => a.number !== 7).map((a) => (a.number === 2 ? { number: 2, text: '各区县可以结合实际制定实施细则，报市委办公室备案。' } : a));
		const p = mapEditions(EDITION_2018, later);
		expect(p.find((x) => x.fromNumber === 5)).toMatchObject({ toNumber: null, change: 'deleted' });
		expect(p.find((x) => x.fromNumber === 2)).toMatchObject({ toNumber: null, change: 'deleted' });
		expect(p.filter((x) => x.change === 'added').map((x) => x.toNumber)).toEqual([2, 4]);
	});

	it('summarizes as the comparison view says it', () => {
		const s = summarize(pairs);
		expect(s).toEqual({ added: 1, changed: 1, deleted: 0, renumbered: 3, unchanged: 3 });
		expect(summaryText(s)).toBe('新增 1 条，修改 1 条，删除 0 条，仅条号变化 3 条');
	});

	it('lists the pairs in the later edition’s order', () => {
		expect(pairs.map((p) => p.toNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});
});

describe('diffTexts', () => {
	it('marks the words that changed, keeping the rest', () => {
		const parts = diffTexts(EDITION_2018[2].text, EDITION_2024[2].text);
		expect(parts).toEqual([
			{ type: 'same', text: '参加会议应当提前' },
			{ type: 'removed', text: '十' },
			{ type: 'added', text: '五' },
			{ type: 'same', text: '分钟到场，不得无故缺席、迟到或者早退' },
			{ type: 'added', text: '；确需请假的，应当书面请假' },
			{ type: 'same', text: '。' }
		]);
	});
});
