import { createHash } from 'node:crypto';
import type { ExamSection, PaperItem } from '../db/schema/exams.ts';
import type { QuestionType } from '../../vocabulary.ts';

// Drawing a paper: pure functions of the candidates and a seed, so the same (exam, person, attempt)
// always gets the same paper (the paper is also stored when the attempt starts), and unit tests
// can check the rules. The seed mixes the exam's secret in, so nobody can work out a paper from ids.

/** A question as the draw sees it. Candidates come sorted by id, so the draw never depends on query order. */
export type Candidate = { id: number; type: QuestionType; optionKeys: string[] };

/** Deterministic random numbers in [0, 1) from a seed: SHA-256 in counter mode, the same on every machine. */
export function seededRandom(seed: string): () => number {
	let counter = 0;
	let block: Buffer = Buffer.alloc(0);
	let offset = 0;
	return () => {
		if (offset + 4 > block.length) {
			block = createHash('sha256').update(`${seed}:${counter++}`).digest();
			offset = 0;
		}
		const n = block.readUInt32BE(offset);
		offset += 4;
		return n / 2 ** 32;
	};
}

/** The seed of one person's attempt. */
export function paperSeed(secret: string, userId: number, attemptNumber: number): string {
	return `${secret}:u${userId}:a${attemptNumber}`;
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** The option order shown for a question: choice options shuffled when asked; 正确/错误 and blanks stay. */
export function optionOrder(c: Candidate, shuffle: boolean, random: () => number): string[] {
	if (c.type === 'truefalse') return ['true', 'false'];
	if (c.type === 'fill') return [];
	return shuffle ? shuffled(c.optionKeys, random) : [...c.optionKeys];
}

export type DrawResult = { ok: true; paper: PaperItem[] } | { ok: false; section: number; available: number; wanted: number };

/**
 * Draws a paper: for each section, `count` different questions from its candidates that other
 * sections did not take, in random order, with the option order of each. No question appears
 * twice on a paper. Sections with fewer candidates draw first, so a narrow rule is not starved by
 * a broad one that overlaps it; the paper still lists the sections in their order.
 */
export function drawPaper(sections: Pick<ExamSection, 'count' | 'points'>[], candidates: Candidate[][], seed: string, shuffleOptions: boolean): DrawResult {
	const random = seededRandom(seed);
	const taken = new Set<number>();
	const picks: Candidate[][] = sections.map(() => []);
	const order = sections.map((_, s) => s).sort((a, b) => candidates[a].length - candidates[b].length || a - b);
	for (const s of order) {
		const section = sections[s];
		const pool = [...candidates[s]].sort((a, b) => a.id - b.id).filter((c) => !taken.has(c.id));
		if (pool.length < section.count) return { ok: false, section: s, available: pool.length, wanted: section.count };
		// A partial Fisher–Yates: the first `count` places are a uniform random draw in random order.
		for (let i = 0; i < section.count; i++) {
			const j = i + Math.floor(random() * (pool.length - i));
			[pool[i], pool[j]] = [pool[j], pool[i]];
		}
		picks[s] = pool.slice(0, section.count);
		for (const c of picks[s]) taken.add(c.id);
	}
	const paper: PaperItem[] = [];
	for (const [s, chosen] of picks.entries()) {
		for (const c of chosen) paper.push({ questionId: c.id, section: s, points: sections[s].points, options: optionOrder(c, shuffleOptions, random) });
	}
	return { ok: true, paper };
}

/** A fixed paper for one person: the same questions in the same order, options shuffled per person when asked. */
export function personalizeFixed(fixed: PaperItem[], candidates: Map<number, Candidate>, seed: string, shuffleOptions: boolean): PaperItem[] {
	const random = seededRandom(seed);
	return fixed.map((item) => {
		const c = candidates.get(item.questionId);
		return { ...item, options: c ? optionOrder(c, shuffleOptions, random) : item.options };
	});
}

/** Whether every draw will succeed whatever the seed: checked on many seeds when the exam is saved. */
export function drawsReliably(sections: Pick<ExamSection, 'count' | 'points'>[], candidates: Candidate[][], tries = 64): DrawResult {
	for (let i = 0; i < tries; i++) {
		const result = drawPaper(sections, candidates, `check:${i}`, false);
		if (!result.ok) return result;
	}
	return { ok: true, paper: [] };
}

/** The letter shown before an option at a position: A, B, C … */
export function displayLetter(index: number): string {
	return String.fromCharCode(65 + index);
}
