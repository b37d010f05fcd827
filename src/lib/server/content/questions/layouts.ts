import { parseDifficulty, DIFFICULTY_HELP, TYPE_LABELS, BLANK_PATTERN, type QuestionType } from './parse.ts';
import type { Difficulty } from '../../../vocabulary.ts';

// Question banks as they circulate, before they are checked: rows of an Excel sheet and the
// numbered layout of Word and text files. Each question keeps where it came from (row or line),
// so that every problem can be named there. Pure: no database.

export type RawQuestion = {
	/** 第 3 行 (Excel row as Excel shows it, or text line). */
	at: number;
	key: string | null;
	type: QuestionType | null;
	typeText: string;
	stem: string;
	options: { key: string; text: string }[];
	answer: string;
	explanation: string;
	basis: string;
	difficulty: Difficulty;
	category: string;
	problems: string[];
};

export const TYPE_WORDS: Record<string, QuestionType> = {
	...TYPE_LABELS,
	单选: 'single',
	单项选择: 'single',
	单项选择题: 'single',
	多选: 'multiple',
	多项选择: 'multiple',
	多项选择题: 'multiple',
	不定项选择题: 'multiple',
	判断: 'truefalse',
	是非题: 'truefalse',
	填空: 'fill'
};

export function questionType(text: string): QuestionType | null {
	return TYPE_WORDS[text.replace(/[\s\u3000【】[\]（(）)]/g, '')] ?? null;
}

const OPTION_LETTERS = 'ABCDEFGH';
const SECTION = /^(?:[一二三四五六七八九十]+[、.．]\s*|【)?(单项选择题|单选题|多项选择题|多选题|不定项选择题|判断题|是非题|填空题)】?(?:\s*[（(][^）)]*[）)])?\s*$/;
const NUMBERED = /^\s*(\d{1,4})\s*[.．、]\s*(?:【(单选题?|多选题?|判断题?|填空题?)】\s*)?(.*)$/;
const OPTION_START = /^\s*([A-Ha-h])\s*[.．、:：]\s*/;
const META = /^\s*(答案|正确答案|参考答案|解析|答案解析|试题解析|依据|出处|难度|分类)\s*[：:]\s*(.*)$/;

function splitOptions(line: string): { key: string; text: string }[] {
	// A.xxx  B.xxx  C.xxx on one line: a letter label after white space starts the next option.
	const parts = line.trim().split(/\s+(?=[A-Ha-h]\s*[.．、]\s*\S)/);
	return parts.flatMap((p) => {
		const m = OPTION_START.exec(p);
		return m ? [{ key: m[1].toUpperCase(), text: p.slice(m[0].length).trim() }] : [];
	});
}

/** Numbered questions in the layout Word and text banks use; sections like 【单选题】 set the type. */
export function readQuestionText(text: string): { questions: RawQuestion[]; problems: { line: number; message: string }[] } {
	const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
	const questions: RawQuestion[] = [];
	const problems: { line: number; message: string }[] = [];
	let sectionType: QuestionType | null = null;
	let q: RawQuestion | null = null;
	let field: 'stem' | 'options' | '解析' | null = null;
	for (const [i, raw] of lines.entries()) {
		const no = i + 1;
		const line = raw.replace(/[\u3000\u00a0]/g, ' ').trim();
		if (!line) continue;
		const section = SECTION.exec(line);
		if (section) {
			sectionType = questionType(section[1]);
			q = null;
			continue;
		}
		const meta = META.exec(line);
		if (meta && q) {
			const name = meta[1];
			const value = meta[2].trim();
			if (/答案$/.test(name)) q.answer = value;
			else if (/解析$/.test(name)) {
				q.explanation = value;
				field = '解析';
				continue;
			} else if (name === '依据' || name === '出处') q.basis = value;
			else if (name === '难度') {
				const d = parseDifficulty(value);
				if (d) q.difficulty = d;
				else q.problems.push(`${DIFFICULTY_HELP}，现在是“${value}”`);
			} else q.category = value;
			field = null;
			continue;
		}
		const numbered = NUMBERED.exec(line);
		if (numbered && (!q || field !== 'stem' || q.stem)) {
			q = { at: no, key: null, type: numbered[2] ? questionType(numbered[2]) : sectionType, typeText: numbered[2] ?? '', stem: numbered[3].trim(), options: [], answer: '', explanation: '', basis: '', difficulty: 'medium', category: '', problems: [] };
			questions.push(q);
			field = 'stem';
			continue;
		}
		if (!q) {
			// Title lines and instructions above the first question.
			if (questions.length === 0) continue;
			problems.push({ line: no, message: `无法识别的内容“${line.slice(0, 30)}”` });
			continue;
		}
		if (OPTION_START.test(line)) {
			q.options.push(...splitOptions(line));
			field = 'options';
			continue;
		}
		if (field === 'stem') q.stem += `\n${line}`;
		else if (field === '解析') q.explanation += `\n${line}`;
		else if (field === 'options' && q.options.length) q.options[q.options.length - 1].text += line;
		else problems.push({ line: no, message: `第 ${q.at} 行的题目之后有无法识别的内容“${line.slice(0, 30)}”（答案、解析、依据各占一行，以“答案：”这样的写法开头）` });
	}
	return { questions, problems };
}

export type SheetRow = { row: number; cells: string[] };

const COLUMN_ALIASES: Record<string, string[]> = {
	key: ['编号', '题号', '试题编号'],
	type: ['题型', '试题类型', '类型'],
	stem: ['题干', '题目', '试题内容', '题目内容'],
	answer: ['答案', '正确答案', '参考答案'],
	explanation: ['解析', '答案解析', '试题解析'],
	basis: ['依据', '出处'],
	difficulty: ['难度'],
	category: ['分类', '类别', '知识点']
};

function normalizeHeader(text: string): string {
	return text.replace(/[\s\u3000*＊]/g, '').replace(/[（(][^)）]*[)）]/g, '');
}

/** Rows of the bank template (题型, 题干, 选项A–H, 答案, 解析, 依据, 难度, 分类; 编号 optional). */
export function readQuestionRows(rows: SheetRow[]): { questions: RawQuestion[]; problems: { line: number; message: string }[] } {
	const headerIndex = rows.slice(0, 5).findIndex((r) => r.cells.some((c) => normalizeHeader(c) === '题干' || normalizeHeader(c) === '题目'));
	if (headerIndex === -1) return { questions: [], problems: [{ line: rows[0]?.row ?? 1, message: '没有找到表头：第一行应为 题型、题干、选项A…选项H、答案、解析、依据、难度、分类（可下载模板）' }] };
	const header = rows[headerIndex];
	const column: Record<string, number> = {};
	const optionColumns: { key: string; index: number }[] = [];
	header.cells.forEach((cell, index) => {
		const h = normalizeHeader(cell);
		for (const [field, aliases] of Object.entries(COLUMN_ALIASES)) if (aliases.includes(h) && column[field] === undefined) column[field] = index;
		const option = /^(?:选项)?([A-H])$/i.exec(h);
		if (option) optionColumns.push({ key: option[1].toUpperCase(), index });
	});
	const problems: { line: number; message: string }[] = [];
	for (const required of ['type', 'stem', 'answer'] as const) {
		if (column[required] === undefined) problems.push({ line: header.row, message: `表头缺少“${COLUMN_ALIASES[required][0]}”列` });
	}
	if (problems.length) return { questions: [], problems };
	const cell = (r: SheetRow, field: string) => (column[field] === undefined ? '' : (r.cells[column[field]] ?? '').trim());
	const questions = rows.slice(headerIndex + 1).map((r): RawQuestion => {
		const q: RawQuestion = {
			at: r.row,
			key: cell(r, 'key') || null,
			typeText: cell(r, 'type'),
			type: questionType(cell(r, 'type')),
			stem: cell(r, 'stem'),
			options: optionColumns
				.sort((a, b) => a.key.localeCompare(b.key))
				.map((o) => ({ key: o.key, text: (r.cells[o.index] ?? '').trim() }))
				.filter((o) => o.text !== ''),
			answer: cell(r, 'answer'),
			explanation: cell(r, 'explanation'),
			basis: cell(r, 'basis'),
			difficulty: 'medium',
			category: cell(r, 'category'),
			problems: []
		};
		const d = parseDifficulty(cell(r, 'difficulty'));
		if (d) q.difficulty = d;
		else q.problems.push(`${DIFFICULTY_HELP}，现在是“${cell(r, 'difficulty')}”`);
		return q;
	});
	return { questions, problems };
}

export { OPTION_LETTERS, BLANK_PATTERN };
