import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/client.ts';
import { orgUnits, pledgeLetters, pledgeSignatures, pledgeVersions, pledges, users, type Pledge } from '../db/schema/index.ts';
import type { PledgeKind, SignatureSide } from '../../vocabulary.ts';

// Signed copies for the 台账: each as it was signed — the version's title and text, the typed
// names, drawn signatures and dates. A 承诺书 copy is a person's latest signature; a 责任书 copy is
// a letter on the latest version both parties signed (or, for a party's own print, the latest
// version they signed, with the other party's signature when there is one).

export type CopySignature = { side: SignatureSide; userId: number; typedName: string; svg: string | null; signedAt: Date; unitName: string };

export type SignedCopy = {
	key: string;
	pledgeId: number;
	kind: PledgeKind;
	title: string;
	versionNumber: number;
	bodyHtml: string;
	signatures: CopySignature[];
	/** 责任书: the party who has not signed this version yet. */
	missing: { side: SignatureSide; name: string } | null;
};

type SigRow = { id: number; userId: number; letterKey: number; versionId: number; side: SignatureSide; typedName: string; svg: string | null; signedAt: Date; unitName: string | null; unitPath: string | null };

async function signatureRows(db: DB, pledgeId: number, where = eq(pledgeSignatures.pledgeId, pledgeId)): Promise<SigRow[]> {
	return (await db
		.select({
			id: pledgeSignatures.id,
			userId: pledgeSignatures.userId,
			letterKey: pledgeSignatures.letterKey,
			versionId: pledgeSignatures.versionId,
			side: pledgeSignatures.side,
			typedName: pledgeSignatures.typedName,
			svg: pledgeSignatures.signatureSvg,
			signedAt: pledgeSignatures.signedAt,
			unitName: orgUnits.name,
			unitPath: orgUnits.path
		})
		.from(pledgeSignatures)
		.leftJoin(orgUnits, eq(orgUnits.id, pledgeSignatures.unitId))
		.where(where)
		.orderBy(asc(pledgeSignatures.id))
		.all()) as SigRow[];
}

async function versionMap(db: DB, pledgeId: number) {
	const rows = await db.select().from(pledgeVersions).where(eq(pledgeVersions.pledgeId, pledgeId)).all();
	return new Map(rows.map((v) => [v.id, v]));
}

const toSignature = (s: SigRow): CopySignature => ({ side: s.side, userId: s.userId, typedName: s.typedName, svg: s.svg, signedAt: s.signedAt, unitName: s.unitName ?? '' });

/** The signed copies an organizer prints for a unit (the signer's unit at signing; 乙方's for a 责任书). */
export async function signedCopiesForUnit(db: DB, pledge: Pledge, unitPath: string): Promise<SignedCopy[]> {
	const versions = await versionMap(db, pledge.id);
	const sigs = await signatureRows(db, pledge.id);
	const out: SignedCopy[] = [];
	const copy = (key: string, versionId: number, signatures: CopySignature[], missing: SignedCopy['missing'] = null): SignedCopy => {
		const v = versions.get(versionId)!;
		return { key, pledgeId: pledge.id, kind: pledge.kind, title: v.title, versionNumber: v.number, bodyHtml: v.bodyHtml, signatures, missing };
	};
	const number = (s: SigRow) => versions.get(s.versionId)!.number;
	if (pledge.kind === '承诺书') {
		const latest = new Map<number, SigRow>();
		for (const s of sigs) if (!latest.has(s.userId) || number(s) > number(latest.get(s.userId)!)) latest.set(s.userId, s);
		// By unit (parents first), then in the order people signed: how a 台账 is filed.
		const chosen = [...latest.values()].filter((s) => s.unitPath?.startsWith(unitPath));
		chosen.sort((a, b) => (a.unitPath! < b.unitPath! ? -1 : a.unitPath! > b.unitPath! ? 1 : a.signedAt.getTime() - b.signedAt.getTime()));
		return chosen.map((s) => copy(`self-${s.userId}`, s.versionId, [toSignature(s)]));
	}
	const byLetter = new Map<number, SigRow[]>();
	for (const s of sigs) byLetter.set(s.letterKey, [...(byLetter.get(s.letterKey) ?? []), s]);
	for (const [letterId, list] of byLetter) {
		const complete = list
			.filter((s) => s.side === 'second' && list.some((f) => f.side === 'first' && f.versionId === s.versionId))
			.sort((a, b) => number(b) - number(a))[0];
		if (!complete || !complete.unitPath?.startsWith(unitPath)) continue;
		const first = list.find((f) => f.side === 'first' && f.versionId === complete.versionId)!;
		out.push(copy(`letter-${letterId}`, complete.versionId, [toSignature(first), toSignature(complete)]));
	}
	return out;
}

/** The person's own signed copies of one pledge (their latest signature on each copy). */
export async function mySignedCopies(db: DB, pledge: Pledge, userId: number): Promise<SignedCopy[]> {
	const versions = await versionMap(db, pledge.id);
	const mine = await signatureRows(db, pledge.id, and(eq(pledgeSignatures.pledgeId, pledge.id), eq(pledgeSignatures.userId, userId))!);
	const latest = new Map<number, SigRow>();
	for (const s of mine) if (!latest.has(s.letterKey) || versions.get(s.versionId)!.number > versions.get(latest.get(s.letterKey)!.versionId)!.number) latest.set(s.letterKey, s);
	const letterIds = [...latest.keys()].filter((k) => k !== 0);
	const others = letterIds.length ? await signatureRows(db, pledge.id, and(inArray(pledgeSignatures.letterKey, letterIds))!) : [];
	const letters = letterIds.length ? await db.select().from(pledgeLetters).where(inArray(pledgeLetters.id, letterIds)).all() : [];
	const partyIds = letters.flatMap((l) => [l.firstUserId, l.secondUserId]);
	const names = new Map(partyIds.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, partyIds)).all()).map((u) => [u.id, u.name]) : []);
	return [...latest.values()].map((s) => {
		const v = versions.get(s.versionId)!;
		const signatures = [toSignature(s)];
		let missing: SignedCopy['missing'] = null;
		if (s.letterKey) {
			const other = others.find((o) => o.letterKey === s.letterKey && o.versionId === s.versionId && o.userId !== userId);
			const letter = letters.find((l) => l.id === s.letterKey)!;
			if (other) signatures.push(toSignature(other));
			else missing = { side: s.side === 'first' ? 'second' : 'first', name: names.get(s.side === 'first' ? letter.secondUserId : letter.firstUserId) ?? '' };
			signatures.sort((a, b) => (a.side < b.side ? -1 : 1));
		}
		return { key: `${s.letterKey}`, pledgeId: pledge.id, kind: pledge.kind, title: v.title, versionNumber: v.number, bodyHtml: v.bodyHtml, signatures, missing };
	});
}

export type PledgeRecord = {
	pledgeId: number;
	kind: PledgeKind;
	title: string;
	versionNumber: number;
	signedAt: Date;
	side: SignatureSide;
	/** 责任书: the other party. */
	counterpart: string | null;
	/** Signed the pledge's current version (false: the text has changed since). */
	current: boolean;
	href: string;
};

// The 学习档案 reads it on every view: built once per database.
const signaturesOf = preparedQuery((db) =>
	db
		.select({
			pledgeId: pledgeSignatures.pledgeId,
			kind: pledges.kind,
			currentVersionId: pledges.currentVersionId,
			versionId: pledgeSignatures.versionId,
			title: pledgeVersions.title,
			number: pledgeVersions.number,
			signedAt: pledgeSignatures.signedAt,
			side: pledgeSignatures.side,
			letterKey: pledgeSignatures.letterKey,
			firstUserId: pledgeLetters.firstUserId,
			secondUserId: pledgeLetters.secondUserId
		})
		.from(pledgeSignatures)
		.innerJoin(pledges, eq(pledges.id, pledgeSignatures.pledgeId))
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledgeSignatures.versionId))
		.leftJoin(pledgeLetters, eq(pledgeLetters.id, pledgeSignatures.letterId))
		.where(eq(pledgeSignatures.userId, sql.placeholder('userId')))
		.orderBy(desc(pledgeVersions.number))
		.prepare()
);

/**
 * What a person has signed, for their 学习档案: one entry per copy (their 承诺书, or each 责任书
 * letter), the latest signature, newest first.
 */
export async function pledgesOf(db: DB, userId: number): Promise<PledgeRecord[]> {
	const rows = await signaturesOf(db).all({ userId });
	const latest = new Map<string, (typeof rows)[number]>();
	for (const r of rows) if (!latest.has(`${r.pledgeId}:${r.letterKey}`)) latest.set(`${r.pledgeId}:${r.letterKey}`, r);
	const otherIds = [...latest.values()].flatMap((r) => (r.letterKey ? [r.firstUserId === userId ? r.secondUserId! : r.firstUserId!] : []));
	const names = new Map(otherIds.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, otherIds)).all()).map((u) => [u.id, u.name]) : []);
	return [...latest.values()]
		.map((r) => ({
			pledgeId: r.pledgeId,
			kind: r.kind,
			title: r.title,
			versionNumber: r.number,
			signedAt: r.signedAt,
			side: r.side,
			counterpart: r.letterKey ? (names.get(r.firstUserId === userId ? r.secondUserId! : r.firstUserId!) ?? null) : null,
			current: r.versionId === r.currentVersionId,
			href: `/pledges/${r.pledgeId}`
		}))
		.sort((a, b) => b.signedAt.getTime() - a.signedAt.getTime());
}

/** Pledges in the organizer's print menu: units of the pledge's subtree, to print one unit's copies. */
export async function unitsUnder(db: DB, unitPath: string) {
	return await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(like(orgUnits.path, `${unitPath}%`)).orderBy(asc(orgUnits.path)).all();
}
