import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { signerView } from '$lib/server/pledges/signing';
import { mySignedCopies } from '$lib/server/pledges/copies';
import type { PageServerLoad } from './$types';

// The person's own signed copies (A4), to print or keep.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const view = await signerView(db, user, Number(event.params.id));
	if (!view) error(404, '承诺书不存在');
	return { pledge: { id: view.pledge.id, kind: view.pledge.kind, title: view.version.title }, copies: await mySignedCopies(db, view.pledge, user.id) };
};
