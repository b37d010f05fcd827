import { z } from 'zod';
import { idField, optionalText, parseForm, requiredText, type ParsedForm } from '$lib/server/forms';

import type { ReadingListDraft } from '$lib/server/reading-lists/reading-lists';
import { READING_LIST_AUDIENCES, READING_LIST_KINDS } from '$lib/vocabulary';

const date = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, `请填写${label}`);

const ids = z.array(idField('学习内容')).default([]);

/** The reading-list form, for creating and editing. Named people are typed as 工号/用户名. */
export const ReadingListForm = z
	.object({
		kind: z.enum(READING_LIST_KINDS, { error: '请选择任务类别' }),
		title: requiredText('任务名称', 100),
		unitId: z.coerce.number({ error: '请选择单位' }).int('请选择单位').positive('请选择单位'),
		audience: z.enum(READING_LIST_AUDIENCES, { error: '请选择学习对象' }),
		people: optionalText('指定人员', 20000, { multiline: true }),
		startDate: date('开始日期'),
		dueDate: date('截止日期'),
		note: optionalText('说明', 1000, { multiline: true }),
		countEarlier: z.enum(['yes', 'no'], { error: '请选择布置前的学习是否计入' }).default('no'),
		'courses[]': ids,
		'lessons[]': ids,
		'regulations[]': ids
	})
	.transform(
		(f): ReadingListDraft => ({
			kind: f.kind,
			title: f.title,
			unitId: f.unitId,
			audience: f.audience,
			usernames: f.people.split(/[\s,，、;；]+/).filter(Boolean),
			startDate: f.startDate,
			dueDate: f.dueDate,
			note: f.note,
			countEarlier: f.countEarlier === 'yes',
			items: [
				...f['courses[]'].map((id) => ({ type: 'course' as const, id })),
				...f['lessons[]'].map((id) => ({ type: 'lesson' as const, id })),
				...f['regulations[]'].map((id) => ({ type: 'regulation' as const, id }))
			]
		})
	);

/**
 * A regulation's 必读 part as submitted: the ranges of the 编/章/节 ticked (scope-ID[]) and the
 * article numbers typed (articles-ID), joined; empty = the whole text. Checked by the domain.
 */
function scopeSpec(form: FormData, regulationId: number): string {
	const ticked = form.getAll(`scope-${regulationId}[]`).map(String);
	const typed = String(form.get(`articles-${regulationId}`) ?? '').trim();
	return [...ticked, typed].filter(Boolean).join(',').slice(0, 2000);
}

/** The reading-list form, with each regulation's 必读 part. */
export function parseReadingListForm(form: FormData): ParsedForm<ReadingListDraft> {
	const parsed = parseForm(ReadingListForm, form);
	if (!parsed.ok) return parsed;
	const items = parsed.data.items.map((i) => (i.type === 'regulation' ? { ...i, scope: scopeSpec(form, i.id) } : i));
	return { ok: true, data: { ...parsed.data, items } };
}

/** What the form shows again after an error, or for an edit. */
export type ReadingListValues = {
	kind: string;
	title: string;
	unitId: number | string;
	audience: string;
	people: string;
	startDate: string;
	dueDate: string;
	note: string;
	countEarlier: boolean;
	courses: number[];
	lessons: number[];
	regulations: number[];
	/** Per regulation id, the 必读 part as article numbers ("1-10,15"; '' = the whole text). */
	scopes: Record<number, string>;
};

export function valuesFromForm(form: FormData): ReadingListValues {
	const s = (k: string) => String(form.get(k) ?? '');
	const n = (k: string) => form.getAll(k).map(Number).filter(Number.isInteger);
	return {
		kind: s('kind'),
		title: s('title'),
		unitId: s('unitId'),
		audience: s('audience'),
		people: s('people'),
		startDate: s('startDate'),
		dueDate: s('dueDate'),
		note: s('note'),
		countEarlier: s('countEarlier') === 'yes',
		courses: n('courses[]'),
		lessons: n('lessons[]'),
		regulations: n('regulations[]'),
		scopes: Object.fromEntries(n('regulations[]').map((id) => [id, scopeSpec(form, id)]))
	};
}
