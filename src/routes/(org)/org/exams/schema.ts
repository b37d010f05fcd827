import { z } from 'zod';
import { checkbox, formValues, optionalText, parseForm, requiredText, type FormValues } from '$lib/server/forms';
import { cleanLine, cleanMultiline } from '$lib/server/files/names';
import { EXAM_TITLE_MAX, MAX_SECTIONS, type ExamDraft } from '$lib/server/exams/exams';
import type { ExamSection } from '$lib/server/db/schema';
import { parseLocalDateTime } from '$lib/time';
import { DIFFICULTIES, EXAM_AUDIENCES, PAPER_MODES, QUESTION_TYPES } from '$lib/vocabulary';

/** How many section rows the form shows (empty rows are ignored), so it works without scripts. */
export const SECTION_ROWS = 6;

const whole = (label: string, min: number, max: number) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v, ctx) => {
			const n = Number(v);
			if (!v || !Number.isInteger(n) || n < min || n > max) {
				ctx.addIssue({ code: 'custom', message: `${label}应为 ${min} 至 ${max} 之间的整数` });
				return z.NEVER;
			}
			return n;
		});

/** A whole number that may be left empty (null). */
const optionalWhole = (label: string, min: number, max: number) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v, ctx) => {
			if (!v) return null;
			const n = Number(v);
			if (!Number.isInteger(n) || n < min || n > max) {
				ctx.addIssue({ code: 'custom', message: `${label}应为 ${min} 至 ${max} 之间的整数（可留空）` });
				return z.NEVER;
			}
			return n;
		});

const instant = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.transform((v, ctx) => {
			const d = parseLocalDateTime(v);
			if (!d) {
				ctx.addIssue({ code: 'custom', message: `请填写${label}（日期和时间）` });
				return z.NEVER;
			}
			return d.getTime();
		});

const ExamFields = z.object({
	title: requiredText('考试名称', EXAM_TITLE_MAX).transform(cleanLine),
	description: optionalText('考试说明', 2000).transform(cleanMultiline),
	unitId: z.coerce.number({ error: '请选择单位' }).int('请选择单位').positive('请选择单位'),
	audience: z.enum(EXAM_AUDIENCES, { error: '请选择参考人员' }),
	people: optionalText('指定人员', 20000),
	paperMode: z.enum(PAPER_MODES, { error: '请选择组卷方式' }),
	shuffleOptions: checkbox,
	opensAt: instant('开考时间'),
	closesAt: instant('结束时间'),
	timeLimitMinutes: whole('考试时长（分钟）', 1, 600),
	attemptsAllowed: whole('允许参加次数', 1, 10),
	passScore: whole('及格分', 1, 1000),
	showAnswers: checkbox,
	autoSubmitLeaves: optionalWhole('离开页面次数', 1, 100)
});

const QUESTION_TYPE_SET = new Set<string>(QUESTION_TYPES);
const DIFFICULTY_SET = new Set<string>(DIFFICULTIES);

/** The section rows that were filled in (a count given); problems keyed `sections`. */
function parseSections(form: FormData): { sections: ExamSection[]; error: string | null } {
	const sections: ExamSection[] = [];
	for (let i = 1; i <= SECTION_ROWS; i++) {
		const get = (name: string) => String(form.get(`section${i}${name}`) ?? '').trim();
		const countText = get('Count');
		if (!countText) continue;
		const count = Number(countText);
		const points = Number(get('Points'));
		if (!Number.isInteger(count) || count < 1 || count > 200) return { sections, error: `第 ${i} 部分的题数应为 1 至 200 之间的整数` };
		if (!Number.isInteger(points) || points < 1 || points > 100) return { sections, error: `第 ${i} 部分的每题分值应为 1 至 100 之间的整数` };
		const type = get('Type');
		const difficulty = get('Difficulty');
		if (type && !QUESTION_TYPE_SET.has(type)) return { sections, error: `第 ${i} 部分的题型无效` };
		if (difficulty && !DIFFICULTY_SET.has(difficulty)) return { sections, error: `第 ${i} 部分的难度无效` };
		const setIds = form.getAll(`section${i}Sets`).map((v) => Number(v));
		if (setIds.some((id) => !Number.isSafeInteger(id) || id <= 0)) return { sections, error: `第 ${i} 部分的题库无效` };
		const [regulation, chapter = ''] = get('Regulation').split('::');
		if (regulation && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(regulation)) return { sections, error: `第 ${i} 部分的法规无效` };
		sections.push({
			title: cleanLine(get('Title')).slice(0, 40),
			setIds: [...new Set(setIds)],
			category: cleanLine(get('Category')).slice(0, 40),
			regulation: regulation ?? '',
			chapter: cleanLine(chapter).slice(0, 100),
			type: type as ExamSection['type'],
			difficulty: difficulty as ExamSection['difficulty'],
			count,
			points
		});
	}
	if (sections.length > MAX_SECTIONS) return { sections, error: `最多 ${MAX_SECTIONS} 个组卷部分` };
	return { sections, error: null };
}

export type ParsedExamForm = { ok: true; draft: ExamDraft } | { ok: false; errors: Record<string, string>; values: FormValues };

/** The exam form, without the 任前 list (a file, read by the action). */
export function parseExamForm(form: FormData): ParsedExamForm {
	const values = formValues(form);
	const parsed = parseForm(ExamFields, form);
	const { sections, error } = parseSections(form);
	const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
	if (error) errors.sections = error;
	if (!parsed.ok || error) return { ok: false, errors, values };
	const f = parsed.data;
	return {
		ok: true,
		draft: {
			title: f.title,
			description: f.description,
			unitId: f.unitId,
			audience: f.audience,
			usernames: f.people.split(/[\s,，、;；]+/).filter(Boolean),
			batch: null,
			paperMode: f.paperMode,
			sections,
			shuffleOptions: f.shuffleOptions,
			opensAt: f.opensAt,
			closesAt: f.closesAt,
			timeLimitMinutes: f.timeLimitMinutes,
			attemptsAllowed: f.attemptsAllowed,
			passScore: f.passScore,
			showAnswers: f.showAnswers,
			autoSubmitLeaves: f.autoSubmitLeaves
		}
	};
}

/** An exam as the form's values (editing, or a new exam's defaults). */
export function examValues(d: Omit<ExamDraft, 'batch'> & { toLocal: (ms: number) => string }): FormValues {
	const v: FormValues = {
		title: d.title,
		description: d.description,
		unitId: String(d.unitId),
		audience: d.audience,
		people: d.usernames.join(' '),
		paperMode: d.paperMode,
		opensAt: d.toLocal(d.opensAt),
		closesAt: d.toLocal(d.closesAt),
		timeLimitMinutes: String(d.timeLimitMinutes),
		attemptsAllowed: String(d.attemptsAllowed),
		passScore: String(d.passScore),
		autoSubmitLeaves: d.autoSubmitLeaves === null ? '' : String(d.autoSubmitLeaves)
	};
	if (d.shuffleOptions) v.shuffleOptions = 'on';
	if (d.showAnswers) v.showAnswers = 'on';
	for (const [i, s] of d.sections.entries()) {
		const n = i + 1;
		v[`section${n}Title`] = s.title;
		v[`section${n}Sets`] = s.setIds.map(String);
		v[`section${n}Type`] = s.type;
		v[`section${n}Difficulty`] = s.difficulty;
		v[`section${n}Category`] = s.category;
		v[`section${n}Regulation`] = s.chapter ? `${s.regulation}::${s.chapter}` : s.regulation;
		v[`section${n}Count`] = String(s.count);
		v[`section${n}Points`] = String(s.points);
	}
	return v;
}
