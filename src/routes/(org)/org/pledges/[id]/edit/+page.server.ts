import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { unitOptions } from '$lib/server/org/scope';
import { parseForm } from '$lib/server/forms';
import { getPledge, namedPeopleOf, savePledge } from '$lib/server/pledges/pledges';
import { lettersOf } from '$lib/server/pledges/audience';
import { PledgeForm, pledgeValuesFromForm, type PledgeValues } from '../../schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const scope = await scopeFor(db, user);
	const pledge = await getPledge(db, scope, Number(event.params.id));
	if (!pledge) error(404, '承诺书不存在');
	// Letters listed one per line, 甲方 first, as the form takes them.
	const letters = (await lettersOf(db, pledge.id)).map((l) => `${l.first.username} ${l.second.username}`).join('\n');
	const values: PledgeValues = {
		kind: pledge.kind,
		title: pledge.version.title,
		unitId: pledge.unitId,
		audience: pledge.audience === 'letters' ? 'all' : pledge.audience,
		people: (await namedPeopleOf(db, pledge.id)).map((p) => p.username).join('\n'),
		letters,
		dueDate: pledge.dueDate,
		minReadSeconds: String(pledge.minReadSeconds),
		body: pledge.version.body
	};
	return { pledge: { id: pledge.id, title: pledge.title, versionNumber: pledge.version.number }, units: await unitOptions(db, scope), values };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = pledgeValuesFromForm(form);
		const parsed = parseForm(PledgeForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await savePledge(db, { scope: await scopeFor(db, user), actorId: user.id, id: Number(event.params.id), draft: parsed.data });
		if (!result.ok && result.status === 404) error(404, '承诺书不存在');
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/pledges/${result.id}?${result.newVersion ? 'version=1' : 'saved=1'}`);
	}
};
