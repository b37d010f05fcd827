import ExcelJS from 'exceljs';
import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { DB } from '../../db/client.ts';
import { questions, questionSets, regulations } from '../../db/schema/index.ts';
import { chineseNumeral } from '../regulations/numerals.ts';
import { knownRegulations } from '../refs.ts';
import { contentHash } from '../frontmatter.ts';
import { readDocument, extensionOf, DOCUMENT_MAX_BYTES } from '../files/documents.ts';
import { isZip } from '../../uploads/zip.ts';
import { readXlsxRows } from '../../uploads/spreadsheet.ts';
import { BLANK_PATTERN, parseQuestions, questionHash, type ParsedQuestion } from './parse.ts';
import { parseRefList } from './refs-syntax.ts';
import { readQuestionRows, readQuestionText, type RawQuestion, type SheetRow } from './layouts.ts';
import { syncQuestions } from '../courses/load.ts';
import { contentChanged } from '../catalog.ts';
import { DIFFICULTY_LABELS, QUESTION_TYPE_LABELS } from '../../../vocabulary.ts';

// Question banks imported in the admin console from Excel, Word, text or Markdown. As with the
// people import: every question is checked first, problems are listed by row or line in Chinese,
// and nothing is imported while anything is wrong.

export const BANK_MAX_QUESTIONS = 5000;
export type BankProblem = { at: number | null; unit: '行' | '题'; message: string };
export type BankCheck = { ok: true; questions: ParsedQuestion[] } | { ok: false; problems: BankProblem[] };

const TRUE_WORDS = ['正确', '对', '√', '✓', '是', 'T', 'TRUE', 'Y'];
const FALSE_WORDS = ['错误', '错', '×', '✗', '否', 'F', 'FALSE', 'N'];

/** Titles and slugs a 依据 can name: loaded regulations first, then the well-known ones. */
async function citationTargets(db: DB): Promise<{ slug: string; title: string }[]> {
	const loaded = await db.select({ slug: regulations.slug, title: regulations.title, status: regulations.status }).from(regulations).where(eq(regulations.active, true)).orderBy(asc(regulations.status)).all();
	const strip = (t: string) => t.replace(/[《》\s]/g, '').replace(/[（(][^）)]*[）)]$/, '');
	return [...loaded.filter((r) => r.status === 'current'), ...loaded.filter((r) => r.status !== 'current')].map((r) => ({ slug: r.slug, title: strip(r.title) })).concat(knownRegulations().map((k) => ({ slug: k.slug, title: strip(k.citation) })));
}

/** 依据 as `slug#98`, or as 《中国共产党纪律处分条例》第九十八条 (several separated by ；、，). */
export function resolveBasis(text: string, targets: { slug: string; title: string }[]): { refs: string[]; invalid: string[] } {
	const refs: string[] = [];
	const invalid: string[] = [];
	let lastSlug: string | null = null;
	for (const part of text.split(/[；;，,、\n]+/).map((p) => p.trim()).filter(Boolean)) {
		const direct = parseRefList(part);
		if (direct.refs.length && !direct.invalid.length) {
			refs.push(...direct.refs);
			continue;
		}
		const m = /^(?:《([^》]+)》)?\s*第([0-9０-９零〇一二两三四五六七八九十百千]+)[条项]/.exec(part);
		const number = m ? chineseNumeral(m[2]) : null;
		const title = m?.[1]?.replace(/\s/g, '').replace(/[（(][^）)]*[）)]$/, '');
		const slug: string | null = title ? (targets.find((t) => t.title === title)?.slug ?? null) : lastSlug;
		if (!m || number === null || !slug) {
			invalid.push(part);
			continue;
		}
		lastSlug = slug;
		const ref = `${slug}#${number}`;
		if (!refs.includes(ref)) refs.push(ref);
	}
	return { refs, invalid };
}

function checkRaw(raw: RawQuestion, targets: { slug: string; title: string }[]): { question: ParsedQuestion | null; problems: string[] } {
	const problems = [...raw.problems];
	if (!raw.type) problems.push(raw.typeText ? `无法识别的题型“${raw.typeText}”：应为 单选题、多选题、判断题 或 填空题` : '缺少题型（单选题、多选题、判断题 或 填空题）');
	let stem = raw.stem.trim();
	if (!stem) problems.push('缺少题干');
	if (raw.key !== null && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(raw.key)) problems.push(`编号“${raw.key}”无效：只能用字母、数字、- 和 _`);
	const explanation = raw.explanation.trim();
	if (!explanation) problems.push('缺少解析');
	const basis = resolveBasis(raw.basis, targets);
	if (!raw.basis.trim()) problems.push('缺少依据（写作 法规标识#条号，如 jilv-chufen-tiaoli-2023#98，或《法规名称》第X条）');
	for (const bad of basis.invalid) problems.push(`无法识别的依据“${bad}”：请写作 法规标识#条号，或已导入（或常见）法规的《名称》第X条`);
	const answerText = raw.answer.trim();
	let answer: string[] | string[][] = [];
	let options = raw.options;
	const type = raw.type;
	if (type === 'single' || type === 'multiple') {
		const keys = [...answerText.toUpperCase().replace(/[\s,，、;；]/g, '')];
		if (options.length < 2) problems.push('选择题至少需要两个选项');
		const seen = new Set<string>();
		for (const o of options) {
			if (seen.has(o.key)) problems.push(`选项 ${o.key} 写了两次`);
			seen.add(o.key);
		}
		const expected = [...'ABCDEFGH'].slice(0, options.length).join('');
		if (options.map((o) => o.key).join('') !== expected && options.length >= 2) problems.push(`选项应从 A 起依次排列，现在是 ${options.map((o) => o.key).join('、')}`);
		if (!answerText) problems.push('缺少答案');
		else if (keys.some((k) => !options.some((o) => o.key === k))) problems.push(`答案“${answerText}”不是已有的选项（${options.map((o) => o.key).join('、') || '没有选项'}）`);
		else if (type === 'single' && keys.length !== 1) problems.push(`单选题的答案应为一个选项，现在是“${answerText}”`);
		else if (type === 'multiple' && new Set(keys).size < 2) problems.push(`多选题的答案至少要有两个选项，现在是“${answerText}”（只有一个正确选项请改为单选题）`);
		answer = [...new Set(keys)].sort();
	} else if (type === 'truefalse') {
		options = [];
		const v = answerText.replace(/[。.]$/, '').toUpperCase();
		if (TRUE_WORDS.includes(v) || v === 'A') answer = ['true'];
		else if (FALSE_WORDS.includes(v) || v === 'B') answer = ['false'];
		else problems.push(answerText ? `判断题的答案应为“正确”或“错误”（也可写 对/错、√/×），现在是“${answerText}”` : '缺少答案');
	} else if (type === 'fill') {
		options = [];
		// Banks often mark a blank as （ ）; the platform's blank is a run of underscores.
		if (!(stem.match(BLANK_PATTERN) ?? []).length) stem = stem.replace(/[（(][\s\u3000]*[）)]/g, '____');
		const blanks = (stem.match(BLANK_PATTERN) ?? []).length;
		const perBlank = answerText.split(/[；;]/).map((part) => part.split('|').map((alt) => alt.trim()));
		if (!blanks) problems.push('题干中没有空：每个空写作 4 个以上下划线 ____（或空括号（ ））');
		else if (!answerText) problems.push('缺少答案');
		else if (perBlank.length !== blanks) problems.push(`题干有 ${blanks} 个空，答案却有 ${perBlank.length} 个（多个空的答案用“；”分隔）`);
		answer = perBlank;
	}
	if (problems.length || !type) return { question: null, problems };
	const key = raw.key ?? `h-${contentHash(stem).slice(0, 10)}`;
	return {
		question: { key, type, stem, options, answer, explanation, refs: basis.refs, line: raw.at, hash: questionHash(type, stem, options, answer, explanation, basis.refs), category: raw.category, difficulty: raw.difficulty },
		problems
	};
}

async function sheetRows(bytes: Uint8Array): Promise<{ ok: true; rows: SheetRow[] } | { ok: false; message: string }> {
	// Checked for zip bombs, then read in a worker with its own memory and time limits (uploads/).
	const sheet = await readXlsxRows(bytes, { maxRows: BANK_MAX_QUESTIONS + 1 });
	if (sheet.ok) return sheet;
	if (sheet.problem === 'refused') return { ok: false, message: sheet.message };
	if (sheet.problem === 'too-many-rows') return { ok: false, message: `一个题库最多 ${BANK_MAX_QUESTIONS} 道题，表格中有 ${sheet.rowCount - 1} 行` };
	if (sheet.problem === 'no-sheet') return { ok: false, message: '文件中没有内容' };
	return { ok: false, message: '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式' };
}

/** Reads and checks an uploaded bank file; nothing is written. */
export async function checkBankFile(db: DB, bytes: Uint8Array, filename: string): Promise<BankCheck & { format?: string }> {
	const ext = extensionOf(filename);
	if (bytes.byteLength === 0) return { ok: false, problems: [{ at: null, unit: '行', message: '上传的文件是空的' }] };
	if (bytes.byteLength > DOCUMENT_MAX_BYTES) return { ok: false, problems: [{ at: null, unit: '行', message: `文件过大，上限为 ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB` }] };
	let raws: RawQuestion[];
	let fileProblems: { line: number; message: string }[];
	const unit = '行' as const;
	const fail = (message: string): BankCheck => ({ ok: false, problems: [{ at: null, unit, message }] });
	if (isZip(bytes) && (ext === 'xlsx' || ext === '')) {
		const sheet = await sheetRows(bytes);
		if (!sheet.ok) return fail(sheet.message);
		({ questions: raws, problems: fileProblems } = readQuestionRows(sheet.rows));
	} else {
		if (ext === 'xls') return fail('不支持旧版 Excel（.xls）文件，请另存为 .xlsx 后再导入');
		const doc = await readDocument(bytes, filename);
		if (!doc.ok) return fail(doc.message);
		if (doc.format === 'md' && /^\s*(---\n[\s\S]*?\n---\n)?\s*(?:[^\n]*\n)*?##\s*(单选题|多选题|判断题|填空题)/.test(doc.text)) {
			// The Markdown format of content/ (## 单选题 {#id}, - [x] options, > 解析：…).
			const parsed = parseQuestions(doc.text.replace(/^---\n[\s\S]*?\n---\n/, (m) => '\n'.repeat(m.split('\n').length - 1)), filename);
			if (parsed.errors.length) return { ok: false, problems: parsed.errors.map((e) => ({ at: e.line ?? null, unit, message: e.message })) };
			return limit(parsed.questions);
		}
		({ questions: raws, problems: fileProblems } = readQuestionText(doc.text));
	}
	const targets = await citationTargets(db);
	const problems: BankProblem[] = fileProblems.map((p) => ({ at: p.line, unit, message: p.message }));
	const parsed: ParsedQuestion[] = [];
	const stems = new Map<string, number>();
	const keys = new Map<string, number>();
	for (const raw of raws) {
		const { question, problems: rowProblems } = checkRaw(raw, targets);
		for (const message of rowProblems) problems.push({ at: raw.at, unit, message });
		if (!question) continue;
		const sameStem = stems.get(question.stem);
		if (sameStem !== undefined) problems.push({ at: raw.at, unit, message: `题干与第 ${sameStem} ${unit}重复` });
		const sameKey = keys.get(question.key);
		if (sameKey !== undefined && raw.key) problems.push({ at: raw.at, unit, message: `编号 ${question.key} 与第 ${sameKey} ${unit}重复` });
		stems.set(question.stem, raw.at);
		keys.set(question.key, raw.at);
		parsed.push(question);
	}
	if (!raws.length && !problems.length) problems.push({ at: null, unit, message: '文件中没有找到题目：每道题以“1.”这样的题号开头（Excel 每行一题）' });
	if (problems.length) return { ok: false, problems };
	return limit(parsed);
}

function limit(questions: ParsedQuestion[]): BankCheck {
	if (questions.length > BANK_MAX_QUESTIONS) return { ok: false, problems: [{ at: null, unit: '行', message: `一个题库最多 ${BANK_MAX_QUESTIONS} 道题，文件中有 ${questions.length} 道` }] };
	return { ok: true, questions };
}

/** Creates a bank, or replaces the questions of an existing one with the file's (history stays with old attempts). */
export async function saveBank(db: DB, input: { bankId: number | null; title: string; questions: ParsedQuestion[]; source: string }): Promise<number> {
	return await db.transaction(async (tx) => {
		let setId = input.bankId;
		const values = { title: input.title, sourcePath: input.source, contentHash: contentHash(input.questions.map((q) => `${q.key}:${q.hash}`).join('\n')), active: true };
		if (setId !== null) await tx.update(questionSets).set(values).where(and(eq(questionSets.id, setId), eq(questionSets.kind, 'bank'))).run();
		else {
			const slug = `bank/${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
			setId = (await tx.insert(questionSets).values({ slug, kind: 'bank', courseId: null, ...values }).returning({ id: questionSets.id }).get()).id;
		}
		await syncQuestions(tx, setId, input.questions);
		await contentChanged(tx);
		return setId;
	});
}

export async function listBanks(db: DB) {
	return await db
		.select({ id: questionSets.id, title: questionSets.title, active: questionSets.active, source: questionSets.sourcePath, questions: count(questions.id) })
		.from(questionSets)
		.leftJoin(questions, and(eq(questions.setId, questionSets.id), eq(questions.active, true)))
		.where(eq(questionSets.kind, 'bank'))
		.groupBy(questionSets.id)
		.orderBy(desc(questionSets.active), asc(questionSets.title))
		.all();
}

/** Any question set (bank, course quiz, competition file) with its active questions, for preview and export. */
export async function questionSetWithQuestions(db: DB, setId: number) {
	const set = await db.select({ id: questionSets.id, title: questionSets.title, kind: questionSets.kind, active: questionSets.active, source: questionSets.sourcePath }).from(questionSets).where(eq(questionSets.id, setId)).get();
	if (!set) return null;
	const rows = await db
		.select({ id: questions.id, key: questions.key, type: questions.type, stem: questions.stem, options: questions.options, answer: questions.answer, explanation: questions.explanation, refs: questions.refs, category: questions.category, difficulty: questions.difficulty })
		.from(questions)
		.where(and(eq(questions.setId, setId), eq(questions.active, true)))
		.orderBy(asc(questions.ordinal))
		.all();
	return { set, questions: rows };
}

export const TEMPLATE_HEADER = ['编号', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案', '解析', '依据', '难度', '分类'];

function answerText(q: { type: ParsedQuestion['type']; answer: string[] | string[][] }): string {
	if (q.type === 'truefalse') return (q.answer as string[])[0] === 'true' ? '正确' : '错误';
	if (q.type === 'fill') return (q.answer as string[][]).map((alts) => alts.join('|')).join('；');
	return (q.answer as string[]).join('');
}

/** An .xlsx in the template's layout: the downloadable template (with examples), or a bank's questions. */
export async function bankWorkbook(rows: Pick<ParsedQuestion, 'key' | 'type' | 'stem' | 'options' | 'answer' | 'explanation' | 'refs' | 'category' | 'difficulty'>[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = '清风学堂';
	const sheet = workbook.addWorksheet('题库');
	sheet.addRow(TEMPLATE_HEADER).font = { bold: true };
	for (const q of rows) {
		const options = Array.from({ length: 8 }, (_, i) => q.options.find((o) => o.key === 'ABCDEFGH'[i])?.text ?? '');
		sheet.addRow([q.key.startsWith('h-') ? '' : q.key, QUESTION_TYPE_LABELS[q.type], q.stem, ...options, answerText(q), q.explanation, q.refs.join('，'), DIFFICULTY_LABELS[q.difficulty], q.category].map((v) => neutralize(v)));
	}
	sheet.columns.forEach((c, i) => (c.width = [10, 8, 48, 18, 18, 18, 18, 12, 12, 12, 12, 8, 40, 30, 6, 12][i]));
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe). */
function neutralize(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const TEMPLATE_EXAMPLES: Parameters<typeof bankWorkbook>[0] = [
	{ key: 'lz-001', type: 'single', stem: '党员领导干部应当廉洁用权，自觉维护（  ）。', options: [{ key: 'A', text: '部门利益' }, { key: 'B', text: '人民根本利益' }, { key: 'C', text: '个人利益' }, { key: 'D', text: '小团体利益' }], answer: ['B'], explanation: '示例：在这里写解析。', refs: ['lianjie-zilv-zhunze-2015#6'], category: '廉洁自律', difficulty: 'easy' },
	{ key: 'lz-002', type: 'truefalse', stem: '示例判断题：题干写一句陈述。', options: [], answer: ['true'], explanation: '示例：判断题答案写 正确 或 错误。', refs: ['lianjie-zilv-zhunze-2015#1'], category: '廉洁自律', difficulty: 'medium' },
	{ key: 'lz-003', type: 'fill', stem: '示例填空题：每个空写作____。', options: [], answer: [['四个下划线', '4个下划线']], explanation: '示例：同一空的不同写法用 | 分隔，多个空用 ； 分隔。', refs: ['lianjie-zilv-zhunze-2015#2'], category: '', difficulty: 'hard' }
];
