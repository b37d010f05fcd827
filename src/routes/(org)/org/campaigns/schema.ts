import { z } from 'zod';
import { idField, optionalText, requiredText } from '$lib/server/forms';
import { cleanLine, cleanMultiline } from '$lib/server/files/names';
import { CAMPAIGN_TITLE_MAX, MAX_TARGET_TIMES, type ActionDraft, type CampaignDraft } from '$lib/server/campaigns/campaigns';
import { SUMMARY_MAX_CHARS } from '$lib/server/campaigns/summary';
import { CAMPAIGN_ACTION_CATEGORIES, CAMPAIGN_ACTION_KINDS, CAMPAIGN_TARGET_MODES } from '$lib/vocabulary';

const date = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, `请填写${label}`);

/** The campaign form (the publishing unit is chosen once, when creating). */
export const CampaignForm = z
	.object({
		title: requiredText('方案名称', CAMPAIGN_TITLE_MAX).transform(cleanLine),
		document: optionalText('依据文件', 200).transform(cleanLine),
		description: optionalText('方案说明', 2000).transform(cleanMultiline),
		unitId: z.coerce.number({ error: '请选择发布单位' }).int('请选择发布单位').positive('请选择发布单位'),
		startDate: date('开始日期'),
		endDate: date('结束日期')
	})
	.transform((f): CampaignDraft => f);

/** "activity" or "activity:警示教育片" → kind and sub-kind. */
const KindField = z
	.string({ error: '请选择活动类别' })
	.trim()
	.transform((v, ctx) => {
		const [kind, subKind] = v.split(':');
		const found = CAMPAIGN_ACTION_KINDS.find((k) => k === kind);
		if (!found) {
			ctx.addIssue({ code: 'custom', message: '请选择活动类别' });
			return z.NEVER;
		}
		return { kind: found, subKind: subKind || null };
	});

export const ActionForm = z
	.object({
		kind: KindField,
		category: z.enum(CAMPAIGN_ACTION_CATEGORIES, { error: '请选择规定动作或自选动作' }),
		title: requiredText('活动名称', 100).transform(cleanLine),
		description: optionalText('要求说明', 500).transform(cleanMultiline),
		targetMode: z.enum(CAMPAIGN_TARGET_MODES, { error: '请选择完成标准' }),
		targetTimes: z
			.string()
			.trim()
			.optional()
			.transform((v, ctx) => {
				const n = v ? Number(v) : 1;
				if (!Number.isInteger(n) || n < 1 || n > MAX_TARGET_TIMES) {
					ctx.addIssue({ code: 'custom', message: `次数应为 1 至 ${MAX_TARGET_TIMES} 之间的整数` });
					return z.NEVER;
				}
				return n;
			})
	})
	.transform((f): ActionDraft => ({ kind: f.kind.kind, subKind: f.kind.subKind, category: f.category, title: f.title, description: f.description, targetMode: f.targetMode, targetTimes: f.targetTimes }));

export const ActionIdForm = z.object({ actionId: idField('活动项') });
export const UnitsForm = z.object({ 'unitIds[]': z.array(idField('单位')).default([]) });
export const LinkForm = z.object({ recordId: idField('记录') });
export const SubmitForm = z.object({
	quarter: z.string({ error: '请选择季度' }).regex(/^\d{4}-[1-4]$/, '请选择季度'),
	note: optionalText('报送说明', 1000).transform(cleanMultiline)
});
export const SummaryForm = z.object({
	body: z
		.string({ error: '请填写总结内容' })
		.transform(cleanMultiline)
		.pipe(z.string().trim().min(1, '总结内容不能为空').max(SUMMARY_MAX_CHARS, `总结不能超过 ${SUMMARY_MAX_CHARS} 个字`))
});

/** The raw values of a submitted form, to show it again with its errors. */
export function formValues(form: FormData): Record<string, string> {
	return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v)]));
}
