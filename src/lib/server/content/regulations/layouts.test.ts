import { describe, expect, it } from 'vitest';
import { parseRegulation } from './parse.ts';

// Texts as offices really have them: copied out of PDFs, saved from Word, with tables of contents
// of every shape and appendices after the last article. Every document is written for the tests.
const S = '\u3000';
const lines = (...ls: string[]) => ls.join('\n');

describe('labels followed directly by text', () => {
	it('reads 第一条为了…, 第三条中国…, 第四条以… as articles when they are the article due next', () => {
		const r = parseRegulation(lines('清风市测试规定', '第一章总则', '第一条为了规范，制定本规定。', '第二条本规定适用于全体。', '第三条中国共产党党员应当遵守。', '第四条以下情形除外。', '第二条规定的期限可以延长。'), 'regulations/t.md');
		expect(r.errors).toEqual([]);
		expect(r.chapters.map((c) => c.title)).toEqual(['第一章 总则']);
		expect(r.articles.map((a) => [a.label, a.body])).toEqual([
			['第一条', '为了规范，制定本规定。'],
			['第二条', '本规定适用于全体。'],
			['第三条', '中国共产党党员应当遵守。'],
			['第四条', '以下情形除外。\n\n第二条规定的期限可以延长。']
		]);
	});
});

describe('copies of PDFs', () => {
	it('drops page-number lines of every common shape and says so by line', () => {
		const r = parseRegulation(
			lines('清风市页码测试办法', '第一条 甲。', '— 1 —', '第二条 乙。', '- 2 -', '', '第 3 页', '第三条 丙。', '第4页 共9页', '5', '第四条 丁。'),
			'regulations/pages.txt'
		);
		expect(r.errors).toEqual([]);
		expect(r.articles.map((a) => a.body)).toEqual(['甲。', '乙。', '丙。', '丁。']);
		expect(r.warnings.map((w) => w.line)).toEqual([3, 5, 7, 9, 10]);
		expect(r.warnings[0].message).toContain('删除了页码行“— 1 —”');
	});

	it('joins hard-wrapped lines into paragraphs, also across a page break, and keeps real paragraph ends', () => {
		// Lines broken at a fixed width (20 characters), as a PDF viewer copies them.
		const r = parseRegulation(
			lines(
				'清风市断行测试条例',
				'第一条　为了加强机关作风建设，推动全面从严治党向',
				'纵深发展，结合本市实际情况和工作需要，制定本条例。',
				'第二条　本条例适用于本市各级党政机关、事业单位',
				'和国有企业中的党员干部，以及参照公务员法管理的单',
				'— 2 —',
				'位工作人员。',
				'第三条　干部应当严格遵守各项纪律，自觉接受监督。',
				'违反本条例的，依规依纪严肃处理，决不姑息迁就纵容。',
				'第四条　本条例由市纪委负责解释，从发布之日起施行，',
				'以前的规定与本条例不一致的，以本条例为准予以执行。'
			),
			'regulations/wrapped.txt'
		);
		expect(r.errors).toEqual([]);
		expect(r.articles.map((a) => a.body)).toEqual([
			'为了加强机关作风建设，推动全面从严治党向纵深发展，结合本市实际情况和工作需要，制定本条例。',
			'本条例适用于本市各级党政机关、事业单位和国有企业中的党员干部，以及参照公务员法管理的单位工作人员。',
			'干部应当严格遵守各项纪律，自觉接受监督。\n\n违反本条例的，依规依纪严肃处理，决不姑息迁就纵容。',
			'本条例由市纪委负责解释，从发布之日起施行，以前的规定与本条例不一致的，以本条例为准予以执行。'
		]);
		expect(r.warnings.map((w) => [w.line, w.message])).toEqual([
			[2, '第 2–3 行是被断开的一段，已合并为一段'],
			[4, '第 4–7 行是被断开的一段，已合并为一段'],
			[6, '删除了页码行“— 2 —”'],
			[10, '第 10–11 行是被断开的一段，已合并为一段']
		]);
	});

	it('leaves a text saved from Word (one line per paragraph) as it is', () => {
		const r = parseRegulation(lines('清风市守则', '总体要求', '第一条 干部应当廉洁自律', '第二条 干部应当秉公用权'), 'regulations/word.txt');
		expect(r.warnings).toEqual([]);
		expect(r.groups.map((g) => g.title)).toEqual(['总体要求']);
		expect(r.articles.map((a) => a.body)).toEqual(['干部应当廉洁自律', '干部应当秉公用权']);
	});
});

describe('tables of contents of any shape', () => {
	const body = ['第一编　总则', '第一章　任务', '第一条　甲。', '第二章　原则', '第二条　乙。', '第二编　分则', '第三章　处分', '第三条　丙。', '附　　则', '第四条　丁。'];

	it('a table listing only chapters does not swallow 第一编', () => {
		const r = parseRegulation(lines('清风市处分规定', '目　录', '第一章　任务', '第二章　原则', '第三章　处分', '附　　则', ...body), 'regulations/toc1.txt');
		expect(r.errors).toEqual([]);
		expect(r.parts.map((p) => p.title)).toEqual(['第一编 总则', '第二编 分则', '附则']);
		expect(r.chapters.map((c) => c.title)).toEqual(['第一章 任务', '第二章 原则', '第三章 处分']);
		expect(r.articles.map((a) => [a.number, a.partTitle, a.chapterTitle])).toEqual([
			[1, '第一编 总则', '第一章 任务'],
			[2, '第一编 总则', '第二章 原则'],
			[3, '第二编 分则', '第三章 处分'],
			[4, '附则', '']
		]);
	});

	it('a table of 编 and 章 with leader dots and page numbers, followed by the promulgation note', () => {
		const r = parseRegulation(
			lines(
				'清风市处分规定',
				'目录',
				'第一编　总则………………………1',
				'第一章　任务………………………1',
				'第二章　原则（第二条）……………2',
				'第二编　分则………………………3',
				'第三章　处分………………………3',
				'附则…………………………………4',
				'（2025年1月1日清风市委常委会会议审议批准，2025年1月5日清风市委发布）',
				...body
			),
			'regulations/toc2.txt'
		);
		expect(r.errors).toEqual([]);
		expect(r.preamble).toBe('（2025年1月1日清风市委常委会会议审议批准，2025年1月5日清风市委发布）');
		expect(r.parts).toHaveLength(3);
		expect(r.chapters).toHaveLength(3);
	});

	it('a table written as a list, after the promulgation note', () => {
		const r = parseRegulation(
			lines('# 清风市处分规定', '', '（2025年1月5日发布）', '', '## 目录', '', '- 第一编 总则', '  - 第一章 任务', '  - 第二章 原则', '- 第二编 分则', '  - 第三章 处分', '- 附则', '', ...body),
			'regulations/toc3.md'
		);
		expect(r.errors).toEqual([]);
		expect(r.preamble).toBe('（2025年1月5日发布）');
		expect(r.parts.map((p) => p.line)).toEqual([14, 19, 22]);
	});
});

describe('appendices after the last article', () => {
	it('keeps 附件 apart, even when it has its own 第一条', () => {
		const r = parseRegulation(
			lines('清风市报告办法', '第一条 甲。', '第二条 本办法自发布之日起施行。', '', '附件：清风市报告登记表', '姓名　单位　事项', '附件2', '填表说明', '第一条 表中各栏均应填写。', '第二条 本表一式两份。'),
			'regulations/appendix.txt'
		);
		expect(r.errors).toEqual([]);
		expect(r.articles.map((a) => a.number)).toEqual([1, 2]);
		expect(r.articles[1].body).toBe('本办法自发布之日起施行。');
		expect(r.appendices).toEqual([
			{ title: '附件：清风市报告登记表', body: '姓名　单位　事项', line: 5 },
			{ title: '附件2', body: '填表说明\n\n第一条　表中各栏均应填写。\n\n第二条　本表一式两份。', line: 7 }
		]);
		expect(r.warnings.map((w) => w.line)).toEqual([5, 7]);
	});

	it('an explanation numbered from 第一条 again after the last article becomes an appendix titled by its heading', () => {
		const r = parseRegulation(lines('清风市值班规定', '第一条 甲。', '第二条 乙。', '第三条 丙。', '关于值班规定的说明', '第一条 说明甲。', '第二条 说明乙。'), 'regulations/explain.txt');
		expect(r.errors).toEqual([]);
		expect(r.groups).toEqual([]);
		expect(r.articles.map((a) => a.number)).toEqual([1, 2, 3]);
		expect(r.appendices).toEqual([{ title: '关于值班规定的说明', body: '第一条　说明甲。\n\n第二条　说明乙。', line: 5 }]);
		expect(r.warnings[0]).toMatchObject({ line: 5, message: expect.stringContaining('重新开始') });
	});
});

describe('item-numbered texts', () => {
	it('keeps "1." points inside 一、 sections as their own paragraphs', () => {
		const r = parseRegulation(lines('清风市作风要求', '一、改进会风', '1．少开会。', '2．开短会。', '二、改进文风', '1．短文章。'), 'regulations/items.txt');
		expect(r.errors).toEqual([]);
		expect(r.numbering).toBe('item');
		expect(r.articles.map((a) => a.body)).toEqual(['改进会风\n\n1．少开会。\n\n2．开短会。', '改进文风\n\n1．短文章。']);
	});
});

describe('what cannot be placed', () => {
	it('reports text between a heading and the next article by line, and nothing is loaded', () => {
		const r = parseRegulation(lines('清风市规定', `${S}第一章${S}总则`, '第一条 甲。', '第二章 分则', '这一段不属于任何条。', '第二条 乙。'), 'regulations/stray.txt');
		expect(r.errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('不属于任何条款') })]);
	});
});
