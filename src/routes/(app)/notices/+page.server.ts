import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { formAction, idField, optionalText, safeRedirectTarget } from '$lib/server/forms';
import { markNoticeRead, noticesFor } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { notices: await noticesFor(db, user) };
};

const ReadForm = z.object({ id: idField('通知'), next: optionalText('返回地址', 200) });

// Also used by the home page's notice panel (action="/notices?/read").
export const actions: Actions = {
	read: formAction(requireUser, ReadForm, async ({ guarded: user, data }) => {
		if (!await markNoticeRead(db, user, data.id)) error(404, '通知不存在');
		// From the home page's panel: go back there (with or without JavaScript).
		if (data.next) redirect(303, safeRedirectTarget(data.next, '/notices'));
		return { readId: data.id };
	})
};
