import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, pledgeSignatures, pledgeVersions, users, type Pledge } from '../db/schema/index.ts';
import { parseLocalDate, DAY_MS } from '../../time.ts';
import { addresseeIdsQuery, lettersOf } from './audience.ts';
import type { PledgeStatus } from '../../vocabulary.ts';

// Where everyone stands with the current version of a pledge, for the organizer:
//   承诺书 — one row per addressee (as of now);
//   责任书 — one row per letter, signed when both parties have signed the current version.
// signed: signed the current version; resign: signed only an earlier version (the text changed);
// overdue / unsigned: nothing yet, after / before the due date.

/** The instant after the due date's last moment (China time). */
export function dueEndOf(pledge: Pick<Pledge, 'dueDate'>): Date {
	return new Date(parseLocalDate(pledge.dueDate)!.getTime() + DAY_MS);
}

function statusFor(current: boolean, earlier: boolean, overdue: boolean): PledgeStatus {
	if (current) return 'signed';
	if (earlier) return 'resign';
	return overdue ? 'overdue' : 'unsigned';
}

export type SignerRow = {
	key: string;
	userId: number;
	name: string;
	username: string;
	unitId: number;
	unitName: string;
	isLeader: boolean;
	status: PledgeStatus;
	signedAt: Date | null;
	/** The version of the latest signature (any), for 待重新签署. */
	signedVersion: number | null;
};

export type LetterRow = {
	key: string;
	letterId: number;
	first: { id: number; name: string; username: string; unitName: string; signedAt: Date | null };
	second: { id: number; name: string; username: string; unitName: string; signedAt: Date | null };
	/** The letter counts for 乙方's unit. */
	unitId: number;
	unitName: string;
	status: PledgeStatus;
	/** When the letter became fully signed on the current version. */
	signedAt: Date | null;
};

export type PledgeProgress = { kind: 'people'; rows: SignerRow[] } | { kind: 'letters'; rows: LetterRow[] };

type Sig = { userId: number; letterKey: number; versionId: number; signedAt: Date; number: number };

async function signaturesOf(db: DB, pledgeId: number): Promise<Sig[]> {
	return await db
		.select({ userId: pledgeSignatures.userId, letterKey: pledgeSignatures.letterKey, versionId: pledgeSignatures.versionId, signedAt: pledgeSignatures.signedAt, number: pledgeVersions.number })
		.from(pledgeSignatures)
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledgeSignatures.versionId))
		.where(eq(pledgeSignatures.pledgeId, pledgeId))
		.orderBy(desc(pledgeVersions.number))
		.all();
}

export async function pledgeProgress(db: DB, pledge: Pledge, now = new Date()): Promise<PledgeProgress> {
	const overdue = now.getTime() >= dueEndOf(pledge).getTime();
	const sigs = await signaturesOf(db, pledge.id);
	const current = pledge.currentVersionId!;
	if (pledge.kind === '责任书') {
		const letters = await lettersOf(db, pledge.id);
		const rows = letters.map((l): LetterRow => {
			const mine = sigs.filter((s) => s.letterKey === l.id);
			const at = (userId: number, versionId: number) => mine.find((s) => s.userId === userId && s.versionId === versionId)?.signedAt ?? null;
			const f = at(l.first.id, current);
			const s = at(l.second.id, current);
			const bothEarlier = mine.some((x) => x.userId === l.first.id && x.versionId !== current && at(l.second.id, x.versionId));
			return {
				key: `letter-${l.id}`,
				letterId: l.id,
				first: { ...l.first, signedAt: f },
				second: { id: l.second.id, name: l.second.name, username: l.second.username, unitName: l.second.unitName, signedAt: s },
				unitId: l.second.unitId,
				unitName: l.second.unitName,
				status: statusFor(!!f && !!s, bothEarlier, overdue),
				signedAt: f && s ? new Date(Math.max(f.getTime(), s.getTime())) : null
			};
		});
		return { kind: 'letters', rows };
	}
	const people = await db
		.select({ userId: users.id, name: users.name, username: users.username, unitId: users.orgUnitId, unitName: orgUnits.name, isLeader: users.isLeader })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(inArray(users.id, addresseeIdsQuery(db, pledge)))
		.orderBy(asc(orgUnits.path), asc(users.username))
		.all();
	const byUser = new Map<number, Sig[]>();
	for (const s of sigs) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
	const rows = people.map((p): SignerRow => {
		const mine = byUser.get(p.userId) ?? [];
		const onCurrent = mine.find((s) => s.versionId === current);
		return { key: `person-${p.userId}`, ...p, status: statusFor(!!onCurrent, mine.length > 0, overdue), signedAt: onCurrent?.signedAt ?? null, signedVersion: mine[0]?.number ?? null };
	});
	return { kind: 'people', rows };
}

export type StatusCounts = { total: number } & Record<PledgeStatus, number>;
export type UnitCounts = StatusCounts & { unitId: number; unitName: string };

const emptyCounts = (): StatusCounts => ({ total: 0, signed: 0, resign: 0, unsigned: 0, overdue: 0 });

export function countByStatus(rows: { status: PledgeStatus }[]): StatusCounts {
	const c = emptyCounts();
	for (const r of rows) {
		c.total++;
		c[r.status]++;
	}
	return c;
}

export function countByUnit(rows: { status: PledgeStatus; unitId: number; unitName: string }[]): UnitCounts[] {
	const out = new Map<number, UnitCounts>();
	for (const r of rows) {
		let u = out.get(r.unitId);
		if (!u) out.set(r.unitId, (u = { unitId: r.unitId, unitName: r.unitName, ...emptyCounts() }));
		u.total++;
		u[r.status]++;
	}
	return [...out.values()];
}

/** Signed / addressed counts of several pledges, for the organizer's list. */
export async function signedCounts(db: DB, list: Pledge[], now = new Date()): Promise<Map<number, StatusCounts>> {
	const out = new Map<number, StatusCounts>();
	for (const p of list) out.set(p.id, countByStatus((await pledgeProgress(db, p, now)).rows));
	return out;
}
