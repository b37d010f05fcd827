import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { formAction, optionalText, parseForm, requiredText, safeRedirectTarget } from './forms.ts';

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

describe('formAction', () => {
	const Schema = z.object({ name: requiredText('姓名', 10), password: z.string().min(8, '密码至少 8 位') });
	const eventWith = (form: FormData) => ({ request: new Request('http://localhost/x', { method: 'POST', body: form }) }) as unknown as RequestEvent;

	it('runs the guard before the body is read, so a refused visitor’s form is never parsed', async () => {
		const request = new Request('http://localhost/x', { method: 'POST', body: new FormData() });
		const action = formAction(() => {
			throw new Error('refused');
		}, Schema, () => 'done');
		await expect(action({ request } as unknown as RequestEvent)).rejects.toThrow('refused');
		expect(request.bodyUsed).toBe(false);
	});

	it('answers 400 with Chinese field errors and the typed values to refill, but never the password', async () => {
		const form = new FormData();
		form.append('name', '一二三四五六七八九十一');
		form.append('password', 'short');
		form.append('tags[]', 'a');
		const result = await formAction(() => null, Schema, () => 'done', { action: 'save' })(eventWith(form));
		expect(isActionFailure(result) && result.status).toBe(400);
		expect(isActionFailure(result) && result.data).toEqual({
			action: 'save',
			errors: { name: '姓名不能超过 10 个字', password: '密码至少 8 位' },
			values: { name: '一二三四五六七八九十一', 'tags[]': ['a'] }
		});
	});

	it('hands the guard’s result and the parsed data to the handler, which may refuse with one message', async () => {
		const form = new FormData();
		form.append('name', ' 张三 ');
		form.append('password', 'long-enough-1');
		const ok = await formAction(() => ({ userId: 7 }), Schema, ({ guarded, data }) => `${guarded.userId}:${data.name}`)(eventWith(form));
		expect(ok).toBe('7:张三');
		const form2 = new FormData();
		form2.append('name', '张三');
		form2.append('password', 'long-enough-1');
		const refused = await formAction(() => null, Schema, ({ refuse }) => refuse('该姓名已存在'))(eventWith(form2));
		expect(refused).toMatchObject({ status: 400, data: { errors: { _form: '该姓名已存在' }, values: { name: '张三' } } });
	});
});
