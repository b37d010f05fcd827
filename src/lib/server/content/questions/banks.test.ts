import { beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../db/testing.ts';
import type { DB } from '../../db/client.ts';
import { questions } from '../../db/schema/index.ts';
import { docx } from '../../../../../tests/support/documents.ts';
import { bankWorkbook, checkBankFile, questionSetWithQuestions, resolveBasis, saveBank, TEMPLATE_HEADER } from './banks.ts';

let db: DB;
beforeEach(async () => {
	db = await createTestDatabase();
});

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('题库');
	sheet.addRow(TEMPLATE_HEADER.slice(1));
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const GOOD_ROWS = [
	['单选题', '收受礼品情节较重的，给予什么处分？', '警告', '严重警告或者撤销党内职务', '开除党籍', '', '', '', '', '', 'B', '解析甲。', '《中国共产党纪律处分条例》第九十八条', '中', '廉洁纪律'],
	['多选题', '下列属于六项纪律的有', '政治纪律', '组织纪律', '体育纪律', '', '', '', '', '', 'A、B', '解析乙。', 'jilv-chufen-tiaoli-2023#7', '易', ''],
	['判断题', '党员应当廉洁自律。', '', '', '', '', '', '', '', '', '对', '解析丙。', 'lianjie-zilv-zhunze-2015#1', '', ''],
	['填空题', '党员领导干部应当廉洁用权，自觉维护（ ）。', '', '', '', '', '', '', '', '', '人民根本利益', '解析丁。', 'lianjie-zilv-zhunze-2015#6', '难', '准则']
];

describe('question banks from Excel', () => {
	it('checks every row and turns 依据 written as 《title》第X条 into a reference', async () => {
		const r = await checkBankFile(db, await xlsx(GOOD_ROWS), '题库.xlsx');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.questions.map((q) => [q.type, q.answer, q.refs, q.difficulty, q.category])).toEqual([
			['single', ['B'], ['jilv-chufen-tiaoli-2023#98'], 'medium', '廉洁纪律'],
			['multiple', ['A', 'B'], ['jilv-chufen-tiaoli-2023#7'], 'easy', ''],
			['truefalse', ['true'], ['lianjie-zilv-zhunze-2015#1'], 'medium', ''],
			['fill', [['人民根本利益']], ['lianjie-zilv-zhunze-2015#6'], 'hard', '准则']
		]);
		expect(r.questions[3].stem).toBe('党员领导干部应当廉洁用权，自觉维护____。');
	});

	it('names every bad row and imports nothing', async () => {
		const bad = [...GOOD_ROWS, ['单选题', '没有答案的题', '甲', '乙', '', '', '', '', '', '', 'E', '解析。', 'x-2020#1', '', ''], ['问答题', '题干', '', '', '', '', '', '', '', '', '略', '', '', '很难', '']];
		const r = await checkBankFile(db, await xlsx(bad), '题库.xlsx');
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems.filter((p) => p.at === 6).map((p) => p.message)).toEqual([expect.stringContaining('答案“E”不是已有的选项')]);
		expect(r.problems.filter((p) => p.at === 7).map((p) => p.message)).toEqual([
			expect.stringContaining('难度应为'),
			'无法识别的题型“问答题”：应为 单选题、多选题、判断题 或 填空题',
			'缺少解析',
			expect.stringContaining('缺少依据')
		]);
	});

	it('saves a bank, keeps rows of unchanged questions on re-import, and exports what it imported', async () => {
		const first = await checkBankFile(db, await xlsx(GOOD_ROWS), '题库.xlsx');
		if (!first.ok) throw new Error('check failed');
		const id = await saveBank(db, { bankId: null, title: '廉洁纪律题库', questions: first.questions, source: 'upload:题库.xlsx' });
		const before = await db.select({ id: questions.id }).from(questions).where(eq(questions.setId, id)).all();
		const exported = await bankWorkbook((await questionSetWithQuestions(db, id))!.questions);
		const again = await checkBankFile(db, exported, '导出.xlsx');
		expect(again.ok && again.questions.map((q) => q.hash)).toEqual(first.questions.map((q) => q.hash));
		if (!again.ok) return;
		await saveBank(db, { bankId: id, title: '廉洁纪律题库', questions: again.questions, source: 'upload:导出.xlsx' });
		expect(await db.select({ id: questions.id }).from(questions).where(eq(questions.setId, id)).all()).toEqual(before);
	});
});

describe('question banks from Word and text', () => {
	const LAYOUT = [
		'廉洁纪律知识测试题',
		'【单选题】',
		'1. 收受礼品情节较重的，给予（ ）处分。',
		'A. 警告',
		'B. 严重警告或者撤销党内职务',
		'C. 开除党籍',
		'答案：B',
		'解析：见条例。',
		'依据：jilv-chufen-tiaoli-2023#98',
		'二、多项选择题（每题2分）',
		'2．下列属于六项纪律的有（ ）。',
		'A．政治纪律  B．组织纪律  C．体育纪律  D．廉洁纪律',
		'答案：ABD',
		'解析：六项纪律。',
		'依据：《中国共产党纪律处分条例》第七条',
		'难度：易',
		'分类：六项纪律',
		'【判断题】',
		'3. 党员应当廉洁自律。',
		'答案：√',
		'解析：准则要求。',
		'依据：lianjie-zilv-zhunze-2015#1'
	];

	it('reads numbered questions, options on their own lines or in one line, and section headings', async () => {
		const r = await checkBankFile(db, docx(LAYOUT), '题库.docx');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.questions.map((q) => [q.type, q.options.length, q.answer, q.refs, q.difficulty])).toEqual([
			['single', 3, ['B'], ['jilv-chufen-tiaoli-2023#98'], 'medium'],
			['multiple', 4, ['A', 'B', 'D'], ['jilv-chufen-tiaoli-2023#7'], 'easy'],
			['truefalse', 0, ['true'], ['lianjie-zilv-zhunze-2015#1'], 'medium']
		]);
		expect(r.questions[1].options[3]).toEqual({ key: 'D', text: '廉洁纪律' });
	});

	it('names the line of a question with a problem', async () => {
		const bad = LAYOUT.map((l) => (l === '答案：ABD' ? '答案：AZ' : l));
		const r = await checkBankFile(db, new TextEncoder().encode(bad.join('\r\n')), '题库.txt');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.problems).toEqual([{ at: 11, unit: '行', message: expect.stringContaining('答案“AZ”不是已有的选项') }]);
	});
});

describe('resolveBasis', () => {
	it('reads slug#N and 《title》第X条, also 第X条 after a title', () => {
		const targets = [{ slug: 'jilv-chufen-tiaoli-2023', title: '中国共产党纪律处分条例' }];
		expect(resolveBasis('《中国共产党纪律处分条例》第九十八条、第九十九条；x-2020#3', targets)).toEqual({ refs: ['jilv-chufen-tiaoli-2023#98', 'jilv-chufen-tiaoli-2023#99', 'x-2020#3'], invalid: [] });
		expect(resolveBasis('《不存在的条例》第一条', targets)).toEqual({ refs: [], invalid: ['《不存在的条例》第一条'] });
	});
});
