import { z } from 'zod';
import { cleanText, type CleanTextOptions } from './text.ts';

export type FieldErrors = Record<string, string>;
export type ParsedForm<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Validates a submitted form against one schema. Repeated fields (checkbox groups) arrive as
 * arrays; single fields as strings. Field errors come back keyed by field name, in Chinese.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): ParsedForm<z.output<S>> {
	const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key);
		raw[key] = all.length > 1 || key.endsWith('[]') ? all : all[0];
	}
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = String(issue.path[0] ?? '_form');
		errors[key] ??= issue.message;
	}
	const values: Record<string, string> = {};
	for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' && !/password/i.test(k)) values[k] = v;
	return { ok: false, errors, values };
}

// Every text field a person fills in is cleaned first (cleanText: invisible and control characters
// stripped, NFC), then trimmed and measured. Passwords are not text fields: they are compared,
// never shown, and must arrive exactly as typed.

/** A required, trimmed text field with a Chinese message. */
export function requiredText(label: string, max = 200, options: CleanTextOptions = {}) {
	return z
		.string({ error: `请填写${label}` })
		.overwrite((s) => cleanText(s, options))
		.trim()
		.min(1, `请填写${label}`)
		.max(max, `${label}不能超过 ${max} 个字`);
}

export function optionalText(label: string, max = 2000, options: CleanTextOptions = {}) {
	return z
		.string()
		.overwrite((s) => cleanText(s, options))
		.trim()
		.max(max, `${label}不能超过 ${max} 个字`)
		.optional()
		.transform((v) => v ?? '');
}

/** An integer id coming from a form field. */
export function idField(label: string) {
	return z.coerce.number({ error: `${label}无效` }).int(`${label}无效`).positive(`${label}无效`);
}

/** A checkbox: present means true. */
export const checkbox = z
	.union([z.literal('on'), z.literal('true'), z.literal('1')])
	.optional()
	.transform((v) => v !== undefined);

/**
 * Only same-site paths are allowed as post-login destinations. Parsing with URL (as browsers do,
 * dropping tabs and newlines, reading `\` as `/`) catches tricks like `/\t/evil.example` that a
 * prefix check misses. The normalised result is checked again: resolving dot segments can itself
 * produce a protocol-relative address (`/..//evil.example` → `//evil.example`, which a browser
 * sends to evil.example), so what comes out must be a path on this site when read once more.
 */
export function safeRedirectTarget(next: string | null | undefined, fallback = '/'): string {
	if (!next || !next.startsWith('/')) return fallback;
	const base = 'http://qingfeng.invalid';
	const sameSite = (path: string) => {
		try {
			return new URL(path, base).origin === base;
		} catch {
			return false;
		}
	};
	if (!sameSite(next)) return fallback;
	const url = new URL(next, base);
	const target = url.pathname + url.search + url.hash;
	if (!/^\/(?![/\\])/.test(target) || !sameSite(target)) return fallback;
	return target;
}
