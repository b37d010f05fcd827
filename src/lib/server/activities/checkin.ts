import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, attendances, orgUnits, users, type Activity } from '../db/schema/index.ts';
import { formatDateTime, formatTime, localDate } from '../../time.ts';

// QR sign-in. Each session has a secret 160-bit token that never leaves the server. The projector
// shows /checkin/<session id>-<minute>-<proof>, where the proof is a truncated HMAC-SHA256 keyed by
// that token over the minute (server clock, floor(now / 60 s)); the code on the screen changes every
// minute. A code is accepted in its own minute and the next, so a photo posted in a chat group
// stops working within two minutes and cannot be extended: without the token nobody can compute
// the proof for a later minute. A learner who opened a fresh code gets a signed "pass" stamped with
// that moment, carried through the login redirect and the confirm form, so logging in may take up
// to CHECKIN_PASS_MINUTES. Signing in works from CHECKIN_OPENS_BEFORE_MINUTES before the start until
// the end plus the organizer's grace period. A learner from outside the session's unit may sign in
// (joint sessions and visitors are common); the attendance list marks them 外单位 and they count,
// like every attendance, for the unit that organized the session.

export const CHECKIN_OPENS_BEFORE_MINUTES = 30;
export const MAX_GRACE_MINUTES = 24 * 60;
/** The projected code changes every minute; a code is accepted in its own minute and the next. */
export const CHECKIN_CODE_SECONDS = 60;
const CODE_WINDOWS_ACCEPTED = 2;
/** How long after opening a fresh code a learner may still log in and confirm. */
export const CHECKIN_PASS_MINUTES = 3;
const CODE_RE = /^([1-9][0-9]{0,9})-([0-9]{1,12})-([a-z2-7]{16})$/;
const PASS_RE = /^([0-9]{1,12})-([a-z2-7]{16})$/;

export function generateCheckinToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function checkinWindow(activity: Pick<Activity, 'startsAt' | 'endsAt' | 'checkinGraceMinutes'>): { opensAt: Date; closesAt: Date } {
	return {
		opensAt: new Date(activity.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MINUTES * 60_000),
		closesAt: new Date(activity.endsAt.getTime() + activity.checkinGraceMinutes * 60_000)
	};
}

export type CheckinState = 'unknown' | 'cancelled' | 'not-open' | 'closed' | 'open';

export function checkinState(activity: Activity | undefined, now: Date): CheckinState {
	if (!activity || activity.source !== 'offline') return 'unknown';
	if (activity.cancelledAt) return 'cancelled';
	const { opensAt, closesAt } = checkinWindow(activity);
	if (now.getTime() < opensAt.getTime()) return 'not-open';
	if (now.getTime() > closesAt.getTime()) return 'closed';
	return 'open';
}

/** Why a scanned code is refused: a session state, or 'stale' for a code shown too long ago. */
export type CodeState = CheckinState | 'stale';

function windowText(activity: Activity): string {
	const { opensAt, closesAt } = checkinWindow(activity);
	const sameDay = localDate(opensAt) === localDate(closesAt);
	return `${formatDateTime(opensAt)} 至 ${sameDay ? formatTime(closesAt) : formatDateTime(closesAt)}`;
}

/** The Chinese message a learner sees for a state in which signing in is refused. */
export function refusalMessage(state: Exclude<CodeState, 'open'>, activity?: Activity): string {
	switch (state) {
		case 'unknown':
			return '签到码无效：请扫描活动现场展示的二维码，或向组织员确认。';
		case 'stale':
			return '二维码已过期，请扫描现场大屏上的最新二维码。';
		case 'cancelled':
			return '该活动已取消，无需签到。';
		case 'not-open':
			return `签到尚未开始。签到时间：${windowText(activity!)}。`;
		case 'closed':
			return `签到已结束（签到时间：${windowText(activity!)}）。如确已参加，请联系组织员补登。`;
	}
}

const minuteOf = (now: Date) => Math.floor(now.getTime() / (CHECKIN_CODE_SECONDS * 1000));

function proof(token: string, message: string): string {
	return encodeBase32LowerCaseNoPadding(createHmac('sha256', token).update(message).digest().subarray(0, 10));
}

function sameProof(given: string, expected: string): boolean {
	return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function codeProof(activity: Pick<Activity, 'id'>, token: string, minute: number): string {
	return proof(token, `code:${activity.id}:${minute}`);
}

function passProof(activity: Pick<Activity, 'id'>, token: string, codeMinute: number, seenMinute: number): string {
	return proof(token, `pass:${activity.id}:${codeMinute}:${seenMinute}`);
}

/** The code the projector shows at `now` (the path segment after /checkin/). */
export function checkinCode(activity: Pick<Activity, 'id' | 'checkinToken'>, now: Date): string {
	if (!activity.checkinToken) throw new Error(`activity ${activity.id} has no check-in token`);
	const minute = minuteOf(now);
	return `${activity.id}-${minute}-${codeProof(activity, activity.checkinToken, minute)}`;
}

type Admission = { state: CodeState; activity: Activity | undefined; pass: string | null };

/**
 * Checks a scanned code (and the pass of a learner who opened it earlier) against the server
 * clock. A code that does not verify is 'unknown', exactly like a code that names no session, so
 * nothing is revealed about sessions to someone guessing.
 */
async function admit(db: DB, code: string, now: Date, pass: string | null): Promise<Admission> {
	const unknown: Admission = { state: 'unknown', activity: undefined, pass: null };
	const parts = CODE_RE.exec(code);
	if (!parts) return unknown;
	const activity = await db.select().from(activities).where(eq(activities.id, Number(parts[1]))).get();
	const token = activity?.checkinToken;
	if (!activity || activity.source !== 'offline' || !token) return unknown;
	const codeMinute = Number(parts[2]);
	if (!sameProof(parts[3], codeProof(activity, token, codeMinute))) return unknown;
	const state = checkinState(activity, now);
	if (state !== 'open') return { state, activity, pass: null };
	const minute = minuteOf(now);
	const age = minute - codeMinute;
	if (age >= 0 && age < CODE_WINDOWS_ACCEPTED) return { state, activity, pass: `${minute}-${passProof(activity, token, codeMinute, minute)}` };
	const stamp = pass ? PASS_RE.exec(pass) : null;
	if (stamp) {
		// The pass vouches that this code was fresh when the learner first opened it.
		const seenMinute = Number(stamp[1]);
		const wasFresh = seenMinute - codeMinute >= 0 && seenMinute - codeMinute < CODE_WINDOWS_ACCEPTED;
		const recent = minute - seenMinute >= 0 && minute - seenMinute <= CHECKIN_PASS_MINUTES;
		if (wasFresh && recent && sameProof(stamp[2], passProof(activity, token, codeMinute, seenMinute))) return { state, activity, pass: pass! };
	}
	return { state: 'stale', activity, pass: null };
}

/**
 * The pass to carry through the login redirect for a code opened by someone not yet logged in,
 * or null when the code is not usable now (the learner then sees why after logging in).
 */
export async function checkinPass(db: DB, code: string, now: Date, pass: string | null = null): Promise<string | null> {
	return (await admit(db, code, now, pass)).pass;
}

export type CheckinView = {
	state: CodeState;
	message: string | null;
	activity: { title: string; kind: string; unitName: string; startsAt: Date; endsAt: Date; place: string; window: string } | null;
	signedAt: Date | null;
	/** Goes into the confirm form, so a learner who reads the page for a minute can still confirm. */
	pass: string | null;
};

/** What the learner's sign-in page shows for a code. Reveals nothing about unknown or forged codes. */
export async function checkinView(db: DB, code: string, userId: number, now = new Date(), pass: string | null = null): Promise<CheckinView> {
	const admission = await admit(db, code, now, pass);
	const { state, activity } = admission;
	if (state === 'unknown' || !activity) return { state: 'unknown', message: refusalMessage('unknown'), activity: null, signedAt: null, pass: null };
	const unit = await db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, activity.unitId)).get();
	const mine = await db
		.select({ at: attendances.at })
		.from(attendances)
		.where(and(eq(attendances.activityId, activity.id), eq(attendances.userId, userId)))
		.get();
	return {
		state,
		message: state === 'open' ? null : refusalMessage(state, activity),
		activity: {
			title: activity.title,
			kind: activity.kind,
			unitName: unit?.name ?? '',
			startsAt: activity.startsAt,
			endsAt: activity.endsAt,
			place: activity.place,
			window: windowText(activity)
		},
		signedAt: mine?.at ?? null,
		pass: admission.pass
	};
}

export type SignInResult = { ok: true; already: boolean; at: Date; title: string } | { ok: false; state: Exclude<CodeState, 'open'>; message: string };

/** Signs the user in to the session behind the code. Signing twice changes nothing. */
export async function signInByQr(db: DB, code: string, userId: number, now = new Date(), pass: string | null = null): Promise<SignInResult> {
	return await db.transaction(async (tx) => {
		const { state, activity } = await admit(tx as unknown as DB, code, now, pass);
		if (state !== 'open' || !activity) {
			const refused = state === 'open' ? 'unknown' : state;
			return { ok: false, state: refused, message: refusalMessage(refused, activity) };
		}
		const existing = await tx
			.select({ at: attendances.at })
			.from(attendances)
			.where(and(eq(attendances.activityId, activity.id), eq(attendances.userId, userId)))
			.get();
		if (existing) return { ok: true, already: true, at: existing.at, title: activity.title };
		const person = await tx.select({ unitId: users.orgUnitId }).from(users).where(eq(users.id, userId)).get();
		await tx.insert(attendances)
			.values({ activityId: activity.id, userId, method: 'qr', at: now, memberUnitId: person?.unitId ?? null })
			.run();
		return { ok: true, already: false, at: now, title: activity.title };
	});
}

/** Issues a new token for a session; every code and pass made with the old one stops working at once. */
export async function regenerateCheckinToken(db: DB, activityId: number): Promise<string> {
	const token = generateCheckinToken();
	await db.update(activities).set({ checkinToken: token }).where(eq(activities.id, activityId)).run();
	return token;
}
