import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { getCollection } from '$lib/server/writings/collections';
import { piecesOf } from '$lib/server/writings/overview';
import type { PageServerLoad } from './$types';

const Only = z.object({ only: z.enum(['accepted', 'excellent', 'handed-in']).catch('accepted') });
const LABELS = { accepted: '已采纳作品', excellent: '优秀作品', 'handed-in': '全部已提交作品' } as const;

// The compilation for the 台账: each piece's text (typed, and Word documents) and images, one after another.
export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const c = await getCollection(db, await scopeFor(db, user), Number(event.params.id));
	if (!c) error(404, '征集不存在');
	const { only } = Only.parse(Object.fromEntries(event.url.searchParams));
	return { collection: { id: c.id, title: c.title, kind: c.kind, unitName: c.unitName, theme: c.theme }, label: LABELS[only], pieces: await piecesOf(db, c.id, only) };
};
