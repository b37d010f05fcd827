import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { parseForm, requiredText } from '$lib/server/forms';
import { competitionTitle, lookUpJoinCode } from '$lib/server/competitions/competitions';
import { guestCookieName, signGuest } from '$lib/server/competitions/guests';
import { competitionEngine } from '$lib/server/competitions/instance';
import { playerIdentity } from '$lib/server/competitions/routes';
import type { Actions, PageServerLoad } from './$types';

const CODE = z.string({ error: '请输入 6 位竞赛码' }).trim().regex(/^\d{6}$/, '竞赛码是 6 位数字');
const TEAM = z.union([z.literal(''), z.coerce.number().int().min(0)]).optional().transform((v) => (v === '' || v === undefined ? null : v));
const JoinForm = z.object({ code: CODE, team: TEAM });
const GuestForm = z.object({ code: CODE, name: requiredText('姓名', 20), team: TEAM });

export const load: PageServerLoad = async (event) => {
	if (event.locals.user) requireUser(event);
	const code = (event.url.searchParams.get('code') ?? '').trim();
	if (!code) return { code: '', competition: null, problem: null, loggedIn: !!event.locals.user };
	const found = await lookUpJoinCode(db, code, event.getClientAddress());
	if (!found.ok) return { code, competition: null, problem: found.message, loggedIn: !!event.locals.user };
	const competition = found.competition;
	// Scanning the QR again (or reloading) goes straight back to the competition.
	if (await playerIdentity(event, competition.id) !== null) redirect(303, `/competitions/${competition.id}/play`);
	// Without guests, only accounts can join: the login page brings the person back here.
	if (!competition.allowGuests) requireUser(event);
	return {
		code,
		competition: { title: competition.title, format: competition.format, teamNames: competition.format === 'team' && competition.teamMode === 'lobby' ? competition.teamNames : [], allowGuests: competition.allowGuests, running: competition.status === 'running' },
		problem: null,
		loggedIn: !!event.locals.user
	};
};

export const actions: Actions = {
	join: async (event) => {
		const user = requireUser(event);
		const form = parseForm(JoinForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		const found = await lookUpJoinCode(db, form.data.code, event.getClientAddress());
		if (!found.ok) return fail(400, { errors: { code: found.message } });
		const competition = found.competition;
		const result = await competitionEngine.join(competition.id, { kind: 'user', userId: user.id, name: user.name, orgUnitId: user.orgUnitId }, form.data.team);
		if (!result.ok) return fail(400, { errors: { _form: result.message } });
		redirect(303, `/competitions/${competition.id}/play`);
	},
	guest: async (event) => {
		const form = parseForm(GuestForm, await event.request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		const found = await lookUpJoinCode(db, form.data.code, event.getClientAddress());
		if (!found.ok) return fail(400, { errors: { code: found.message } });
		const competition = found.competition;
		if (!competition.allowGuests) requireUser(event);
		const existing = await playerIdentity(event, competition.id);
		if (existing !== null) redirect(303, `/competitions/${competition.id}/play`);
		const result = await competitionEngine.join(competition.id, { kind: 'guest', name: form.data.name, address: event.getClientAddress() }, form.data.team);
		if (!result.ok) return fail(400, { errors: { _form: result.message } });
		const secret = (await competitionTitle(db, competition.id))?.guestSecret;
		if (!secret) error(404, '竞赛不存在');
		event.cookies.set(guestCookieName(competition.id), signGuest(secret, competition.id, result.player.id), {
			path: '/competitions',
			httpOnly: true,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			maxAge: 2 * 24 * 3600
		});
		redirect(303, `/competitions/${competition.id}/play`);
	}
};
