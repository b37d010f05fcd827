import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { idField, optionalText, parseForm, safeRedirectTarget } from '$lib/server/forms';
import { markNoticeRead, noticesFor } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { notices: await noticesFor(db, user) };
};

const ReadForm = z.object({ id: idField('通知'), next: optionalText('返回地址', 200) });

// Also used by the home page's notice panel (action="/notices?/read").
export const actions: Actions = {
	read: async (event) => {
		const user = requireUser(event);
		const form = parseForm(ReadForm, await event.request.formData());
		if (!form.ok) return fail(400, { message: '通知无效' });
		if (!await markNoticeRead(db, user, form.data.id)) error(404, '通知不存在');
		// From the home page's panel: go back there (with or without JavaScript).
		if (form.data.next) redirect(303, safeRedirectTarget(form.data.next, '/notices'));
		return { readId: form.data.id };
	}
};
