import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { cleanLine, cleanMultiline } from '$lib/server/files/names';
import { MAX_FILES_PER_SUBMISSION } from '$lib/server/files/limits';
import { acceptOf } from '$lib/server/writings/collections';
import { authorView, saveSubmission, withdrawSubmission } from '$lib/server/writings/submissions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const view = await authorView(db, user, Number(event.params.id));
	if (!view) error(404, '征集不存在');
	return { view, accept: acceptOf(view.collection), maxFiles: MAX_FILES_PER_SUBMISSION };
};

const PieceForm = z.object({
	title: z.string().optional().default('').transform(cleanLine),
	body: z.string().optional().default('').transform(cleanMultiline),
	remove: z.array(z.coerce.number().int()).default([])
});

async function save(event: RequestEvent, submit: boolean) {
	const user = requireUser(event);
	const form = await event.request.formData();
	const fields = PieceForm.parse({ title: form.get('title') ?? undefined, body: form.get('body') ?? undefined, remove: form.getAll('remove') });
	const uploads = [];
	for (const entry of form.getAll('files')) {
		if (entry instanceof File && (entry.size > 0 || entry.name)) uploads.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
	}
	const result = await saveSubmission(db, user, Number(event.params.id), { title: fields.title, body: fields.body, uploads, removeFileIds: fields.remove }, submit);
	if (!result.ok) {
		if (result.message === '征集不存在') error(404, result.message);
		return fail(400, { message: result.message, field: result.field ?? null, values: { title: fields.title, body: fields.body } });
	}
	return { saved: true, submitted: result.submitted };
}

export const actions: Actions = {
	save: async (event) => await save(event, false),
	submit: async (event) => await save(event, true),
	withdraw: async (event) => {
		const user = requireUser(event);
		const result = await withdrawSubmission(db, user, Number(event.params.id));
		if (!result.ok) return fail(400, { message: result.message, field: null, values: null });
		return { withdrawn: true };
	}
};
