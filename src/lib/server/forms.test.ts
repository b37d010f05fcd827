import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { optionalText, parseForm, requiredText, safeRedirectTarget } from './forms.ts';

describe('safeRedirectTarget', () => {
	it('keeps same-site paths', () => {
		expect(safeRedirectTarget('/courses/abc?x=1#y')).toBe('/courses/abc?x=1#y');
		expect(safeRedirectTarget('/competitions/join?code=123456')).toBe('/competitions/join?code=123456');
	});

	it('refuses anything a browser would send to another site', () => {
		for (const evil of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example', 'javascript:alert(1)', '', null, undefined]) {
			expect(safeRedirectTarget(evil), String(evil)).toBe('/');
		}
	});

	it('refuses paths that become another site once dot segments are resolved, in every spelling', () => {
		const evil = [
			'/..//evil.example/x',
			'/../..//evil.example/x',
			'/x/../..//evil.example',
			'/.//evil.example',
			'/%2e%2e//evil.example/x',
			'/%2E%2E//evil.example/x',
			'/.%2e//evil.example',
			'/..\\evil.example',
			'/..\\/evil.example',
			'/./\\evil.example',
			'/..\t//evil.example',
			'/.\n.//evil.example',
			'/%2e%2e/\\evil.example'
		];
		for (const next of evil) {
			const target = safeRedirectTarget(next);
			// Whatever comes out, a browser resolving it stays on this site.
			expect(target, next).toMatch(/^\/(?![/\\])/);
			expect(new URL(target, 'https://xuexi.example').host, next).toBe('xuexi.example');
		}
		expect(safeRedirectTarget('/..//evil.example/x')).toBe('/');
		expect(safeRedirectTarget('/%2e%2e//evil.example/x', '/notices')).toBe('/notices');
	});

	it('keeps dot segments and encoded characters that stay on this site', () => {
		expect(safeRedirectTarget('/courses/../regulations')).toBe('/regulations');
		expect(safeRedirectTarget('/a/%2f%2fevil.example')).toBe('/a/%2f%2fevil.example');
		expect(safeRedirectTarget('/%09/x')).toBe('/%09/x');
	});
});

describe('parseForm', () => {
	const Schema = z.object({ name: requiredText('姓名', 4), tags: z.array(z.string()).optional() });

	it('returns typed data and collects repeated fields as arrays', () => {
		const form = new FormData();
		form.append('name', ' 张三 ');
		form.append('tags', 'a');
		form.append('tags', 'b');
		expect(parseForm(Schema, form)).toEqual({ ok: true, data: { name: '张三', tags: ['a', 'b'] } });
	});

	it('returns Chinese field errors and keeps what was typed, but never passwords', () => {
		const form = new FormData();
		form.append('name', '一二三四五');
		form.append('password', 'secret');
		const result = parseForm(Schema, form);
		expect(result).toEqual({ ok: false, errors: { name: '姓名不能超过 4 个字' }, values: { name: '一二三四五' } });
	});
});

describe('text fields', () => {
	it('store what a person typed without invisible or control characters, so names cannot spoof rosters', () => {
		const Schema = z.object({ name: requiredText('姓名', 10), note: optionalText('备注', 100, { multiline: true }) });
		const form = new FormData();
		form.append('name', ' \u202E张\u200B三\u0000\u2066 ');
		form.append('note', '第一行\r\n\u200D第二行\u202E');
		expect(parseForm(Schema, form)).toEqual({ ok: true, data: { name: '张三', note: '第一行\n第二行' } });
	});

	it('count a name made only of invisible characters as empty', () => {
		const form = new FormData();
		form.append('name', '\u200B\u3164\u202E');
		expect(parseForm(z.object({ name: requiredText('姓名') }), form)).toMatchObject({ ok: false, errors: { name: '请填写姓名' } });
	});
});
