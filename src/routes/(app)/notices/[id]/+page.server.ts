import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { markNoticeRead, noticeForLearner } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const notice = noticeForLearner(db, user, Number(event.params.id));
	if (!notice) error(404, '通知不存在');
	return { notice };
};

export const actions: Actions = {
	default: (event) => {
		const user = requireUser(event);
		if (!markNoticeRead(db, user, Number(event.params.id))) error(404, '通知不存在');
		return { read: true };
	}
};
