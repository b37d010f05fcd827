import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, attendances, orgUnits, users, type Activity } from '../db/schema/index.ts';
import { formatDateTime, formatTime, localDate } from './time.ts';

// QR sign-in. The projector shows /checkin/<token>; the token is 160 random bits, one per
// session, so it can be neither guessed nor derived from another session's code. It works from
// CHECKIN_OPENS_BEFORE_MINUTES before the start until the end plus the organizer's grace period,
// measured on the server. A learner from outside the session's unit may sign in (joint sessions
// and visitors are common); the attendance list marks them 外单位 and they count, like every
// attendance, for the unit that organized the session.

export const CHECKIN_OPENS_BEFORE_MINUTES = 30;
export const MAX_GRACE_MINUTES = 24 * 60;
const TOKEN_RE = /^[a-z2-7]{32}$/;

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
	if (!activity || activity.source !== 'session') return 'unknown';
	if (activity.cancelledAt) return 'cancelled';
	const { opensAt, closesAt } = checkinWindow(activity);
	if (now.getTime() < opensAt.getTime()) return 'not-open';
	if (now.getTime() > closesAt.getTime()) return 'closed';
	return 'open';
}

function windowText(activity: Activity): string {
	const { opensAt, closesAt } = checkinWindow(activity);
	const sameDay = localDate(opensAt) === localDate(closesAt);
	return `${formatDateTime(opensAt)} 至 ${sameDay ? formatTime(closesAt) : formatDateTime(closesAt)}`;
}

/** The Chinese message a learner sees for a state in which signing in is refused. */
export function refusalMessage(state: Exclude<CheckinState, 'open'>, activity?: Activity): string {
	switch (state) {
		case 'unknown':
			return '签到码无效：请扫描活动现场展示的二维码，或向组织员确认。';
		case 'cancelled':
			return '该活动已取消，无需签到。';
		case 'not-open':
			return `签到尚未开始。签到时间：${windowText(activity!)}。`;
		case 'closed':
			return `签到已结束（签到时间：${windowText(activity!)}）。如确已参加，请联系组织员补登。`;
	}
}

function findByToken(db: DB, token: string): Activity | undefined {
	if (!TOKEN_RE.test(token)) return undefined;
	return db.select().from(activities).where(eq(activities.checkinToken, token)).get();
}

export type CheckinView = {
	state: CheckinState;
	message: string | null;
	activity: { title: string; kind: string; unitName: string; startsAt: Date; endsAt: Date; place: string; window: string } | null;
	signedAt: Date | null;
};

/** What the learner's sign-in page shows for a code. Reveals nothing about unknown codes. */
export function checkinView(db: DB, token: string, userId: number, now = new Date()): CheckinView {
	const activity = findByToken(db, token);
	const state = checkinState(activity, now);
	if (state === 'unknown' || !activity) return { state: 'unknown', message: refusalMessage('unknown'), activity: null, signedAt: null };
	const unit = db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, activity.unitId)).get();
	const mine = db
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
		signedAt: mine?.at ?? null
	};
}

export type SignInResult = { ok: true; already: boolean; at: Date; title: string } | { ok: false; state: Exclude<CheckinState, 'open'>; message: string };

/** Signs the user in to the session behind the token. Signing twice changes nothing. */
export function signInByQr(db: DB, token: string, userId: number, now = new Date()): SignInResult {
	return db.transaction((tx) => {
		const activity = findByToken(tx as unknown as DB, token);
		const state = checkinState(activity, now);
		if (state !== 'open' || !activity) {
			const refused = state === 'open' ? 'unknown' : state;
			return { ok: false, state: refused, message: refusalMessage(refused, activity) };
		}
		const existing = tx
			.select({ at: attendances.at })
			.from(attendances)
			.where(and(eq(attendances.activityId, activity.id), eq(attendances.userId, userId)))
			.get();
		if (existing) return { ok: true, already: true, at: existing.at, title: activity.title };
		const person = tx.select({ unitId: users.orgUnitId }).from(users).where(eq(users.id, userId)).get();
		tx.insert(attendances)
			.values({ activityId: activity.id, userId, method: 'qr', at: now, memberUnitId: person?.unitId ?? null })
			.run();
		return { ok: true, already: false, at: now, title: activity.title };
	});
}

/** Issues a new code for a session; the old one stops working at once (e.g. after a photo of it circulated). */
export function regenerateCheckinToken(db: DB, activityId: number): string {
	const token = generateCheckinToken();
	db.update(activities).set({ checkinToken: token }).where(eq(activities.id, activityId)).run();
	return token;
}
