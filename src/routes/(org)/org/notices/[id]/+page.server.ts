import { error, fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getNotice, readers, withdrawNotice } from '$lib/server/notices/notices';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const notice = await getNotice(db, await scopeFor(db, user), Number(event.params.id));
	if (!notice) error(404, '通知不存在');
	const all = await readers(db, notice);
	return { notice, read: all.filter((r) => r.readAt), unread: all.filter((r) => !r.readAt), created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
	withdraw: async (event) => {
		const user = requireOrganizer(event);
		const notice = await getNotice(db, await scopeFor(db, user), Number(event.params.id));
		if (!notice) error(404, '通知不存在');
		const result = await withdrawNotice(db, notice.id, user.id);
		if (!result.ok) return fail(400, { ok: false, message: result.message });
		return { ok: true, message: '通知已撤回，学员不再看到。' };
	}
};
