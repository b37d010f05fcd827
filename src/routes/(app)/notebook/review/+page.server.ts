import { fail } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { nextReviewCard, reviewCard } from '$lib/server/notebook/notebook';
import { appClock } from '$lib/server/clock';
import { cleanText } from '$lib/server/text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { card: await nextReviewCard(db, user.id, appClock.now()) };
};

export const actions: Actions = {
	/** One review: graded on the server, the card rescheduled, the review logged. */
	answer: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const cardId = Number(form.get('cardId'));
		if (!Number.isSafeInteger(cardId) || cardId <= 0) return fail(400, { message: '请求不完整，请刷新页面' });
		const values = form.getAll('answer').map((v) => (typeof v === 'string' ? cleanText(v) : '')).slice(0, 12);
		const outcome = await reviewCard(db, { userId: user.id, cardId, values }, appClock.now());
		if (!outcome.ok) return fail(400, { message: outcome.message, cardId });
		return { outcome };
	}
};
