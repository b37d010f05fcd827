import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';

import { assignableContent, saveReadingList } from '$lib/server/reading-lists/reading-lists';
import { creationFromUrl, parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import { unitOptions } from '$lib/server/org/scope';
import { addDays, localDate } from '$lib/time';
import { parseReadingListForm, valuesFromForm, type ReadingListValues } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { READING_LIST_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const { user, scope } = await requireOrganizerScope(event, db);
	const link = await creationFromUrl(db, scope, event.url, ['reading-list']);
	if (link === undefined) error(404, '系列活动不存在');
	const today = localDate(new Date());
	const values: ReadingListValues = {
		kind: READING_LIST_KINDS.find((k) => k === link?.subKind) ?? '读书思廉',
		title: link?.actionTitle ?? '',
		unitId: link?.unitId ?? user.orgUnitId,
		audience: 'all',
		people: '',
		startDate: today,
		dueDate: addDays(today, 30),
		note: '',
		countEarlier: false,
		courses: [],
		lessons: [],
		regulations: [],
		scopes: {}
	};
	return { kinds: READING_LIST_KINDS, units: await unitOptions(db, scope), content: await assignableContent(db), values, link };
};

export const actions: Actions = {
	default: async (event) => {
		// The 必读 part of each regulation comes from fields beside the list, so this form is parsed whole.
		const { user, scope } = await requireOrganizerScope(event, db);
		const form = await event.request.formData();
		const values = valuesFromForm(form);
		const parsed = parseReadingListForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await saveWithCampaignLink(db, { scope, actorId: user.id, kind: 'reading-list', link: parseCampaignLink(form.get('campaignLink')) }, (tx) => saveReadingList(tx, { scope, actorId: user.id, draft: parsed.data }), (r) => (r.ok ? r.id : 0));
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/reading-lists/${result.id}?created=1`);
	}
};
