import type { QuestionType } from '../content/questions/parse.ts';

/** What grading needs of a question: a parsed question and a `questions` row both fit. */
export type Gradable = { type: QuestionType; answer: string[] | string[][] };

// Quotes, brackets and punctuation a learner may type around an answer (after NFKC folding,
// full-width ASCII punctuation has become half-width; CJK punctuation stays as it is).
const EDGE_PUNCTUATION = /^[\s"'`“”‘’「」『』《》〈〉【】（）()[\]<>。，、；：！？.,;:!?…—-]+|[\s"'`“”‘’「」『』《》〈〉【】（）()[\]<>。，、；：！？.,;:!?…—-]+$/gu;

/** How a typed fill-in answer is compared: NFKC, no surrounding punctuation, no spaces, case-insensitive. */
export function normalizeFill(text: string): string {
	return text.normalize('NFKC').replace(EDGE_PUNCTUATION, '').replace(/\s+/g, '').toLowerCase();
}

/**
 * Whether a response is right. Single/true-false: the one key; multiple: exactly the set of
 * correct keys (order and duplicates ignored); fill: each blank matches one accepted form.
 */
export function isCorrect(question: Gradable, response: string[]): boolean {
	if (question.type === 'fill') {
		const blanks = question.answer as string[][];
		if (response.length !== blanks.length) return false;
		return blanks.every((accepted, i) => {
			const given = normalizeFill(response[i] ?? '');
			return given !== '' && accepted.some((a) => normalizeFill(a) === given);
		});
	}
	const expected = new Set(question.answer as string[]);
	const given = new Set(response);
	if (question.type !== 'multiple' && response.length !== 1) return false;
	return given.size === expected.size && [...given].every((k) => expected.has(k));
}

/** Percent score, rounded; an empty quiz scores 0 rather than dividing by zero. */
export function scorePercent(correct: number, total: number): number {
	return total ? Math.round((100 * correct) / total) : 0;
}
