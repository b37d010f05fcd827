// What a refused form sends back to its page (see formAction in $lib/server/forms), and the
// helpers pages use to show it. Safe for the browser: no server code here.

export type FieldErrors = Record<string, string>;
/** What was typed, to refill the form: one string per field, a list for repeated fields (name[]). */
export type FormValues = Record<string, string | string[]>;

/**
 * A form action's answer as the page sees it: errors and values after a refusal, a message
 * after success; `action` names the form when a page has several.
 */
export type FormState<V = unknown> = { action?: string; errors?: FieldErrors; values?: V; message?: string } | null | undefined;

const matches = (form: FormState, action?: string) => !!form && (action === undefined || form.action === action);

/** Field errors of the last submission of this form (all forms when action is omitted). */
export function fieldErrors(form: FormState, action?: string): FieldErrors {
	return (matches(form, action) && form?.errors) || {};
}

/** What was typed into this form, when it was refused. */
export function fieldValues<V>(form: FormState<V>, action?: string): V | undefined {
	return matches(form, action) ? form?.values : undefined;
}

/** One field's text from refilled values, or the fallback (the stored value). */
export function textValue(values: FormValues | undefined, name: string, fallback: string | number | null | undefined = ''): string {
	const v = values?.[name];
	if (v === undefined) return fallback === null || fallback === undefined ? '' : String(fallback);
	return Array.isArray(v) ? (v[0] ?? '') : v;
}

/**
 * The one line a page shows after a submission: the success message, or why it was refused
 * (the form-wide error, else the first field error). For forms that are only a button or two.
 */
export function formNotice(form: FormState): { ok: boolean; text: string } | null {
	if (!form) return null;
	if (form.message) return { ok: true, text: form.message };
	const errors = form.errors ?? {};
	const text = errors._form ?? Object.values(errors)[0];
	return text ? { ok: false, text } : null;
}
