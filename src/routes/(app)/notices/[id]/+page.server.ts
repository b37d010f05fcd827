import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { markNoticeRead, noticeForLearner } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const notice = await noticeForLearner(db, user, Number(event.params.id));
	if (!notice) error(404, '通知不存在');
	return { notice };
};

export const actions: Actions = {
	default: formAction(requireUser, z.object({}), async ({ event, guarded: user }) => {
		if (!await markNoticeRead(db, user, Number(event.params.id))) error(404, '通知不存在');
		return { read: true };
	})
};
