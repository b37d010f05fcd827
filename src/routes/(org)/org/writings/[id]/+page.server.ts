import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { deleteCollection, getCollection } from '$lib/server/writings/collections';
import { collectionStandings, standingCounts } from '$lib/server/writings/overview';
import type { Actions, PageServerLoad } from './$types';

const Filter = z.object({ show: z.enum(['all', 'none', 'submitted', 'returned', 'accepted', 'excellent']).catch('all') });

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const c = await getCollection(db, await scopeFor(db, user), Number(event.params.id));
	if (!c) error(404, '征集不存在');
	const { show } = Filter.parse(Object.fromEntries(event.url.searchParams));
	const rows = await collectionStandings(db, c);
	const counts = standingCounts(rows);
	const keep = (r: (typeof rows)[number]) => show === 'all' || (show === 'excellent' ? r.excellent : (r.standing === 'draft' ? 'none' : r.standing) === show);
	return {
		collection: c,
		show,
		counts: counts.all,
		byUnit: counts.byUnit,
		rows: rows.filter(keep),
		anyone: rows.some((r) => r.standing !== 'none'),
		flash: event.url.searchParams.has('created') ? '征集已发起，征集对象在“征文与心得”中可以看到。' : event.url.searchParams.has('saved') ? '修改已保存。' : ''
	};
};

export const actions: Actions = {
	delete: async (event) => {
		const user = requireOrganizer(event);
		const scope = await scopeFor(db, user);
		if (!(await getCollection(db, scope, Number(event.params.id)))) error(404, '征集不存在');
		const result = await deleteCollection(db, scope, Number(event.params.id));
		if (!result.ok) return fail(400, { message: result.message });
		redirect(303, '/org/writings');
	}
};
