import { describe, expect, it } from 'vitest';
import { drawPaper, drawsReliably, paperSeed, personalizeFixed, seededRandom, type Candidate } from './paper.ts';
import { normalizeResponse } from './attempts.ts';
import { isCorrect } from '../quizzes/grading.ts';
import type { PaperItem } from '../db/schema/index.ts';

const choice = (id: number, type: Candidate['type'] = 'single'): Candidate => ({ id, type, optionKeys: type === 'truefalse' || type === 'fill' ? [] : ['A', 'B', 'C', 'D'] });
const range = (from: number, to: number, type: Candidate['type'] = 'single') => Array.from({ length: to - from + 1 }, (_, i) => choice(from + i, type));

describe('seededRandom', () => {
	it('gives the same sequence for the same seed, another for another seed, in [0, 1)', () => {
		const a = seededRandom('s');
		const b = seededRandom('s');
		const c = seededRandom('t');
		const xs = Array.from({ length: 50 }, () => a());
		expect(Array.from({ length: 50 }, () => b())).toEqual(xs);
		expect(Array.from({ length: 50 }, () => c())).not.toEqual(xs);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
	});
});

describe('drawPaper', () => {
	const sections = [
		{ count: 5, points: 2 },
		{ count: 3, points: 4 },
		{ count: 2, points: 10 }
	];
	const candidates = [range(1, 20), range(21, 30, 'multiple'), range(31, 35, 'truefalse')];

	it('honours the rules: each section draws its count from its own candidates, with its points', () => {
		const drawn = drawPaper(sections, candidates, paperSeed('secret', 7, 1), true);
		if (!drawn.ok) throw new Error('draw failed');
		expect(drawn.paper.map((p) => p.section)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
		for (const p of drawn.paper) {
			expect(candidates[p.section].map((c) => c.id)).toContain(p.questionId);
			expect(p.points).toBe(sections[p.section].points);
		}
		expect(drawn.paper.reduce((n, p) => n + p.points, 0)).toBe(5 * 2 + 3 * 4 + 2 * 10);
	});

	it('never repeats a question, even when the sections’ candidates overlap', () => {
		const overlapping = [range(1, 10), range(1, 8), range(5, 16)];
		for (let i = 0; i < 200; i++) {
			const drawn = drawPaper([{ count: 4, points: 1 }, { count: 4, points: 1 }, { count: 4, points: 1 }], overlapping, `seed-${i}`, false);
			if (!drawn.ok) throw new Error(`draw ${i} failed`);
			const ids = drawn.paper.map((p) => p.questionId);
			expect(new Set(ids).size).toBe(ids.length);
		}
	});

	it('draws the same paper for the same person and attempt (a resume), and different ones for others', () => {
		const once = drawPaper(sections, candidates, paperSeed('secret', 7, 1), true);
		const again = drawPaper(sections, [...candidates.map((c) => [...c].reverse())], paperSeed('secret', 7, 1), true);
		expect(again).toEqual(once);
		const papers = new Set<string>();
		for (let user = 1; user <= 30; user++) papers.add(JSON.stringify(drawPaper(sections, candidates, paperSeed('secret', user, 1), true)));
		expect(papers.size).toBe(30);
		expect(drawPaper(sections, candidates, paperSeed('secret', 7, 2), true)).not.toEqual(once);
		expect(drawPaper(sections, candidates, paperSeed('another-exam', 7, 1), true)).not.toEqual(once);
	});

	it('shuffles the options of choice questions per person; true/false and blanks keep theirs', () => {
		const orders = new Set<string>();
		for (let user = 1; user <= 20; user++) {
			const drawn = drawPaper(sections, candidates, paperSeed('x', user, 1), true);
			if (!drawn.ok) throw new Error('draw failed');
			for (const p of drawn.paper) {
				if (p.section === 2) expect(p.options).toEqual(['true', 'false']);
				else {
					expect([...p.options].sort()).toEqual(['A', 'B', 'C', 'D']);
					orders.add(p.options.join(''));
				}
			}
		}
		expect(orders.size).toBeGreaterThan(5);
		const plain = drawPaper(sections, candidates, paperSeed('x', 1, 1), false);
		if (!plain.ok) throw new Error('draw failed');
		expect(plain.paper.filter((p) => p.section < 2).every((p) => p.options.join('') === 'ABCD')).toBe(true);
	});

	it('draws uniformly: every candidate turns up', () => {
		const seen = new Map<number, number>();
		for (let i = 0; i < 400; i++) {
			const drawn = drawPaper([{ count: 2, points: 1 }], [range(1, 10)], `u${i}`, false);
			if (!drawn.ok) throw new Error('draw failed');
			for (const p of drawn.paper) seen.set(p.questionId, (seen.get(p.questionId) ?? 0) + 1);
		}
		expect(seen.size).toBe(10);
		// 800 picks over 10 questions: each near 80.
		for (const n of seen.values()) expect(n).toBeGreaterThan(40);
	});

	it('says which section cannot be met, and the reliability check finds overlaps that fail on some seeds', () => {
		expect(drawPaper([{ count: 3, points: 1 }], [range(1, 2)], 's', false)).toEqual({ ok: false, section: 0, available: 2, wanted: 3 });
		// The narrow section draws first, but three questions cannot fill two sections of two.
		expect(drawsReliably([{ count: 2, points: 1 }, { count: 2, points: 1 }], [range(1, 3), range(2, 3)]).ok).toBe(false);
		// Drawn in the given order, the first section could take 3 and 4 and starve the second: it does not.
		expect(drawsReliably([{ count: 2, points: 1 }, { count: 2, points: 1 }], [range(1, 4), range(3, 4)]).ok).toBe(true);
		expect(drawsReliably([{ count: 2, points: 1 }, { count: 2, points: 1 }], [range(1, 4), range(5, 8)]).ok).toBe(true);
	});

	it('personalizes a fixed paper: same questions and order for everyone, options shuffled per person', () => {
		const fixed: PaperItem[] = [
			{ questionId: 3, section: 0, points: 5, options: ['A', 'B', 'C', 'D'] },
			{ questionId: 31, section: 1, points: 5, options: ['true', 'false'] }
		];
		const byId = new Map([choice(3), choice(31, 'truefalse')].map((c) => [c.id, c]));
		const a = personalizeFixed(fixed, byId, paperSeed('s', 1, 1), true);
		const b = personalizeFixed(fixed, byId, paperSeed('s', 2, 1), true);
		expect(a.map((p) => p.questionId)).toEqual([3, 31]);
		expect(b.map((p) => p.questionId)).toEqual([3, 31]);
		expect(personalizeFixed(fixed, byId, paperSeed('s', 1, 1), true)).toEqual(a);
		expect(a[1].options).toEqual(['true', 'false']);
	});
});

describe('grading an exam answer of every type (letters as shown, mapped back through the paper)', () => {
	const item = (options: string[]): PaperItem => ({ questionId: 1, section: 0, points: 2, options });

	it('single choice: the letter shown is the option the person saw there', () => {
		const q = { type: 'single' as const, answer: ['B'] };
		// Shown in the order C, B, A, D: the right option (B) is the second, letter B; A shown first is C.
		const shown = item(['C', 'B', 'A', 'D']);
		const right = normalizeResponse(q, shown, ['B']);
		expect(right).toEqual({ ok: true, response: ['B'] });
		expect(isCorrect(q, (right as { response: string[] }).response)).toBe(true);
		const wrong = normalizeResponse(q, item(['B', 'C', 'A', 'D']), ['B']);
		expect(wrong).toEqual({ ok: true, response: ['C'] });
		expect(isCorrect(q, (wrong as { response: string[] }).response)).toBe(false);
		expect(normalizeResponse(q, shown, ['A', 'B'])).toMatchObject({ ok: false });
		expect(normalizeResponse(q, shown, ['E'])).toMatchObject({ ok: false });
	});

	it('multiple choice: exactly the right set, in the person’s letters', () => {
		const q = { type: 'multiple' as const, answer: ['A', 'C'] };
		const shown = item(['D', 'C', 'B', 'A']);
		const picked = normalizeResponse(q, shown, ['D', 'B']);
		expect(picked).toEqual({ ok: true, response: ['A', 'C'] });
		expect(isCorrect(q, (picked as { response: string[] }).response)).toBe(true);
		expect(isCorrect(q, (normalizeResponse(q, shown, ['D']) as { response: string[] }).response)).toBe(false);
		expect(normalizeResponse(q, shown, ['D', 'D'])).toMatchObject({ ok: false });
	});

	it('true/false: 正确 and 错误 are not shuffled', () => {
		const q = { type: 'truefalse' as const, answer: ['false'] };
		expect(normalizeResponse(q, item(['true', 'false']), ['false'])).toEqual({ ok: true, response: ['false'] });
		expect(isCorrect(q, ['false'])).toBe(true);
		expect(normalizeResponse(q, item(['true', 'false']), ['A'])).toMatchObject({ ok: false });
	});

	it('fill-in: every blank, cleaned; an empty answer clears', () => {
		const q = { type: 'fill' as const, answer: [['五', '5'], ['从简']] };
		const typed = normalizeResponse(q, item([]), [' 5 ', '从简\u200b']);
		expect(typed).toEqual({ ok: true, response: ['5', '从简'] });
		expect(isCorrect(q, (typed as { response: string[] }).response)).toBe(true);
		expect(normalizeResponse(q, item([]), ['', ''])).toEqual({ ok: true, response: [] });
		expect(normalizeResponse(q, item([]), ['5'])).toMatchObject({ ok: false });
		expect(normalizeResponse(q, item([]), ['5', 'x'.repeat(201)])).toMatchObject({ ok: false });
	});
});
