import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { idField, parseForm, requiredText } from '$lib/server/forms';
import { unitOptions } from '$lib/server/org/scope';
import { publishNotice } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

const NoticeForm = z.object({ unitId: idField('发送范围'), title: requiredText('标题', 100), body: requiredText('正文', 5000, { multiline: true }) });

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return { units: await unitOptions(db, await scopeFor(db, user)), defaultUnitId: user.orgUnitId };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireOrganizer(event);
		const form = await event.request.formData();
		const values = { unitId: String(form.get('unitId') ?? ''), title: String(form.get('title') ?? ''), body: String(form.get('body') ?? '') };
		const parsed = parseForm(NoticeForm, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const result = await publishNotice(db, { scope: await scopeFor(db, user), actorId: user.id, notice: parsed.data });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/org/notices/${result.id}?created=1`);
	}
};
