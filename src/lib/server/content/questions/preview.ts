import { displayQuestion, describeAnswer, renderExplanation, type DisplayQuestion } from '../../quizzes/display.ts';
import { resolveRefs, type ResolvedRef } from '../refs.ts';
import type { DB } from '../../db/client.ts';
import type { ParsedQuestion } from './parse.ts';
import { DIFFICULTY_LABELS } from '../../../vocabulary.ts';

export type PreviewQuestion = DisplayQuestion & { key: string; answer: string; explanationHtml: string; refs: ResolvedRef[]; category: string; difficulty: string };

/** Questions as learners will see them (stem, options), with the answer, explanation and 依据 below. */
export async function previewQuestions(db: DB, questions: Pick<ParsedQuestion, 'key' | 'type' | 'stem' | 'options' | 'answer' | 'explanation' | 'refs' | 'category' | 'difficulty'>[]): Promise<PreviewQuestion[]> {
	const refs = await resolveRefs(db, [...new Set(questions.flatMap((q) => q.refs))]);
	const byRef = new Map(refs.map((r) => [r.ref, r]));
	return questions.map((q, i) => {
		const like = { id: i + 1, type: q.type, stem: q.stem, options: q.options, answer: q.answer };
		return {
			...displayQuestion(like),
			key: q.key,
			answer: describeAnswer(like),
			explanationHtml: renderExplanation(q.explanation),
			refs: q.refs.map((r) => byRef.get(r)!),
			category: q.category,
			difficulty: DIFFICULTY_LABELS[q.difficulty]
		};
	});
}
