import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm, requiredText } from '$lib/server/forms';
import { addUnit, peopleCountByUnit, UNIT_KINDS, unitOptions, unitTree } from '$lib/server/org/units';
import { formValues } from '../form-values';
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
	add: async (event) => {
		requireAdmin(event);
		const submitted = await event.request.formData();
		const form = parseForm(AddUnitForm, submitted);
		if (!form.ok) return fail(400, { errors: form.errors as Record<string, string>, values: formValues(submitted) });
		const result = await addUnit(db, form.data);
		if (!result.ok) return fail(400, { errors: { name: result.message } as Record<string, string>, values: formValues(submitted) });
		return { added: result.unit.name };
	}
};
