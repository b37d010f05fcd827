import { z } from 'zod';
import { optionalText, requiredText } from '$lib/server/forms';

import { parseLocalDateTime } from '$lib/time';
import { MAX_GRACE_MINUTES } from '$lib/server/activities/checkin';
import { OFFLINE_KINDS } from '$lib/vocabulary';

const dateTime = (label: string) =>
	z
		.string({ error: `请填写${label}` })
		.trim()
		.min(1, `请填写${label}`)
		.transform((v, ctx) => {
			const d = parseLocalDateTime(v);
			if (!d) {
				ctx.addIssue({ code: 'custom', message: `${label}格式不正确` });
				return z.NEVER;
			}
			return d;
		});

const optionalId = z
	.string()
	.optional()
	.transform((v, ctx) => {
		if (!v) return null;
		const n = Number(v);
		if (!Number.isInteger(n) || n <= 0) {
			ctx.addIssue({ code: 'custom', message: '选择无效' });
			return z.NEVER;
		}
		return n;
	});

/** The session form: one schema for creating and editing. */
export const SessionForm = z.object({
	kind: z.enum(OFFLINE_KINDS, { error: '请选择活动类别' }),
	title: requiredText('活动名称', 100),
	unitId: z.coerce.number({ error: '请选择组织单位' }).int('请选择组织单位').positive('请选择组织单位'),
	startsAt: dateTime('开始时间'),
	endsAt: dateTime('结束时间'),
	place: optionalText('地点', 100),
	speaker: optionalText('主讲人', 50),
	courseId: optionalId,
	regulationId: optionalId,
	notes: optionalText('备注', 2000, { multiline: true }),
	checkinGraceMinutes: z.coerce
		.number({ error: '签到宽限时间必须是整数' })
		.int('签到宽限时间必须是整数')
		.min(0, '签到宽限时间不能为负数')
		.max(MAX_GRACE_MINUTES, `签到宽限时间最长 ${MAX_GRACE_MINUTES} 分钟`)
});
