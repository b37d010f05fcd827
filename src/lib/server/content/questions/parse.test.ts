import { describe, expect, it } from 'vitest';
import { parseQuestions } from './parse.ts';

const FILE = 'courses/01-demo/quiz.md';

function ok(body: string) {
	const result = parseQuestions(body, FILE, 1);
	expect(result.errors).toEqual([]);
	return result.questions;
}

function errorsOf(body: string, bodyLine = 1) {
	return parseQuestions(body, FILE, bodyLine).errors;
}

const META = '> 解析：因为如此。\n> 依据：sample-lianzheng-guize#3\n';

describe('parseQuestions: the four types', () => {
	it('reads a single-choice question with id, options A–D and one correct key', () => {
		const [q] = ok(`## 单选题 {#lj-01}\n党员干部廉洁自律规范共有几条？\n\n- [ ] 二条\n- [x] 四条\n- [ ] 六条\n- [ ] 八条\n\n${META}`);
		expect(q).toMatchObject({
			key: 'lj-01',
			type: 'single',
			stem: '党员干部廉洁自律规范共有几条？',
			options: [
				{ key: 'A', text: '二条' },
				{ key: 'B', text: '四条' },
				{ key: 'C', text: '六条' },
				{ key: 'D', text: '八条' }
			],
			answer: ['B'],
			explanation: '因为如此。',
			refs: ['sample-lianzheng-guize#3'],
			line: 1
		});
	});

	it('reads a multiple-choice question with every [x] as an answer, accepting * bullets and [X]', () => {
		const [q] = ok(`## 多选题 {#m}\n哪些正确？\n\n* [X] 甲\n- [ ] 乙\n- [x] 丙\n\n${META}`);
		expect(q.type).toBe('multiple');
		expect(q.answer).toEqual(['A', 'C']);
	});

	it('reads true/false answers in every accepted spelling', () => {
		const spellings: [string, string][] = [['正确', 'true'], ['对', 'true'], ['√', 'true'], ['错误', 'false'], ['错', 'false'], ['×', 'false']];
		for (const [word, value] of spellings) {
			const [q] = ok(`## 判断题\n陈述。\n\n> 答案：${word}\n${META}`);
			expect(q.answer, word).toEqual([value]);
		}
	});

	it('reads fill-in blanks, answers per blank (；) and alternatives (|)', () => {
		const [q] = ok(`## 填空题 {#f}\n反对____，落实________。\n\n> 答案：四风|“四风”；八项规定\n${META}`);
		expect(q.type).toBe('fill');
		expect(q.answer).toEqual([['四风', '“四风”'], ['八项规定']]);
	});

	it('accepts 答案/解析/依据 lines without the leading > and with half-width colons', () => {
		const [q] = ok(`## 判断题\n陈述。\n答案: 错误\n解析: 不对。\n依据: a-b#1, c#22，d#3\n`);
		expect(q.answer).toEqual(['false']);
		expect(q.refs).toEqual(['a-b#1', 'c#22', 'd#3']);
	});

	it('joins an explanation that runs over several > lines', () => {
		const [q] = ok(`## 判断题\n陈述。\n> 答案：对\n> 解析：第一句。\n> 第二句。\n> 依据：x#1\n`);
		expect(q.explanation).toBe('第一句。\n第二句。');
	});

	it('numbers questions without ids by position, keeps text before the first question as intro', () => {
		const result = parseQuestions(`本测验共两题。\n\n## 判断题\n一。\n> 答案：对\n${META}\n## 判断题\n二。\n> 答案：错\n${META}`, FILE, 5);
		expect(result.errors).toEqual([]);
		expect(result.intro).toBe('本测验共两题。');
		expect(result.questions.map((q) => [q.key, q.line])).toEqual([['auto-1', 7], ['auto-2', 13]]);
	});

	it('gives a question a new hash when its text or answer changes, the same hash when unchanged', () => {
		const a = ok(`## 单选题 {#a}\n问？\n- [x] 甲\n- [ ] 乙\n${META}`)[0];
		const same = ok(`## 单选题 {#a}\n问？\n- [x] 甲\n- [ ] 乙\n${META}`)[0];
		const other = ok(`## 单选题 {#a}\n问？\n- [ ] 甲\n- [x] 乙\n${META}`)[0];
		expect(same.hash).toBe(a.hash);
		expect(other.hash).not.toBe(a.hash);
	});
});

describe('parseQuestions: every error names file and line', () => {
	it('rejects a file without questions', () => {
		expect(errorsOf('只有说明文字。')).toEqual([{ file: FILE, line: 1, message: expect.stringContaining('没有找到题目') }]);
	});

	it('rejects an unknown type and an invalid id', () => {
		expect(errorsOf(`## 问答题\n问？\n${META}`)[0]).toMatchObject({ line: 1, message: expect.stringContaining('无法识别的题型“问答题”') });
		expect(errorsOf(`## 单选题 {#有 空格}\n问？\n${META}`)[0].message).toContain('题目编号“有 空格”无效');
	});

	it('rejects a single choice with zero or two correct options', () => {
		expect(errorsOf(`## 单选题\n问？\n- [ ] 甲\n- [ ] 乙\n${META}`)[0].message).toContain('恰好有一个正确选项 [x]，现在有 0 个');
		expect(errorsOf(`## 单选题\n问？\n- [x] 甲\n- [x] 乙\n${META}`)[0].message).toContain('现在有 2 个');
	});

	it('rejects a multiple choice with fewer than two correct options, and a choice with one option', () => {
		expect(errorsOf(`## 多选题\n问？\n- [x] 甲\n- [ ] 乙\n${META}`)[0].message).toContain('多选题至少要有两个正确选项');
		expect(errorsOf(`## 单选题\n问？\n- [x] 甲\n${META}`)[0].message).toContain('至少需要两个选项');
	});

	it('rejects a malformed option line, an empty option, and an 答案 line on a choice question', () => {
		expect(errorsOf(`## 单选题\n问？\n- [x]甲\n- [] 乙\n${META}`).map((e) => [e.line, e.message])).toContainEqual([4, expect.stringContaining('选项格式应为')]);
		expect(errorsOf(`## 单选题\n问？\n- [x] 甲\n- [ ]\n${META}`)[0]).toMatchObject({ line: 4, message: expect.stringContaining('选项内容为空') });
		expect(errorsOf(`## 单选题\n问？\n- [x] 甲\n- [ ] 乙\n> 答案：A\n${META}`)[0]).toMatchObject({ line: 5, message: expect.stringContaining('不要写“答案：”') });
	});

	it('rejects options after the explanation and stray text after the options', () => {
		expect(errorsOf(`## 单选题\n问？\n- [x] 甲\n${META}- [ ] 乙\n`)[0]).toMatchObject({ line: 6, message: expect.stringContaining('选项应写在') });
		expect(errorsOf(`## 单选题\n问？\n- [x] 甲\n- [ ] 乙\n多余的话\n${META}`)[0]).toMatchObject({ line: 5, message: expect.stringContaining('无法识别的内容') });
	});

	it('rejects a missing stem, 解析, 依据 or 答案, and empty values', () => {
		expect(errorsOf(`## 判断题\n> 答案：对\n${META}`)[0].message).toContain('缺少题干');
		expect(errorsOf(`## 判断题\n问。\n> 答案：对\n> 依据：x#1\n`)[0].message).toContain('缺少“解析：”');
		expect(errorsOf(`## 判断题\n问。\n> 答案：对\n> 解析：因为。\n`)[0].message).toContain('缺少“依据：”');
		expect(errorsOf(`## 判断题\n问。\n${META}`)[0].message).toContain('缺少“答案：”');
		expect(errorsOf(`## 判断题\n问。\n> 答案：\n${META}`)[0]).toMatchObject({ line: 3, message: expect.stringContaining('“答案：”后没有内容') });
		expect(errorsOf(`## 判断题\n问。\n> 答案：对\n> 解析：\n> 依据：x#1\n`)[0].message).toContain('“解析：”后没有内容');
		expect(errorsOf(`## 判断题\n问。\n> 答案：对\n> 解析：因为。\n> 依据：\n`)[0].message).toContain('“依据：”后没有内容');
	});

	it('rejects a key written twice', () => {
		expect(errorsOf(`## 判断题\n问。\n> 答案：对\n> 答案：错\n${META}`)[0]).toMatchObject({ line: 4, message: expect.stringContaining('“答案”写了两次') });
	});

	it('rejects a true/false answer that is neither true nor false, and options on it', () => {
		expect(errorsOf(`## 判断题\n问。\n> 答案：也许\n${META}`)[0].message).toContain('判断题的答案应为“正确”或“错误”');
		expect(errorsOf(`## 判断题\n问。\n- [x] 对\n> 答案：对\n${META}`)[0].message).toContain('判断题不应有选项');
	});

	it('rejects a fill-in question whose answer count differs from its blanks, or with no blank, or an empty alternative', () => {
		expect(errorsOf(`## 填空题\n反对____，落实____。\n> 答案：四风\n${META}`)[0]).toMatchObject({ line: 3, message: expect.stringContaining('题干有 2 个空，答案却有 1 个') });
		expect(errorsOf(`## 填空题\n没有空。\n> 答案：四风\n${META}`)[0].message).toContain('题干中没有空');
		expect(errorsOf(`## 填空题\n反对____。\n> 答案：四风|\n${META}`)[0].message).toContain('空白的写法');
	});

	it('rejects references that are not slug#number', () => {
		const errors = errorsOf(`## 判断题\n问。\n> 答案：对\n> 解析：因为。\n> 依据：准则第五条，x#1, y#a, z\n`);
		expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('依据“准则第五条”格式不对'), expect.stringContaining('依据“y#a”'), expect.stringContaining('依据“z”')]);
		expect(errors.every((e) => e.line === 5)).toBe(true);
	});

	it('rejects duplicate ids and leaves out only the broken question', () => {
		const result = parseQuestions(`## 判断题 {#a}\n一。\n> 答案：对\n${META}\n## 判断题 {#a}\n二。\n> 答案：对\n${META}\n## 判断题 {#b}\n三。\n> 答案：\n${META}`, FILE, 10);
		expect(result.errors).toEqual([
			{ file: FILE, line: 16, message: expect.stringContaining('题目编号 a 重复（第 10 行已使用）') },
			{ file: FILE, line: 24, message: expect.stringContaining('“答案：”后没有内容') }
		]);
		expect(result.questions.map((q) => q.stem)).toEqual(['一。']);
	});

	it('does not take a ## inside a code block for a question heading', () => {
		const [q] = ok(`## 判断题\n问：\n\n\`\`\`\n## 不是标题\n\`\`\`\n> 答案：对\n${META}`);
		expect(q.stem).toContain('## 不是标题');
	});
});
