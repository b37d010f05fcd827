import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { checkinView, signInByQr } from '$lib/server/activities/checkin';
import type { Actions, PageServerLoad } from './$types';

// A learner scanned the projector's QR code. Not logged in → the guard sends them to the login
// page with ?next= pointing back here. Signing in is a POST (works without JavaScript).
export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { view: checkinView(db, event.params.code, user.id) };
};

export const actions: Actions = {
	default: (event) => {
		const user = requireUser(event);
		const result = signInByQr(db, event.params.code, user.id);
		if (!result.ok) return fail(result.state === 'unknown' ? 404 : 400, { ok: false as const, message: result.message });
		return { ok: true as const, already: result.already, at: result.at, title: result.title };
	}
};
