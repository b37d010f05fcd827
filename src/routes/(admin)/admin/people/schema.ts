import { z } from 'zod';
import { checkbox, idField, optionalText, requiredText } from '$lib/server/forms';
import { ROLE_VALUES } from '$lib/server/people/accounts';

/** The fields of a person shared by the create and edit forms. */
export const PersonFields = z.object({
	name: requiredText('姓名', 50),
	orgUnitId: idField('所属单位'),
	title: optionalText('职务', 100),
	isLeader: checkbox,
	role: z.enum(ROLE_VALUES, { error: '请选择角色' })
});

/** An optional password typed by the admin; empty means "generate one". */
export const OptionalPassword = z
	.string()
	.max(128, '密码不能超过 128 位')
	.optional()
	.transform((v) => v || undefined);
