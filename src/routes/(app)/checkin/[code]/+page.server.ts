import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { parseForm } from '$lib/server/forms';
import { checkinPass, checkinView, signInByQr } from '$lib/server/activities/checkin';
import type { Actions, PageServerLoad } from './$types';

// A learner scanned the projector's QR code, which changes every minute. Not logged in → the
// guard sends them to the login page with ?next= pointing back here; since logging in can outlast
// the code, the address they return to carries a pass stamped now (only for a code fresh now).
// Signing in is a POST (works without JavaScript) carrying the same pass in a hidden field.
export const load: PageServerLoad = async (event) => {
	const now = new Date();
	const given = event.url.searchParams.get('pass');
	const user = requireUser(event.locals.user ? event : { locals: event.locals, url: withPass(event.url, await checkinPass(db, event.params.code, now, given)) });
	return { view: await checkinView(db, event.params.code, user.id, now, given) };
};

/** This page's address with the pass the login page should send the learner back with. */
function withPass(url: URL, pass: string | null): URL {
	const back = new URL(url);
	if (pass) back.searchParams.set('pass', pass);
	else back.searchParams.delete('pass');
	return back;
}

const SignInForm = z.object({ pass: z.string().max(64).optional() });

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = parseForm(SignInForm, await event.request.formData());
		const result = await signInByQr(db, event.params.code, user.id, new Date(), form.ok ? (form.data.pass ?? null) : null);
		if (!result.ok) return fail(result.state === 'unknown' ? 404 : 400, { ok: false as const, message: result.message });
		return { ok: true as const, already: result.already, at: result.at, title: result.title };
	}
};
