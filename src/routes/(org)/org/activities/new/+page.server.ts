import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { contentOptions, saveActivity } from '$lib/server/activities/activities';
import { creationFromUrl, parseCampaignLink, saveWithCampaignLink } from '$lib/server/campaigns/links';
import { unitOptions } from '$lib/server/org/scope';
import { SessionForm } from '../schema';
import type { Actions, PageServerLoad } from './$types';
import { OFFLINE_KINDS } from '$lib/vocabulary';

// Opened from a campaign cell, the form carries the cell ("action:unit"); saving links the activity.
const NewSessionForm = SessionForm.extend({ campaignLink: z.string().optional() });

export const load: PageServerLoad = async (event) => {
	const { user, scope } = await requireOrganizerScope(event, db);
	// Opened from a campaign cell: the kind, title and unit are preset, and saving links the activity.
	const link = await creationFromUrl(db, scope, event.url, ['activity']);
	if (link === undefined) error(404, '系列活动不存在');
	const kind = OFFLINE_KINDS.find((k) => k === link?.subKind);
	const values = { unitId: link?.unitId ?? user.orgUnitId, checkinGraceMinutes: 30, ...(link ? { title: link.actionTitle } : {}), ...(kind ? { kind } : {}) };
	return { kinds: OFFLINE_KINDS, units: await unitOptions(db, scope), values, link, ...await contentOptions(db) };
};

export const actions: Actions = {
	default: formAction((event) => requireOrganizerScope(event, db), NewSessionForm, async ({ guarded: { user, scope }, data, refuse }) => {
		const { campaignLink, ...session } = data;
		const result = await saveWithCampaignLink(db, { scope, actorId: user.id, kind: 'activity', link: parseCampaignLink(campaignLink ?? null) }, (tx) => saveActivity(tx, { scope, actorId: user.id, session }), (r) => (r.ok ? r.id : 0));
		if (!result.ok) return refuse(result.errors);
		redirect(303, `/org/activities/${result.id}?created=1`);
	})
};
