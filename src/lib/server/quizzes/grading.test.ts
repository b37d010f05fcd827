import { describe, expect, it } from 'vitest';
import { isCorrect, normalizeFill, scorePercent } from './grading.ts';

describe('isCorrect', () => {
	it('single choice and true/false: exactly the one right key', () => {
		const single = { type: 'single' as const, answer: ['B'] };
		expect(isCorrect(single, ['B'])).toBe(true);
		expect(isCorrect(single, ['A'])).toBe(false);
		expect(isCorrect(single, ['B', 'B'])).toBe(false);
		expect(isCorrect(single, [])).toBe(false);
		const tf = { type: 'truefalse' as const, answer: ['false'] };
		expect(isCorrect(tf, ['false'])).toBe(true);
		expect(isCorrect(tf, ['true'])).toBe(false);
	});

	it('multiple choice: the exact set, in any order; a subset or superset is wrong', () => {
		const q = { type: 'multiple' as const, answer: ['A', 'C'] };
		expect(isCorrect(q, ['C', 'A'])).toBe(true);
		expect(isCorrect(q, ['A'])).toBe(false);
		expect(isCorrect(q, ['A', 'B', 'C'])).toBe(false);
		expect(isCorrect(q, [])).toBe(false);
	});

	it('fill-in: trims, folds full/half width, ignores surrounding quotes and punctuation, accepts alternatives', () => {
		const q = { type: 'fill' as const, answer: [['四风', '“四风”'], ['八项规定']] };
		expect(isCorrect(q, ['四风', '八项规定'])).toBe(true);
		expect(isCorrect(q, ['  “四风”。 ', '《八项规定》'])).toBe(true);
		expect(isCorrect(q, ['"四风"', '八项规定；'])).toBe(true);
		expect(isCorrect(q, ['四风', '八项'])).toBe(false);
		expect(isCorrect(q, ['四风'])).toBe(false);
		expect(isCorrect(q, ['', '八项规定'])).toBe(false);
		const latin = { type: 'fill' as const, answer: [['ABC 2023']] };
		expect(isCorrect(latin, ['ＡＢＣ２０２３'])).toBe(true);
		expect(isCorrect(latin, ['abc2023'])).toBe(true);
	});

	it('does not strip punctuation inside an answer', () => {
		expect(normalizeFill('“不谋私利”')).toBe('不谋私利');
		expect(normalizeFill('廉洁、自律')).toBe('廉洁、自律');
	});
});

describe('scorePercent', () => {
	it('rounds to an integer percent and scores an empty quiz 0', () => {
		expect(scorePercent(3, 4)).toBe(75);
		expect(scorePercent(2, 3)).toBe(67);
		expect(scorePercent(0, 0)).toBe(0);
	});
});
