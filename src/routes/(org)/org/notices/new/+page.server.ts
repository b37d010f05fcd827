import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction, idField, requiredText } from '$lib/server/forms';
import { unitOptions } from '$lib/server/org/scope';
import { publishNotice } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

const NoticeForm = z.object({ unitId: idField('发送范围'), title: requiredText('标题', 100), body: requiredText('正文', 5000, { multiline: true }) });

export const load: PageServerLoad = async (event) => {
	const { user, scope } = await requireOrganizerScope(event, db);
	return { units: await unitOptions(db, scope), defaultUnitId: user.orgUnitId };
};

export const actions: Actions = {
	default: formAction((event) => requireOrganizerScope(event, db), NoticeForm, async ({ guarded: { user, scope }, data, refuse }) => {
		const result = await publishNotice(db, { scope, actorId: user.id, notice: data });
		if (!result.ok) return refuse(result.errors);
		redirect(303, `/org/notices/${result.id}?created=1`);
	})
};
