import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { saveCollection } from '$lib/server/writings/collections';
import { DEFAULT_FILE_MB, MAX_FILE_MB } from '$lib/server/files/limits';
import { addDays, localDate } from '$lib/time';
import { CollectionForm, collectionValuesFromForm, type CollectionValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const values: CollectionValues = {
		kind: '心得体会',
		title: '',
		theme: '',
		unitId: user.orgUnitId,
		audience: 'all',
		people: '',
		dueDate: addDays(localDate(new Date()), 30),
		minChars: '0',
		allowText: true,
		allowDocx: true,
		allowImage: false,
		allowPdf: false,
		docxMaxMb: String(DEFAULT_FILE_MB.docx),
		imageMaxMb: String(DEFAULT_FILE_MB.image),
		pdfMaxMb: String(DEFAULT_FILE_MB.pdf)
	};
	return { units: await unitOptions(db, await scopeFor(db, user)), values, maxMb: MAX_FILE_MB };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = collectionValuesFromForm(form);
		const parsed = parseForm(CollectionForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveCollection(db, { scope: await scopeFor(db, user), actorId: user.id, draft: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/writings/${result.id}?created=1`);
	}
};
