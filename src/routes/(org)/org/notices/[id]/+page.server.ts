import { z } from 'zod';
import { db } from '$lib/server/db';
import { foundInScope, requireOrganizerScope } from '$lib/server/auth/guards';
import { formAction } from '$lib/server/forms';
import { getNotice, readers, withdrawNotice } from '$lib/server/notices/notices';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** The notice behind the URL, or 404 when it does not exist or lies outside the organizer's scope. */
async function noticeInScope(event: RequestEvent) {
	const { user, scope } = await requireOrganizerScope(event, db);
	return { user, notice: foundInScope(await getNotice(db, scope, Number(event.params.id)), '通知不存在') };
}

export const load: PageServerLoad = async (event) => {
	const { notice } = await noticeInScope(event);
	const all = await readers(db, notice);
	return { notice, read: all.filter((r) => r.readAt), unread: all.filter((r) => !r.readAt), created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
	withdraw: formAction(noticeInScope, z.object({}), async ({ guarded: { user, notice }, refuse }) => {
		const result = await withdrawNotice(db, notice.id, user.id);
		if (!result.ok) return refuse(result.message);
		return { message: '通知已撤回，学员不再看到。' };
	})
};
