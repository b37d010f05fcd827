import { renderInlineMarkdown, renderMarkdown } from '../content/markdown.ts';
import { BLANK_PATTERN, type QuestionType } from '../content/questions/parse.ts';
import { QUESTION_TYPE_LABELS, TRUE_FALSE_OPTIONS } from '../../vocabulary.ts';

// How questions look on a page: Markdown rendered (sanitized) on the server, blanks numbered,
// answers spelled out in words. Shared by quiz attempts and result pages (and usable by competitions).

export type DisplayQuestion = {
	id: number;
	type: QuestionType;
	typeName: string;
	stemHtml: string;
	options: { key: string; html: string }[];
	/** Number of blanks (fill-in questions), 0 otherwise. */
	blanks: number;
};

type QuestionLike = { id: number; type: QuestionType; stem: string; options: { key: string; text: string }[]; answer: string[] | string[][] };


export function displayQuestion(q: QuestionLike): DisplayQuestion {
	let blank = 0;
	// Full-width underscores do not start Markdown emphasis, so a blank stays a visible line.
	const stem = q.type === 'fill' ? q.stem.replace(BLANK_PATTERN, () => `＿＿＿＿（${++blank}）`) : q.stem;
	const options = q.type === 'truefalse' ? TRUE_FALSE_OPTIONS : q.options;
	return {
		id: q.id,
		type: q.type,
		typeName: QUESTION_TYPE_LABELS[q.type],
		stemHtml: renderMarkdown(stem),
		options: options.map((o) => ({ key: o.key, html: renderInlineMarkdown(o.text) })),
		blanks: q.type === 'fill' ? (q.answer as string[][]).length : 0
	};
}

/** A response or an answer in words: "B. 四条", "正确", "四风；八项规定". */
export function describeResponse(q: QuestionLike, keys: string[]): string {
	if (q.type === 'fill') return keys.map((k) => k || '（未填）').join('；');
	if (q.type === 'truefalse') return keys.map((k) => (k === 'true' ? '正确' : k === 'false' ? '错误' : k)).join('、');
	return keys.map((k) => `${k}. ${q.options.find((o) => o.key === k)?.text ?? ''}`).join('；');
}

/** The right answer in words; fill-in alternatives shown as "四风（或 “四风”）". */
export function describeAnswer(q: QuestionLike): string {
	if (q.type !== 'fill') return describeResponse(q, q.answer as string[]);
	return (q.answer as string[][]).map((alts) => (alts.length > 1 ? `${alts[0]}（或 ${alts.slice(1).join('、')}）` : alts[0])).join('；');
}

export function renderExplanation(text: string): string {
	return renderMarkdown(text);
}
