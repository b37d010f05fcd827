import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { splitFrontMatter } from '../frontmatter.ts';
import { parseQuestions } from './parse.ts';

// content/README.md teaches organizers the question format by example; the example must parse.
describe('the question example in content/README.md', () => {
	it('parses into the four question types with the answers it shows', () => {
		const readme = readFileSync('content/README.md', 'utf8');
		const block = /```markdown\n(---\ntitle: 廉洁自律准则测验[\s\S]*?)```/.exec(readme)?.[1];
		expect(block).toBeDefined();
		const file = splitFrontMatter(block!, 'README.md');
		const { questions, errors } = parseQuestions(file.body, 'README.md', file.bodyLine);
		expect(errors).toEqual([]);
		expect(questions.map((q) => [q.key, q.type, q.answer])).toEqual([
			['lj-01', 'single', ['B']],
			['lj-02', 'multiple', ['A', 'B']],
			['lj-03', 'truefalse', ['true']],
			['lj-04', 'fill', [['人民根本利益']]]
		]);
		expect(questions.every((q) => q.refs.length > 0 && q.explanation.length > 0)).toBe(true);
	});
});
