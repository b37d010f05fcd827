import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { idField, parseForm } from '$lib/server/forms';
import { signerView, signPledge, startReading } from '$lib/server/pledges/signing';
import type { Actions, PageServerLoad } from './$types';

const SignForm = z.object({
	versionId: idField('版本'),
	typedName: z.string().max(50, '姓名过长').optional().default(''),
	drawing: z.string().max(60_000, '手写签名过长，请清除后重新书写').optional().default('')
});

// Showing the page records nothing: the reading clock starts only with "开始阅读" (a POST).
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const view = await signerView(db, user, Number(event.params.id));
	if (!view) error(404, '承诺书不存在');
	return { view };
};

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event);
		const result = await startReading(db, user, Number(event.params.id));
		if (!result.ok) error(404, '承诺书不存在');
		return { started: true };
	},
	sign: async (event) => {
		const user = requireUser(event);
		const form = parseForm(SignForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: Object.values(form.errors)[0], field: null, secondsRemaining: null, typedName: form.values.typedName ?? '' });
		const result = await signPledge(db, user, { pledgeId: Number(event.params.id), ...form.data });
		if (!result.ok) return fail(400, { message: result.message, field: result.field ?? null, secondsRemaining: result.secondsRemaining ?? null, typedName: form.data.typedName });
		return { signed: result.signed, alreadySigned: result.alreadySigned };
	}
};
