import { describe, expect, it } from 'vitest';
import { parseRegulation } from './parse.ts';

// Every document here is written for the tests; none is an official text.
const S = '\u3000'; // full-width space, as official texts indent and separate with it

function lines(...ls: string[]): string {
	return ls.join('\n');
}

describe('parseRegulation: structure as Markdown headings', () => {
	const doc = lines(
		'# 清风市机关学习制度',
		'',
		'（2025年1月1日试行）',
		'',
		'## 第一章 总则',
		'',
		'第一条 为了规范机关学习，制定本制度。',
		'',
		'第二条 本制度适用于市直机关。',
		'',
		'## 第二章 学习安排',
		'',
		'### 第一节 集中学习',
		'',
		'第三条 每月集中学习一次。',
		'',
		'集中学习由支部书记主持。',
		'',
		'因故缺席的，应当补学。',
		'',
		'### 第二节 个人自学',
		'',
		'第四条 党员每周自学不少于两小时。',
		'',
		'## 第三章 附则',
		'',
		'第五条 本制度自印发之日起施行。'
	);
	const r = parseRegulation(doc, 'regulations/xuexi-zhidu.md');

	it('finds title, slug, preamble, chapters, sections and articles', () => {
		expect(r.errors).toEqual([]);
		expect(r.meta.title).toBe('清风市机关学习制度');
		expect(r.meta.slug).toBe('xuexi-zhidu');
		expect(r.numbering).toBe('article');
		expect(r.preamble).toBe('（2025年1月1日试行）');
		expect(r.chapters.map((c) => c.title)).toEqual(['第一章 总则', '第二章 学习安排', '第三章 附则']);
		expect(r.sections.map((s) => s.title)).toEqual(['第一节 集中学习', '第二节 个人自学']);
		expect(r.articles.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
	});

	it('keeps following paragraphs in the article and gives each article its context', () => {
		const third = r.articles[2];
		expect(third.label).toBe('第三条');
		expect(third.body).toBe('每月集中学习一次。\n\n集中学习由支部书记主持。\n\n因故缺席的，应当补学。');
		expect(third.chapterTitle).toBe('第二章 学习安排');
		expect(third.sectionTitle).toBe('第一节 集中学习');
		expect(r.articles[4].sectionTitle).toBe('');
		expect(r.articles[4].chapterTitle).toBe('第三章 附则');
	});
});

describe('parseRegulation: plain lines indented with full-width spaces', () => {
	const doc = lines(
		'《清风市廉政谈话办法》',
		'',
		`${S}${S}第一编${S}总则`,
		'',
		`${S}${S}第一章${S}一般规定`,
		'',
		`${S}${S}第一条${S}廉政谈话是日常监督的方式。`,
		'',
		`${S}${S}第二编${S}分则`,
		'',
		`${S}${S}第二章${S}谈话程序`,
		'',
		`${S}${S}第二条 谈话前应当制定方案。`,
		`${S}${S}第三条谈话应当由两人以上进行。`,
		'',
		`${S}${S}第三章${S}附${S}${S}则`,
		'',
		`${S}${S}第四条${S}本办法由市纪委负责解释。`
	);
	const r = parseRegulation(doc, 'regulations/tanhua.txt');

	it('reads 编 and 章 without Markdown and whatever follows the label', () => {
		expect(r.errors).toEqual([]);
		expect(r.meta.title).toBe('清风市廉政谈话办法');
		expect(r.parts.map((p) => p.title)).toEqual(['第一编 总则', '第二编 分则']);
		expect(r.chapters.map((c) => c.title)).toEqual(['第一章 一般规定', '第二章 谈话程序', '第三章 附则']);
		expect(r.articles.map((a) => [a.label, a.body])).toEqual([
			['第一条', '廉政谈话是日常监督的方式。'],
			['第二条', '谈话前应当制定方案。'],
			['第三条', '谈话应当由两人以上进行。'],
			['第四条', '本办法由市纪委负责解释。']
		]);
		expect(r.articles[1].partTitle).toBe('第二编 分则');
		expect(r.articles[0].partTitle).toBe('第一编 总则');
	});

	it('names the line each article starts on', () => {
		expect(r.articles.map((a) => a.line)).toEqual([7, 13, 14, 18]);
	});
});

describe('parseRegulation: table of contents', () => {
	const doc = lines(
		'清风市监督办法',
		'',
		'目　　录',
		'',
		'    第一章　总　　则',
		'第二章　监督方式',
		'第三章　附　　则',
		'',
		'第一章　总　　则',
		'',
		'第一条　为了加强监督，制定本办法。',
		'',
		'第二章　监督方式',
		'',
		'第二条　监督包括日常监督和专项监督。',
		'',
		'第三章　附　　则',
		'',
		'第三条　本办法自发布之日起施行。'
	);
	const r = parseRegulation(doc, 'regulations/jiandu.md');

	it('drops the table of contents and counts each chapter once', () => {
		expect(r.errors).toEqual([]);
		expect(r.chapters.map((c) => c.title)).toEqual(['第一章 总则', '第二章 监督方式', '第三章 附则']);
		expect(r.chapters.map((c) => c.line)).toEqual([9, 13, 17]);
		expect(r.preamble).toBe('');
		expect(r.articles).toHaveLength(3);
		expect(r.articles[0].chapterTitle).toBe('第一章 总则');
	});
});

describe('parseRegulation: files as editors save them', () => {
	it('reads CRLF line endings, a BOM, bold labels and a printed table of contents with page numbers', () => {
		const doc =
			'\uFEFF' +
			['清风市保密守则', '目录', '第一章 总则……………1', '第二章 附则……………3', '', '## 第一章 总则', '', '**第一条**　保守秘密。', '', '## 第二章 附则', '', '**第二条** 自印发之日起施行。'].join('\r\n');
		const r = parseRegulation(doc, 'regulations/baomi.txt');
		expect(r.errors).toEqual([]);
		expect(r.chapters.map((c) => [c.title, c.line])).toEqual([
			['第一章 总则', 6],
			['第二章 附则', 10]
		]);
		expect(r.articles.map((a) => [a.label, a.body])).toEqual([
			['第一条', '保守秘密。'],
			['第二条', '自印发之日起施行。']
		]);
	});
});

describe('parseRegulation: numbers into the hundreds', () => {
	const articles = Array.from({ length: 125 }, (_, i) => i + 1);
	const numeral = (n: number) => {
		const d = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
		const hundreds = Math.floor(n / 100);
		const tens = Math.floor((n % 100) / 10);
		const ones = n % 10;
		let s = hundreds ? d[hundreds] + '百' : '';
		if (tens) s += (hundreds || tens > 1 ? d[tens] : '') + '十';
		else if (hundreds && ones) s += '零';
		if (hundreds && tens === 1) s = s.replace(/百十$/, '百一十');
		return s + d[ones];
	};
	const doc = ['# 长条例', '', ...articles.map((n) => `第${numeral(n)}条 第${n}条的内容。`)].join('\n\n');
	const r = parseRegulation(doc, 'regulations/long.md');

	it('reads 第十条, 第二十条, 第一百零五条, 第一百一十条 and 第一百二十三条', () => {
		expect(r.errors).toEqual([]);
		expect(r.articles).toHaveLength(125);
		const byNumber = new Map(r.articles.map((a) => [a.number, a]));
		expect(byNumber.get(10)?.label).toBe('第十条');
		expect(byNumber.get(20)?.label).toBe('第二十条');
		expect(byNumber.get(105)?.label).toBe('第一百零五条');
		expect(byNumber.get(110)?.label).toBe('第一百一十条');
		expect(byNumber.get(123)?.label).toBe('第一百二十三条');
		expect(byNumber.get(123)?.body).toBe('第123条的内容。');
	});
});

describe('parseRegulation: citations inside an article are not new articles', () => {
	it('keeps 第二条所列… and 第一条、第二条… in the body', () => {
		const r = parseRegulation(
			lines('# 引用测试', '第一条 甲。', '第二条 乙。', '第三条 丙。', '第一条、第二条所列情形，依照本条处理。', '第二条规定的期限可以延长。', '第四条 丁。'),
			'regulations/cite.md'
		);
		expect(r.errors).toEqual([]);
		expect(r.articles.map((a) => a.number)).toEqual([1, 2, 3, 4]);
		expect(r.articles[2].body).toBe('丙。\n\n第一条、第二条所列情形，依照本条处理。\n\n第二条规定的期限可以延长。');
	});
});

describe('parseRegulation: item numbering (一、二、三…)', () => {
	const doc = lines(
		'### 《清风市机关作风八条要求》（全文）',
		'',
		'为改进机关作风，提出以下要求。',
		'',
		`${S}一、改进调查研究，多到基层听取意见。`,
		'',
		`${S}二、`,
		'精简会议，开短会、讲短话。',
		'',
		`${S}三、`,
		'精简文件，可发可不发的一律不发。',
		'',
		'四、厉行勤俭节约。',
		'',
		'以上要求自印发之日起执行。'
	);
	const r = parseRegulation(doc, 'regulations/zuofeng.md');

	it('numbers items and joins a numeral on its own line with the text below it', () => {
		expect(r.errors).toEqual([]);
		expect(r.numbering).toBe('item');
		expect(r.meta.title).toBe('《清风市机关作风八条要求》（全文）');
		expect(r.preamble).toBe('为改进机关作风，提出以下要求。');
		expect(r.articles.map((a) => [a.number, a.label])).toEqual([
			[1, '一、'],
			[2, '二、'],
			[3, '三、'],
			[4, '四、']
		]);
		expect(r.articles[1].body).toBe('精简会议，开短会、讲短话。');
		expect(r.articles[3].body).toBe('厉行勤俭节约。\n\n以上要求自印发之日起执行。');
	});

	it('treats 一、 lines inside an article-numbered text as body', () => {
		const r2 = parseRegulation(lines('# 测试', '第一条 处分种类：', '一、警告；', '二、严重警告。', '第二条 其他。'), 'regulations/t.md');
		expect(r2.numbering).toBe('article');
		expect(r2.articles.map((a) => a.number)).toEqual([1, 2]);
		expect(r2.articles[0].body).toBe('处分种类：\n\n一、警告；\n\n二、严重警告。');
	});
});

describe('parseRegulation: unnumbered headings and comments', () => {
	it('groups articles under short heading lines and ignores HTML comments', () => {
		const doc = lines(
			'清风守则',
			'<!-- 本文件为测试文本',
			'第九条 这一行在注释里 -->',
			'全体干部应当遵守本守则。',
			'',
			'干部守则',
			'',
			'第一条 公私分明。',
			'',
			'领导干部守则',
			'',
			'第二条 廉洁用权。'
		);
		const r = parseRegulation(doc, 'regulations/shouze.md');
		expect(r.errors).toEqual([]);
		expect(r.preamble).toBe('全体干部应当遵守本守则。');
		expect(r.groups.map((g) => g.title)).toEqual(['干部守则', '领导干部守则']);
		expect(r.articles.map((a) => [a.number, a.sectionTitle, a.body])).toEqual([
			[1, '干部守则', '公私分明。'],
			[2, '领导干部守则', '廉洁用权。']
		]);
		expect(r.articles[1].line).toBe(12);
	});
});

describe('parseRegulation: front matter', () => {
	it('reads known fields and counts lines from the top of the file', () => {
		const doc = lines(
			'---',
			'title: 《清风市示例规定》',
			'edition: 2025年版',
			'issuer: 清风市纪委',
			'effective_date: 2025-03-01',
			'status: 已修订',
			'slug: shili-guiding',
			'sample: true',
			'---',
			'第一条 示例。',
			'第三条 跳号。'
		);
		const r = parseRegulation(doc, 'regulations/whatever.md');
		expect(r.meta).toEqual({
			title: '清风市示例规定',
			edition: '2025年版',
			issuer: '清风市纪委',
			effectiveDate: '2025-03-01',
			slug: 'shili-guiding',
			sample: true,
			status: 'amended'
		});
		expect(r.errors).toEqual([expect.objectContaining({ file: 'regulations/whatever.md', line: 11 })]);
	});

	it('refuses unknown fields, naming the line', () => {
		const r = parseRegulation(lines('---', 'title: 规定', 'efective_date: 2025-01-01', '---', '第一条 示例。'), 'regulations/x.md');
		expect(r.errors).toEqual([{ file: 'regulations/x.md', line: 3, message: expect.stringContaining('efective_date') }]);
	});
});

describe('parseRegulation: errors', () => {
	it('reports a skipped article number with its line', () => {
		const r = parseRegulation(lines('# 跳号', '第一条 甲。', '第二条 乙。', '第四条 丁。'), 'regulations/skip.md');
		expect(r.errors).toHaveLength(1);
		expect(r.errors[0]).toMatchObject({ file: 'regulations/skip.md', line: 4 });
		expect(r.errors[0].message).toContain('第四条');
		expect(r.errors[0].message).toContain('第3条');
	});

	it('reports a repeated article number with both lines', () => {
		const r = parseRegulation(lines('# 重号', '第一条 甲。', '第二条 乙。', '第二条 乙乙。', '第三条 丙。'), 'regulations/dup.md');
		expect(r.errors).toHaveLength(1);
		expect(r.errors[0]).toMatchObject({ line: 4 });
		expect(r.errors[0].message).toContain('重复');
		expect(r.errors[0].message).toContain('第 3 行');
	});

	it('reports numbering that does not start at one', () => {
		const r = parseRegulation(lines('# 缺首条', '第二条 乙。', '第三条 丙。'), 'regulations/nofirst.md');
		expect(r.errors).toEqual([expect.objectContaining({ line: 2 })]);
	});

	it('reports broken item numbering', () => {
		const r = parseRegulation(lines('# 要求', '一、甲。', '三、丙。'), 'regulations/items.md');
		expect(r.errors).toEqual([expect.objectContaining({ line: 3 })]);
	});

	it('reports an empty document', () => {
		const r = parseRegulation(lines('---', 'title: 空文件', '---', '', '   '), 'regulations/empty.md');
		expect(r.errors.map((e) => e.message)).toEqual([expect.stringContaining('文档为空')]);
		expect(r.articles).toEqual([]);
	});

	it('reports a file whose title cannot be determined', () => {
		const r = parseRegulation(lines('第一条 直接从第一条开始。', '第二条 没有标题。'), 'regulations/notitle.md');
		expect(r.errors).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('无法确定标题') })]);
	});

	it('reports a document without any article', () => {
		const r = parseRegulation(lines('# 通知', '请各支部认真组织学习。'), 'regulations/notice.md');
		expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('没有找到任何条款') })]);
	});

	it('reports broken YAML front matter instead of throwing', () => {
		const r = parseRegulation(lines('---', 'title: [未闭合', '---', '第一条 甲。'), 'regulations/yaml.md');
		expect(r.errors).toHaveLength(1);
		expect(r.errors[0].message).toContain('YAML');
	});
});
