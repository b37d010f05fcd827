import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { getCollection, namedPeopleOfCollection, saveCollection } from '$lib/server/writings/collections';
import { DEFAULT_FILE_MB, MAX_FILE_MB } from '$lib/server/files/limits';
import { CollectionForm, collectionValuesFromForm, type CollectionValues } from '../../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const c = await getCollection(db, scope, Number(event.params.id));
	if (!c) error(404, '征集不存在');
	const values: CollectionValues = {
		kind: c.kind,
		title: c.title,
		theme: c.theme,
		unitId: c.unitId,
		audience: c.audience,
		people: (await namedPeopleOfCollection(db, c.id)).map((p) => p.username).join('\n'),
		dueDate: c.dueDate,
		minChars: String(c.minChars),
		allowText: c.allowText,
		allowDocx: c.docxMaxMb !== null,
		allowImage: c.imageMaxMb !== null,
		allowPdf: c.pdfMaxMb !== null,
		docxMaxMb: String(c.docxMaxMb ?? DEFAULT_FILE_MB.docx),
		imageMaxMb: String(c.imageMaxMb ?? DEFAULT_FILE_MB.image),
		pdfMaxMb: String(c.pdfMaxMb ?? DEFAULT_FILE_MB.pdf)
	};
	return { collection: { id: c.id, title: c.title }, units: await unitOptions(db, scope), values, maxMb: MAX_FILE_MB };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = collectionValuesFromForm(form);
		const parsed = parseForm(CollectionForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveCollection(db, { scope: await scopeFor(db, user), actorId: user.id, id: Number(event.params.id), draft: parsed.data });
		if (!result.ok && result.status === 404) error(404, '征集不存在');
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/writings/${result.id}?saved=1`);
	}
};
