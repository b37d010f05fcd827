import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { parseForm } from '$lib/server/forms';

import { contentOptions, saveActivity } from '$lib/server/activities/activities';
import { creationFromUrl, parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import { unitOptions } from '$lib/server/org/scope';
import { SessionForm } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { OFFLINE_KINDS } from '$lib/vocabulary';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	// Opened from a campaign cell: the kind, title and unit are preset, and saving links the activity.
	const link = await creationFromUrl(db, scope, event.url, ['activity']);
	if (link === undefined) error(404, '系列活动不存在');
	const kind = OFFLINE_KINDS.find((k) => k === link?.subKind);
	const values = { unitId: link?.unitId ?? user.orgUnitId, checkinGraceMinutes: 30, ...(link ? { title: link.actionTitle } : {}), ...(kind ? { kind } : {}) };
	return { kinds: OFFLINE_KINDS, units: await unitOptions(db, scope), values, link, ...await contentOptions(db) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const parsed = parseForm(SessionForm, form);
		const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const scope = await scopeFor(db, user);
		const result = await saveWithCampaignLink(db, { scope, actorId: user.id, link: parseCampaignLink(form.get('campaignLink')) }, (tx) => saveActivity(tx, { scope, actorId: user.id, session: parsed.data }), (r) => (r.ok ? r.id : 0));
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/activities/${result.id}?created=1`);
	}
};
