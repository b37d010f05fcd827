// Route-side helpers shared by the live pages and the organizer's competition pages: guards
// (organizer + scope, player identity) and the host actions. Domain logic stays in
// $lib/server/live; this file only parses, guards and maps results to HTTP.
import { error, fail, json, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import type { SessionUser } from '$lib/server/auth/sessions';
import { scopeFor } from '$lib/server/org/units';
import { readJsonObject } from '$lib/server/http-errors';
import { competitionInScope, competitionTitle, type CompetitionDetail } from '$lib/server/competitions/competitions';
import { guestCookieName, verifyGuest } from '$lib/server/competitions/guests';
import { competitionEngine } from '$lib/server/competitions/instance';

export function competitionIdParam(value: string | undefined): number {
	const id = Number(value);
	if (!Number.isInteger(id) || id <= 0) error(404, '竞赛不存在');
	return id;
}

/** Organizer (or admin) hosting a competition in their subtree; 404 for anything else, so ids do not leak. */
export async function requireHostedCompetition(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): Promise<{ user: SessionUser; competition: CompetitionDetail }> {
	const user = requireOrganizer(event);
	const competition = await competitionInScope(db, await scopeFor(db, user), competitionIdParam((event.params as { id?: string }).id));
	if (!competition) error(404, '竞赛不存在');
	return { user, competition };
}

/** The player behind this request: the logged-in account, or a guest's signed cookie. */
export async function playerIdentity(event: Pick<RequestEvent, 'locals' | 'cookies'>, competitionId: number): Promise<number | null> {
	if (event.locals.user) return (await competitionEngine.playerForUser(competitionId, event.locals.user.id))?.id ?? null;
	const competition = await competitionTitle(db, competitionId);
	if (!competition) return null;
	const playerId = verifyGuest(competition.guestSecret, competitionId, event.cookies.get(guestCookieName(competitionId)));
	return playerId !== null && await competitionEngine.player(competitionId, playerId) ? playerId : null;
}

/** JSON endpoints of the phone: 401 as JSON (not a login redirect) when the request is not a player's. */
export async function requirePlayerJson(event: Pick<RequestEvent, 'locals' | 'cookies' | 'params'>): Promise<{ competitionId: number; playerId: number }> {
	const competitionId = competitionIdParam((event.params as { id?: string }).id);
	const playerId = await playerIdentity(event, competitionId);
	if (playerId === null) error(401, '您还没有加入本场竞赛，请重新扫码或输入竞赛码加入');
	return { competitionId, playerId };
}

/** The largest JSON body a phone sends (an answer, a buzz, a stake); larger is a 413. */
export const MAX_PLAYER_BODY = 4096;
export const readJson = (request: Request) => readJsonObject(request, MAX_PLAYER_BODY);

/** Refusals are still acknowledgements the phone shows; 409 tells them apart from stored answers. */
export function ackResponse(result: { ok: boolean }) {
	return json(result, { status: result.ok ? 200 : 409, headers: { 'cache-control': 'no-store' } });
}

const HOST_ACTIONS = {
	start: async (id: number) => await competitionEngine.start(id),
	next: async (id: number) => await competitionEngine.next(id),
	open: async (id: number) => await competitionEngine.openNow(id),
	reveal: async (id: number) => await competitionEngine.reveal(id),
	leaderboard: async (id: number) => await competitionEngine.leaderboard(id),
	pause: async (id: number) => await competitionEngine.pause(id),
	resume: async (id: number) => await competitionEngine.resume(id),
	end: async (id: number) => await competitionEngine.end(id)
} as const;

export type HostActionName = keyof typeof HOST_ACTIONS;

/**
 * The host's buttons as form actions (开始, 下一题, 出题, 公布答案, 排行榜, 暂停, 继续, 结束), the same
 * on the projector, the host's phone and the competition page. Each one checks the organizer and
 * the competition's scope itself.
 */
export function hostActions<E extends RequestEvent>(): Record<HostActionName, (event: E) => ReturnType<typeof runHostAction>> {
	const entries = (Object.keys(HOST_ACTIONS) as HostActionName[]).map((name) => [name, async (event: E) => await runHostAction(event, name)]);
	return Object.fromEntries(entries);
}

async function runHostAction(event: RequestEvent, name: HostActionName) {
	const { competition } = await requireHostedCompetition(event);
	const result = await HOST_ACTIONS[name](competition.id);
	if (!result.ok) return fail(400, { action: name, message: result.message });
	return { action: name, message: null };
}
