import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { saveCollection } from '$lib/server/writings/collections';
import { creationFromUrl, parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import { WRITING_KINDS } from '$lib/vocabulary';
import { DEFAULT_FILE_MB, MAX_FILE_MB } from '$lib/server/files/limits';
import { addDays, localDate } from '$lib/time';
import { CollectionForm, collectionValuesFromForm, type CollectionValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const link = await creationFromUrl(db, scope, event.url, ['writing']);
	if (link === undefined) error(404, '系列活动不存在');
	const values: CollectionValues = {
		kind: WRITING_KINDS.find((k) => k === link?.subKind) ?? '心得体会',
		title: link?.actionTitle ?? '',
		theme: '',
		unitId: link?.unitId ?? user.orgUnitId,
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
	return { units: await unitOptions(db, scope), values, maxMb: MAX_FILE_MB, link };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = collectionValuesFromForm(form);
		const parsed = parseForm(CollectionForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const scope = await scopeFor(db, user);
		const result = await saveWithCampaignLink(db, { scope, actorId: user.id, kind: 'writing', link: parseCampaignLink(form.get('campaignLink')) }, (tx) => saveCollection(tx, { scope, actorId: user.id, draft: parsed.data }), (r) => (r.ok ? r.id : 0));
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/writings/${result.id}?created=1`);
	}
};
