import { error } from '@sveltejs/kit';
import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { scopeFor } from '$lib/server/org/units';
import { learningRecordInScope, recordYear } from '$lib/server/learning/record';
import type { PageServerLoad } from './$types';

// An organizer prints the 学习档案 of anyone in their subtree (admins: anyone); 404 outside it.
export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const id = Number(event.params.id);
	const record = Number.isSafeInteger(id) && id > 0 ? await learningRecordInScope(db, await scopeFor(db, user), id, { year: recordYear(event.url.searchParams) }) : undefined;
	if (!record) error(404, '人员不存在');
	return { bare: true, record, printedAt: new Date() };
};
