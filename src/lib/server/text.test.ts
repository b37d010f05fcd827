import { describe, expect, it } from 'vitest';
import { cleanText } from './text.ts';

describe('cleanText', () => {
	it('strips bidi overrides, embeddings and isolates, so a name cannot turn text around', () => {
		expect(cleanText('张三\u202Eexe.txt')).toBe('张三exe.txt');
		expect(cleanText('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061C李四')).toBe('李四');
	});

	it('strips zero-width and other invisible characters, so two names that look alike are alike', () => {
		expect(cleanText('王\u200B五')).toBe('王五');
		expect(cleanText('\uFEFF王\u200C\u200D\u2060\u00AD五\u180E')).toBe('王五');
		expect(cleanText('\u3164')).toBe('');
		expect(cleanText('赵六\u{E0041}\u{E007F}')).toBe('赵六');
	});

	it('strips NUL and other control characters', () => {
		expect(cleanText('第一\u0000党支部\u0007\u007F\u0085\u009B')).toBe('第一党支部 ');
	});

	it('turns line breaks and tabs into spaces on one line, and keeps them in multi-line text', () => {
		expect(cleanText('张\t三\r\n李四')).toBe('张 三 李四');
		expect(cleanText('第一行\r\n第二行\r第三行\u2028\t缩进\u0000', { multiline: true })).toBe('第一行\n第二行\n第三行\n\t缩进');
	});

	it('normalises to NFC and repairs broken surrogates', () => {
		expect(cleanText('Jose\u0301')).toBe('José');
		expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
		// Ordinary text, CJK punctuation and emoji pass unchanged.
		expect(cleanText('《中国共产党纪律处分条例》第一条：（一）👍 ok')).toBe('《中国共产党纪律处分条例》第一条：（一）👍 ok');
	});
});
