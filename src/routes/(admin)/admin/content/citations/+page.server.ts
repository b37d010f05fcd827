import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm, idField } from '$lib/server/forms';
import { citationFlags, confirmCitation } from '$lib/server/content/citations';
import type { Actions, PageServerLoad } from './$types';

const ConfirmForm = z.object({
	sourceKind: z.enum(['question', 'lesson'], { error: '无效的条目' }),
	sourceId: idField('条目'),
	ref: z.string().min(1, '无效的依据').max(200),
	toRegulationId: idField('法规'),
	toHash: z.string().regex(/^[0-9a-f]{16}$/, { error: '无效的版本' })
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { flags: await citationFlags(db) };
};

export const actions: Actions = {
	confirm: async (event) => {
		const user = requireAdmin(event);
		const form = parseForm(ConfirmForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: Object.values(form.errors)[0] });
		const done = await confirmCitation(db, { ...form.data, userId: user.id });
		if (!done) return fail(400, { message: '这条依据已不需要确认（可能已更新或已由他人确认）' });
		return { confirmed: form.data.ref };
	}
};
