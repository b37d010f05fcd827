import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { regulationReadingPage, signRegulation, startRegulationReading } from '$lib/server/reading/regulations';
import type { Actions, PageServerLoad } from './$types';

// 法规阅后签名 over a part (?scope=1-10,15; none = the whole text). The load only reads; reading
// starts with 开始阅读 and ends with the signature, both POSTs.

const ReadingForm = z.object({
	contentHash: z.string({ error: '提交的内容无效，请刷新页面后再试' }).trim().min(1, '提交的内容无效，请刷新页面后再试').max(200),
	scope: z.string().trim().max(2000).optional().transform((v) => v ?? '')
});

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const page = await regulationReadingPage(db, { userId: user.id, slug: event.params.slug, scope: event.url.searchParams.get('scope') ?? '' });
	if (!page) error(404, '没有找到这部法规或所指定的条文');
	return page;
};

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event);
		const form = parseForm(ReadingForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: Object.values(form.errors)[0], secondsRemaining: null });
		const result = await startRegulationReading(db, { userId: user.id, slug: event.params.slug, ...form.data });
		if (!result.ok) return fail(400, { message: result.message, secondsRemaining: null });
		return { started: true };
	},
	sign: async (event) => {
		const user = requireUser(event);
		const form = parseForm(ReadingForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: Object.values(form.errors)[0], secondsRemaining: null });
		// Bound to the edition the page showed; records the reading lists this completes in the same transaction.
		const result = await signRegulation(db, { userId: user.id, slug: event.params.slug, ...form.data });
		if (!result.ok) return fail(400, { message: result.message, secondsRemaining: result.secondsRemaining ?? null });
		return { signedAt: result.signedAt, alreadySigned: result.alreadySigned };
	}
};
