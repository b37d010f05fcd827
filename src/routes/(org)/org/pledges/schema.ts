import { z } from 'zod';
import { optionalText, requiredText } from '$lib/server/forms';
import { cleanLine, cleanMultiline } from '$lib/server/files/names';
import type { PledgeDraft } from '$lib/server/pledges/pledges';
import { MAX_MIN_READ_SECONDS, PLEDGE_BODY_MAX, PLEDGE_TITLE_MAX } from '$lib/server/pledges/pledges';
import { PLEDGE_KINDS } from '$lib/vocabulary';

const SEPARATORS = /[\s,，、;；:：]+/;

/**
 * 责任书 parties, one 甲方 per line followed by one or more 乙方 (工号/用户名):
 * "zhou 20260001 20260002" makes two letters, zhou with each of them.
 */
export function parseLetters(text: string): { ok: true; letters: PledgeDraft['letters'] } | { ok: false; message: string } {
	const letters: PledgeDraft['letters'] = [];
	for (const [i, line] of text.split('\n').entries()) {
		const names = line.split(SEPARATORS).filter(Boolean);
		if (!names.length) continue;
		if (names.length < 2) return { ok: false, message: `第 ${i + 1} 行只有甲方“${names[0]}”，请在后面写上乙方的工号/用户名` };
		for (const second of names.slice(1)) letters.push({ first: names[0], second });
	}
	return { ok: true, letters };
}

const date = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, `请填写${label}`);

/** The pledge form, for publishing and for revising. */
export const PledgeForm = z
	.object({
		kind: z.enum(PLEDGE_KINDS, { error: '请选择承诺书或责任书' }),
		title: requiredText('标题', PLEDGE_TITLE_MAX).transform(cleanLine),
		unitId: z.coerce.number({ error: '请选择单位' }).int('请选择单位').positive('请选择单位'),
		audience: z.enum(['all', 'leaders', 'named'], { error: '请选择签署对象' }),
		people: optionalText('指定人员', 20000),
		letters: optionalText('责任书双方', 20000),
		dueDate: date('截止日期'),
		minReadSeconds: z
			.string()
			.trim()
			.optional()
			.transform((v, ctx) => {
				if (!v) return null;
				const n = Number(v);
				if (!Number.isInteger(n) || n < 0 || n > MAX_MIN_READ_SECONDS) {
					ctx.addIssue({ code: 'custom', message: `最短阅读时间应为 0 至 ${MAX_MIN_READ_SECONDS} 之间的整数（秒），留空则按字数估算` });
					return z.NEVER;
				}
				return n;
			}),
		body: requiredText('承诺书正文', PLEDGE_BODY_MAX).transform(cleanMultiline)
	})
	.transform((f, ctx): PledgeDraft => {
		const letters = f.kind === '责任书' ? parseLetters(f.letters) : { ok: true as const, letters: [] };
		if (!letters.ok) {
			ctx.addIssue({ code: 'custom', message: letters.message, path: ['letters'] });
			return z.NEVER;
		}
		return {
			kind: f.kind,
			title: f.title,
			unitId: f.unitId,
			audience: f.audience,
			usernames: f.people.split(SEPARATORS).filter(Boolean),
			letters: letters.letters,
			dueDate: f.dueDate,
			minReadSeconds: f.minReadSeconds ?? null,
			body: f.body
		};
	});

export type PledgeValues = { kind: string; title: string; unitId: number | string; audience: string; people: string; letters: string; dueDate: string; minReadSeconds: string; body: string };

export function pledgeValuesFromForm(form: FormData): PledgeValues {
	const s = (k: string) => String(form.get(k) ?? '');
	return { kind: s('kind'), title: s('title'), unitId: s('unitId'), audience: s('audience'), people: s('people'), letters: s('letters'), dueDate: s('dueDate'), minReadSeconds: s('minReadSeconds'), body: s('body') };
}
