import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { optionalText, parseForm } from '$lib/server/forms';
import { getCollection } from '$lib/server/writings/collections';
import { piecesOf } from '$lib/server/writings/overview';
import { eventsOf, reviewSubmission, type ReviewAction } from '$lib/server/writings/submissions';
import type { Actions, PageServerLoad } from './$types';

async function pieceInScope(event: RequestEvent) {
	const user = requireOrganizer(event);
	const c = await getCollection(db, await scopeFor(db, user), Number(event.params.id));
	if (!c) error(404, '征集不存在');
	const [piece] = await piecesOf(db, c.id, 'handed-in', Number(event.params.sid));
	if (!piece) error(404, '作品不存在');
	return { user, c, piece };
}

export const load: PageServerLoad = async (event) => {
	const { c, piece } = await pieceInScope(event);
	return { collection: { id: c.id, title: c.title, kind: c.kind }, piece, events: await eventsOf(db, piece.id) };
};

const ReturnForm = z.object({ comment: optionalText('修改意见', 1000) });

async function review(event: RequestEvent, action: (form: FormData) => ReviewAction | { error: string }) {
	const { user, c, piece } = await pieceInScope(event);
	const r = action(await event.request.formData());
	if ('error' in r) return fail(400, { ok: false, message: r.error });
	const result = await reviewSubmission(db, { collectionId: c.id, submissionId: piece.id, actorId: user.id, review: r });
	if (!result.ok) return fail(400, { ok: false, message: result.message });
	return { ok: true, message: result.message };
}

export const actions: Actions = {
	accept: async (event) => await review(event, () => ({ action: 'accept' })),
	return: async (event) =>
		await review(event, (form) => {
			const parsed = parseForm(ReturnForm, form);
			return parsed.ok ? { action: 'return', comment: parsed.data.comment } : { error: parsed.errors.comment ?? '修改意见无效' };
		}),
	excellent: async (event) => await review(event, (form) => ({ action: 'excellent', value: form.get('value') === '1' })),
	publish: async (event) => await review(event, (form) => ({ action: 'publish', value: form.get('value') === '1' }))
};
