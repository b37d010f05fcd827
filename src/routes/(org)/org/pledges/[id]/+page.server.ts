import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { deletePledge, getPledge, signatureCount, versionsOf } from '$lib/server/pledges/pledges';
import { countByStatus, countByUnit, pledgeProgress } from '$lib/server/pledges/progress';
import { unitsUnder } from '$lib/server/pledges/copies';
import type { Actions, PageServerLoad } from './$types';

const Filter = z.object({ status: z.enum(['all', 'pending', 'signed', 'resign', 'unsigned', 'overdue']).catch('all') });

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const pledge = await getPledge(db, await scopeFor(db, user), Number(event.params.id));
	if (!pledge) error(404, '承诺书不存在');
	const { status } = Filter.parse(Object.fromEntries(event.url.searchParams));
	const progress = await pledgeProgress(db, pledge);
	const keep = (s: string) => status === 'all' || (status === 'pending' ? s !== 'signed' : s === status);
	return {
		pledge,
		status,
		counts: countByStatus(progress.rows),
		byUnit: countByUnit(progress.rows),
		people: progress.kind === 'people' ? progress.rows.filter((r) => keep(r.status)) : [],
		letters: progress.kind === 'letters' ? progress.rows.filter((r) => keep(r.status)) : [],
		versions: await versionsOf(db, pledge.id),
		signatures: await signatureCount(db, pledge.id),
		printUnits: await unitsUnder(db, pledge.unitPath),
		flash: event.url.searchParams.has('created') ? '已发布，签署对象在“我的承诺书”中可以看到。' : event.url.searchParams.has('version') ? '已保存为新版本，签署对象需要重新签署。' : event.url.searchParams.has('saved') ? '修改已保存。' : ''
	};
};

export const actions: Actions = {
	delete: async (event) => {
		const user = requireOrganizer(event);
		const scope = await scopeFor(db, user);
		if (!(await getPledge(db, scope, Number(event.params.id)))) error(404, '承诺书不存在');
		const result = await deletePledge(db, scope, Number(event.params.id));
		if (!result.ok) return fail(400, { message: result.message });
		redirect(303, '/org/pledges');
	}
};
