import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getPledge } from '$lib/server/pledges/pledges';
import { signedCopiesForUnit, unitsUnder } from '$lib/server/pledges/copies';
import type { PageServerLoad } from './$types';

// All signed copies of one unit (and its subunits), one A4 page each, for the 台账.
export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const pledge = await getPledge(db, await scopeFor(db, user), Number(event.params.id));
	if (!pledge) error(404, '承诺书不存在');
	const unitId = Number(event.url.searchParams.get('unit') ?? pledge.unitId);
	const unit = (await unitsUnder(db, pledge.unitPath)).find((u) => u.id === unitId);
	if (!unit) error(404, '单位不存在');
	return { pledge: { id: pledge.id, title: pledge.version.title, kind: pledge.kind }, unit: { id: unit.id, name: unit.name }, copies: await signedCopiesForUnit(db, pledge, unit.path) };
};
