import { contentHash } from '../frontmatter.ts';
import type { ContentIssue } from '../issues.ts';
import { parseRefList } from './refs-syntax.ts';
import { DIFFICULTY_LABELS, QUESTION_TYPE_LABELS, type Difficulty } from '../../../vocabulary.ts';

// The question format of content/README.md: used for course quizzes (quiz.md) and for
// competition files (content/competitions/*.md). Pure: no database, no file system.

export type QuestionType = 'single' | 'multiple' | 'truefalse' | 'fill';
export type QuestionOption = { key: string; text: string };

export type ParsedQuestion = {
	/** The {#id} of the heading, or `auto-N` (N = position in the file) when none is given. */
	key: string;
	type: QuestionType;
	/** Markdown source of the stem; fill blanks are kept as runs of underscores. */
	stem: string;
	options: QuestionOption[];
	/** Option keys (choice), ['true'|'false'] (true/false), or accepted strings per blank (fill). */
	answer: string[] | string[][];
	explanation: string;
	refs: string[];
	/** Line of the `##` heading in the file. */
	line: number;
	/** Changes whenever anything a learner sees or is graded on changes. */
	hash: string;
	/** For exam rules (难度：/分类： lines); not part of the hash. */
	category: string;
	difficulty: Difficulty;
};

const DIFFICULTY_WORDS: Record<string, Difficulty> = {
	易: 'easy', 容易: 'easy', 简单: 'easy', 较易: 'easy', '1': 'easy', easy: 'easy',
	中: 'medium', 中等: 'medium', 一般: 'medium', 适中: 'medium', '2': 'medium', medium: 'medium',
	难: 'hard', 困难: 'hard', 较难: 'hard', '3': 'hard', hard: 'hard'
};

/** 易/中/难 (also 容易, 中等, 困难, 1–3) → difficulty; '' → medium; null when not understood. */
export function parseDifficulty(text: string): Difficulty | null {
	const t = text.trim().toLowerCase();
	if (t === '') return 'medium';
	return DIFFICULTY_WORDS[t] ?? null;
}

export const DIFFICULTY_HELP = `难度应为 ${Object.values(DIFFICULTY_LABELS).join('、')}（也可写 容易/中等/困难 或 1/2/3）`;

export const TYPE_LABELS: Record<string, QuestionType> = { 单选题: 'single', 多选题: 'multiple', 判断题: 'truefalse', 填空题: 'fill' };

/** A blank in a fill-in question: four or more ASCII or full-width underscores. */
export const BLANK_PATTERN = /[_＿]{4,}/g;

const HEADING = /^##(?!#)\s*(.*?)\s*$/;
const HEADING_PARTS = /^(\S+?)\s*(?:\{#([^}]*)\})?$/;
const QUESTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const OPTION = /^\s*[-*+]\s+\[([ xX])\]\s*(.*)$/;
const LOOSE_OPTION = /^\s*[-*+]\s+\[/;
const META = /^\s*(?:>\s*)?(答案|解析|依据|难度|分类)\s*[：:]\s*(.*)$/;
const QUOTE_CONTINUATION = /^\s*>\s?(.*)$/;
const TRUE_WORDS = ['正确', '对', '√', '✓', '✔', '是'];
const FALSE_WORDS = ['错误', '错', '×', '✗', '✘', 'x', 'X', '否'];

type Section = { headingLine: number; heading: string; lines: { no: number; text: string }[] };

/**
 * Parses the question part of a file (the body after front matter). `bodyLine` is the 1-based
 * line in the file where `body` starts, so errors name real lines. Text before the first
 * question is returned as `intro`. Every problem is reported; a question with a problem is left out.
 */
export function parseQuestions(body: string, file: string, bodyLine = 1): { questions: ParsedQuestion[]; errors: ContentIssue[]; intro: string } {
	const errors: ContentIssue[] = [];
	const err = (line: number, message: string) => errors.push({ file, line, message });
	const lines = body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');

	const sections: Section[] = [];
	const introLines: string[] = [];
	let inFence = false;
	for (const [i, text] of lines.entries()) {
		const no = bodyLine + i;
		if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
		const heading = inFence ? null : HEADING.exec(text);
		if (heading) sections.push({ headingLine: no, heading: heading[1], lines: [] });
		else if (sections.length) sections[sections.length - 1].lines.push({ no, text });
		else introLines.push(text);
	}
	if (!sections.length) err(bodyLine, '没有找到题目：每道题以“## 单选题”“## 多选题”“## 判断题”或“## 填空题”开始');

	const questions: ParsedQuestion[] = [];
	const seenKeys = new Map<string, number>();
	for (const [index, section] of sections.entries()) {
		const before = errors.length;
		const q = parseSection(section, index + 1, err);
		if (q) {
			const first = seenKeys.get(q.key);
			if (first !== undefined) err(section.headingLine, `题目编号 ${q.key} 重复（第 ${first} 行已使用）`);
			else seenKeys.set(q.key, section.headingLine);
		}
		if (q && errors.length === before) questions.push(q);
	}
	return { questions, errors, intro: introLines.join('\n').trim() };
}

function parseSection(section: Section, position: number, err: (line: number, message: string) => void): ParsedQuestion | null {
	const at = section.headingLine;
	const parts = HEADING_PARTS.exec(section.heading);
	const type = parts ? TYPE_LABELS[parts[1]] : undefined;
	if (!parts || !type) {
		err(at, `无法识别的题型“${section.heading}”：应为 单选题、多选题、判断题 或 填空题，编号写作 {#编号}`);
		return null;
	}
	const id = parts[2];
	if (id !== undefined && !QUESTION_ID.test(id)) {
		err(at, `题目编号“${id}”无效：只能用字母、数字、- 和 _，且以字母或数字开头`);
		return null;
	}
	const key = id ?? `auto-${position}`;
	const label = `${QUESTION_TYPE_LABELS[type]}${id ? ` ${id}` : ''}`;

	const stemLines: string[] = [];
	const options: (QuestionOption & { correct: boolean; line: number })[] = [];
	const meta: Partial<Record<'答案' | '解析' | '依据' | '难度' | '分类', { value: string; line: number }>> = {};
	let lastMeta: '答案' | '解析' | '依据' | '难度' | '分类' | null = null;
	let phase: 'stem' | 'options' | 'meta' = 'stem';

	for (const { no, text } of section.lines) {
		const metaMatch = META.exec(text);
		if (metaMatch) {
			const name = metaMatch[1] as '答案' | '解析' | '依据' | '难度' | '分类';
			if (meta[name]) err(no, `${label}：“${name}”写了两次`);
			meta[name] = { value: metaMatch[2].trim(), line: no };
			lastMeta = name;
			phase = 'meta';
			continue;
		}
		const option = OPTION.exec(text);
		if (option) {
			if (phase === 'meta') err(no, `${label}：选项应写在“答案/解析/依据”之前`);
			if (!option[2].trim()) err(no, `${label}：选项内容为空`);
			options.push({ key: String.fromCharCode(65 + options.length), text: option[2].trim(), correct: option[1] !== ' ', line: no });
			phase = 'options';
			continue;
		}
		if (LOOSE_OPTION.test(text)) {
			err(no, `${label}：选项格式应为“- [ ] 内容”或“- [x] 内容”`);
			continue;
		}
		if (!text.trim()) {
			if (phase === 'stem') stemLines.push('');
			lastMeta = null;
			continue;
		}
		const continuation = QUOTE_CONTINUATION.exec(text);
		if (phase === 'meta' && continuation && lastMeta === '解析') {
			// A long explanation may run on over several `> ` lines.
			meta.解析!.value = `${meta.解析!.value}\n${continuation[1].trim()}`.trim();
			continue;
		}
		if (phase !== 'stem') {
			err(no, `${label}：无法识别的内容“${text.trim().slice(0, 30)}”（题干应写在选项之前，答案/解析/依据各占一行）`);
			continue;
		}
		stemLines.push(text);
	}

	const stem = stemLines.join('\n').trim();
	if (!stem) err(at, `${label}：缺少题干`);
	const explanation = meta.解析?.value ?? '';
	if (!meta.解析) err(at, `${label}：缺少“解析：”`);
	else if (!explanation) err(meta.解析.line, `${label}：“解析：”后没有内容`);

	let refs: string[] = [];
	if (!meta.依据) err(at, `${label}：缺少“依据：”（写作 法规标识#条号，如 lianjie-zilv-zhunze-2015#5）`);
	else {
		const parsed = parseRefList(meta.依据.value);
		if (!parsed.refs.length && !parsed.invalid.length) err(meta.依据.line, `${label}：“依据：”后没有内容`);
		for (const bad of parsed.invalid) err(meta.依据.line, `${label}：依据“${bad}”格式不对，应写作 法规标识#条号（条号为阿拉伯数字），如 lianjie-zilv-zhunze-2015#5`);
		refs = parsed.refs;
	}

	let answer: string[] | string[][] = [];
	if (type === 'single' || type === 'multiple') {
		if (meta.答案) err(meta.答案.line, `${label}：选择题用 - [x] 标出正确选项，不要写“答案：”`);
		const correct = options.filter((o) => o.correct).map((o) => o.key);
		if (options.length < 2) err(at, `${label}：至少需要两个选项（- [ ] 错误选项，- [x] 正确选项）`);
		else if (type === 'single' && correct.length !== 1) err(at, `${label}：单选题必须恰好有一个正确选项 [x]，现在有 ${correct.length} 个`);
		else if (type === 'multiple' && correct.length < 2) err(at, `${label}：多选题至少要有两个正确选项 [x]，现在有 ${correct.length} 个（只有一个正确选项请写成单选题）`);
		answer = correct;
	} else {
		if (options.length) err(options[0].line, `${QUESTION_TYPE_LABELS[type]}不应有选项`);
		if (!meta.答案) err(at, `${label}：缺少“答案：”`);
		else if (!meta.答案.value) err(meta.答案.line, `${label}：“答案：”后没有内容`);
		else if (type === 'truefalse') {
			const v = meta.答案.value.replace(/[。.]$/, '').trim();
			if (TRUE_WORDS.includes(v)) answer = ['true'];
			else if (FALSE_WORDS.includes(v)) answer = ['false'];
			else err(meta.答案.line, `${label}：判断题的答案应为“正确”或“错误”（也可写 对/错、√/×），现在是“${v}”`);
		} else {
			const blanks = (stem.match(BLANK_PATTERN) ?? []).length;
			const perBlank = meta.答案.value.split(/[；;]/).map((part) => part.split('|').map((alt) => alt.trim()));
			if (!blanks) err(at, `${label}：题干中没有空：每个空写作 4 个以上下划线 ____`);
			else if (perBlank.length !== blanks) err(meta.答案.line, `${label}：题干有 ${blanks} 个空，答案却有 ${perBlank.length} 个（多个空的答案用“；”分隔，同一空的不同写法用“|”分隔）`);
			if (perBlank.some((alts) => alts.some((a) => !a))) err(meta.答案.line, `${label}：答案中有空白的写法（检查多余的“；”或“|”）`);
			answer = perBlank;
		}
	}

	const difficulty = parseDifficulty(meta.难度?.value ?? '');
	if (difficulty === null) err(meta.难度!.line, `${label}：${DIFFICULTY_HELP}，现在是“${meta.难度!.value}”`);
	const plainOptions = options.map(({ key: k, text }) => ({ key: k, text }));
	return { key, type, stem, options: plainOptions, answer, explanation, refs, line: at, hash: questionHash(type, stem, plainOptions, answer, explanation, refs), category: meta.分类?.value ?? '', difficulty: difficulty ?? 'medium' };
}

/** The hash of what a learner sees and is graded on, the same whichever format a question came in. */
export function questionHash(type: QuestionType, stem: string, options: QuestionOption[], answer: string[] | string[][], explanation: string, refs: string[]): string {
	return contentHash(JSON.stringify([type, stem, options, answer, explanation, refs]));
}
