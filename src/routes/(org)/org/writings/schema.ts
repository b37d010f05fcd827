import { z } from 'zod';
import { checkbox, optionalText, requiredText } from '$lib/server/forms';
import { cleanLine, cleanMultiline } from '$lib/server/files/names';
import { COLLECTION_THEME_MAX, COLLECTION_TITLE_MAX, MAX_MIN_CHARS, type CollectionDraft } from '$lib/server/writings/collections';
import { DEFAULT_FILE_MB, MAX_FILE_MB } from '$lib/server/files/limits';
import { READING_LIST_AUDIENCES, WRITING_KINDS } from '$lib/vocabulary';

const whole = (label: string, min: number, max: number, fallback: number) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v, ctx) => {
			const n = v ? Number(v) : fallback;
			if (!Number.isInteger(n) || n < min || n > max) {
				ctx.addIssue({ code: 'custom', message: `${label}应为 ${min} 至 ${max} 之间的整数` });
				return z.NEVER;
			}
			return n;
		});

/** The collection form, for opening and editing a collection. */
export const CollectionForm = z
	.object({
		kind: z.enum(WRITING_KINDS, { error: '请选择征集类别' }),
		title: requiredText('征集名称', COLLECTION_TITLE_MAX).transform(cleanLine),
		theme: optionalText('主题与要求', COLLECTION_THEME_MAX).transform(cleanMultiline),
		unitId: z.coerce.number({ error: '请选择单位' }).int('请选择单位').positive('请选择单位'),
		audience: z.enum(READING_LIST_AUDIENCES, { error: '请选择征集对象' }),
		people: optionalText('指定人员', 20000),
		dueDate: z
			.string({ error: '请填写截止日期' })
			.trim()
			.regex(/^\d{4}-\d{2}-\d{2}$/, '请填写截止日期'),
		minChars: whole('最少字数', 0, MAX_MIN_CHARS, 0),
		allowText: checkbox,
		allowDocx: checkbox,
		allowImage: checkbox,
		allowPdf: checkbox,
		docxMaxMb: whole('Word 文档大小上限', 1, MAX_FILE_MB.docx, DEFAULT_FILE_MB.docx),
		imageMaxMb: whole('图片大小上限', 1, MAX_FILE_MB.image, DEFAULT_FILE_MB.image),
		pdfMaxMb: whole('PDF 大小上限', 1, MAX_FILE_MB.pdf, DEFAULT_FILE_MB.pdf)
	})
	.transform(
		(f): CollectionDraft => ({
			kind: f.kind,
			title: f.title,
			theme: f.theme,
			unitId: f.unitId,
			audience: f.audience,
			usernames: f.people.split(/[\s,，、;；]+/).filter(Boolean),
			dueDate: f.dueDate,
			minChars: f.minChars,
			allowText: f.allowText,
			docxMaxMb: f.allowDocx ? f.docxMaxMb : null,
			imageMaxMb: f.allowImage ? f.imageMaxMb : null,
			pdfMaxMb: f.allowPdf ? f.pdfMaxMb : null
		})
	);

export type CollectionValues = {
	kind: string;
	title: string;
	theme: string;
	unitId: number | string;
	audience: string;
	people: string;
	dueDate: string;
	minChars: string;
	allowText: boolean;
	allowDocx: boolean;
	allowImage: boolean;
	allowPdf: boolean;
	docxMaxMb: string;
	imageMaxMb: string;
	pdfMaxMb: string;
};

export function collectionValuesFromForm(form: FormData): CollectionValues {
	const s = (k: string) => String(form.get(k) ?? '');
	const b = (k: string) => form.has(k);
	return {
		kind: s('kind'),
		title: s('title'),
		theme: s('theme'),
		unitId: s('unitId'),
		audience: s('audience'),
		people: s('people'),
		dueDate: s('dueDate'),
		minChars: s('minChars'),
		allowText: b('allowText'),
		allowDocx: b('allowDocx'),
		allowImage: b('allowImage'),
		allowPdf: b('allowPdf'),
		docxMaxMb: s('docxMaxMb'),
		imageMaxMb: s('imageMaxMb'),
		pdfMaxMb: s('pdfMaxMb')
	};
}
