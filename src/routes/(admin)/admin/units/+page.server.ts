import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { formAction, requiredText } from '$lib/server/forms';
import { addUnit, peopleCountByUnit, UNIT_KINDS, unitOptions, unitTree } from '$lib/server/org/units';
import type { Actions, PageServerLoad } from './$types';

const AddUnitForm = z.object({
	parentId: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive()], { error: '上级单位无效' }),
	name: requiredText('单位名称', 60),
	kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' })
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return {
		tree: await unitTree(db, null),
		options: await unitOptions(db),
		counts: Object.fromEntries(await peopleCountByUnit(db)),
		kinds: UNIT_KINDS,
		deleted: event.url.searchParams.get('deleted')
	};
};

export const actions: Actions = {
	add: formAction(requireAdmin, AddUnitForm, async ({ data, refuse }) => {
		const result = await addUnit(db, data);
		if (!result.ok) return refuse({ name: result.message });
		return { message: `已添加单位“${result.unit.name}”。` };
	})
};
