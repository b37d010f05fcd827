import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { cleanText, type CleanTextOptions } from './text.ts';
import type { FieldErrors, FormValues } from '../forms.ts';

export type { FieldErrors, FormValues } from '../forms.ts';
export type ParsedForm<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

/** Password fields are never sent back to refill a form. */
const SECRET = /password|^current$|^confirm$/i;

/** The submitted text fields, to refill a refused form: lists for repeated fields, no passwords, no files. */
export function formValues(form: FormData): FormValues {
	const values: FormValues = {};
	for (const key of new Set(form.keys())) {
		if (SECRET.test(key)) continue;
		const texts = form.getAll(key).filter((v): v is string => typeof v === 'string');
		if (texts.length === 0) continue;
		values[key] = texts.length > 1 || key.endsWith('[]') ? texts : texts[0];
	}
	return values;
}

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
	return { ok: false, errors, values: formValues(form) };
}

/** What a refused form action returns (with status 400): see FormState in $lib/forms. */
export type FormFailure<V = FormValues> = { action?: string; errors: FieldErrors; values: V };

export type FormContext<G, T, V> = {
	event: RequestEvent;
	/** What the guard returned: the user, their scope, the record the URL names… */
	guarded: G;
	data: T;
	/** Refuses the submission: field errors, or one message for the whole form. Changes nothing. */
	refuse: (problem: FieldErrors | string) => ActionFailure<FormFailure<V>>;
};

/**
 * A form action in the house order: guard (before the body is read, so a refused visitor's
 * upload is never parsed), parse with one schema, then the handler; a refusal at any step
 * answers 400 with Chinese field errors and the typed values to refill the form (formValues, or
 * the form's own `values` reader). `action` names the form in its answers when a page has several.
 */
export function formAction<G, S extends z.ZodType, R, V = FormValues>(
	guard: (event: RequestEvent) => G | Promise<G>,
	schema: S,
	handle: (context: FormContext<Awaited<G>, z.output<S>, V>) => R | Promise<R>,
	options: { action?: string; values?: (form: FormData) => V } = {}
): (event: RequestEvent) => Promise<R | ActionFailure<FormFailure<V>>> {
	const tag = options.action === undefined ? {} : { action: options.action };
	const readValues = options.values ?? (formValues as unknown as (form: FormData) => V);
	return async (event) => {
		const guarded = await guard(event);
		const form = await event.request.formData();
		const values = readValues(form);
		const refuse = (problem: FieldErrors | string) =>
			fail(400, { ...tag, errors: typeof problem === 'string' ? { _form: problem } : problem, values });
		const parsed = parseForm(schema, form);
		if (!parsed.ok) return refuse(parsed.errors);
		return await handle({ event, guarded, data: parsed.data, refuse });
	};
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
