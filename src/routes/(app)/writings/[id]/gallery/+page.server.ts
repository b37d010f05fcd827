import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { scopeFor } from '$lib/server/org/units';
import { pathInScope } from '$lib/server/org/scope';
import { collectionById } from '$lib/server/writings/collections';
import { galleryOf } from '$lib/server/writings/overview';
import type { PageServerLoad } from './$types';

// The read-only gallery of a collection's published pieces, for the people of its unit.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const c = await collectionById(db, Number(event.params.id));
	if (!c) error(404, '征集不存在');
	const organizer = (user.role === 'organizer' || user.role === 'admin') && pathInScope(await scopeFor(db, user), c.unitPath);
	const pieces = await galleryOf(db, user, c, organizer);
	if (!pieces) error(404, '征集不存在');
	return { collection: { id: c.id, title: c.title, kind: c.kind, unitName: c.unitName }, pieces };
};
