import { and, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/client.ts';
import { pledgeLetters, pledgeReads, pledgeSignatures, pledgeVersions, pledges, users, type Pledge, type PledgeVersion } from '../db/schema/index.ts';
import { dueEndOf } from './progress.ts';
import { pledgeIdsFor, type PersonRef } from './audience.ts';
import { nameMatches, parseDrawing, signatureSvg } from './signature.ts';
import { formatDuration } from '../reading/checkins.ts';
import type { SignatureSide } from '../../vocabulary.ts';

// Reading and signing, by the signer's own requests only. The reading clock starts when the
// person presses "开始阅读" (a POST; opening or preloading the page starts nothing) and a signature
// is accepted only for the current version, after the pledge's minimum reading time since that
// start, with the person's full name typed as on their account. Signing again changes nothing.

export type Signer = PersonRef & { name: string };

/** One copy the person signs: their own 承诺书, or their side of a 责任书 letter. */
export type Copy = { letterId: number | null; side: SignatureSide; counterpart: { name: string; side: SignatureSide } | null };

async function copiesOf(db: DB, pledge: Pick<Pledge, 'id' | 'kind'>, userId: number): Promise<Copy[]> {
	if (pledge.kind === '承诺书') return [{ letterId: null, side: 'self', counterpart: null }];
	const letters = await db
		.select({ id: pledgeLetters.id, first: pledgeLetters.firstUserId, second: pledgeLetters.secondUserId })
		.from(pledgeLetters)
		.where(and(eq(pledgeLetters.pledgeId, pledge.id), or(eq(pledgeLetters.firstUserId, userId), eq(pledgeLetters.secondUserId, userId))))
		.orderBy(pledgeLetters.id)
		.all();
	const others = letters.map((l) => (l.first === userId ? l.second : l.first));
	const names = new Map(others.length ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, others)).all()).map((u) => [u.id, u.name]) : []);
	return letters.map((l) => {
		const mine: SignatureSide = l.first === userId ? 'first' : 'second';
		const theirs: SignatureSide = mine === 'first' ? 'second' : 'first';
		return { letterId: l.id, side: mine, counterpart: { name: names.get(mine === 'first' ? l.second : l.first) ?? '', side: theirs } };
	});
}

export type CopyState = Copy & {
	/** My signature on the current version. */
	signedAt: Date | null;
	/** The other party's signature on the current version (责任书). */
	counterpartSignedAt: Date | null;
	/** My latest signature on an earlier version, when I have not signed the current one. */
	earlier: { number: number; signedAt: Date } | null;
};

export type SignerView = {
	pledge: Pledge;
	version: Pick<PledgeVersion, 'id' | 'number' | 'title' | 'bodyHtml' | 'createdAt'>;
	/** Addressed now (may sign); false for someone who signed earlier and has since moved. */
	addressed: boolean;
	copies: CopyState[];
	pending: number;
	startedAt: Date | null;
	secondsRemaining: number;
	overdue: boolean;
	anySigned: boolean;
};

export function secondsLeft(startedAt: Date, minReadSeconds: number, now: Date): number {
	return Math.max(0, Math.ceil((startedAt.getTime() + minReadSeconds * 1000 - now.getTime()) / 1000));
}

/** One of the person's own signatures (letterKey 0 for a 承诺书), with its version's number. */
export type OwnSignature = { letterKey: number; versionId: number; number: number; signedAt: Date };

/**
 * Each copy with the person's signature on it: on the current version (signedAt), or else their
 * latest on an earlier one (earlier: to sign again). `own` is newest version first. The signer's
 * page and the lists (learner.ts) both decide this here.
 */
export function withOwnSignatures<C extends { letterId: number | null }>(copies: C[], own: OwnSignature[], versionId: number): (C & Pick<CopyState, 'signedAt' | 'earlier'>)[] {
	return copies.map((c) => {
		const key = c.letterId ?? 0;
		const current = own.find((s) => s.letterKey === key && s.versionId === versionId);
		const earlier = current ? undefined : own.find((s) => s.letterKey === key);
		return { ...c, signedAt: current?.signedAt ?? null, earlier: earlier ? { number: earlier.number, signedAt: earlier.signedAt } : null };
	});
}

/** What the signer's page shows; undefined when the pledge is not theirs (never addressed, never signed). */
// Built once per database (db/prepared.ts): 我的承诺书 and the home page run these for every pledge.
const pledgeWithVersion = preparedQuery((db) =>
	db.select({ pledge: pledges, version: pledgeVersions }).from(pledges).innerJoin(pledgeVersions, eq(pledgeVersions.id, pledges.currentVersionId)).where(eq(pledges.id, sql.placeholder('pledgeId'))).prepare()
);
const ownSignatures = preparedQuery((db) =>
	db
		.select({ letterKey: pledgeSignatures.letterKey, versionId: pledgeSignatures.versionId, number: pledgeVersions.number, signedAt: pledgeSignatures.signedAt })
		.from(pledgeSignatures)
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledgeSignatures.versionId))
		.where(and(eq(pledgeSignatures.pledgeId, sql.placeholder('pledgeId')), eq(pledgeSignatures.userId, sql.placeholder('userId'))))
		.orderBy(desc(pledgeVersions.number))
		.prepare()
);
const readOf = preparedQuery((db) =>
	db.select().from(pledgeReads).where(and(eq(pledgeReads.userId, sql.placeholder('userId')), eq(pledgeReads.versionId, sql.placeholder('versionId')))).prepare()
);

export async function signerView(db: DB, user: Signer, pledgeId: number, now = new Date(), addressedIds?: number[]): Promise<SignerView | undefined> {
	if (!Number.isInteger(pledgeId)) return undefined;
	const row = await pledgeWithVersion(db).get({ pledgeId });
	if (!row) return undefined;
	// A list of many pledges passes the ids addressed to the person, looked up once.
	const addressed = (addressedIds ?? (await pledgeIdsFor(db, user))).includes(pledgeId);
	const own = await ownSignatures(db).all({ pledgeId, userId: user.id });
	if (!addressed && !own.length) return undefined;
	const myCopies = await copiesOf(db, row.pledge, user.id);
	const letterIds = myCopies.flatMap((c) => (c.letterId ? [c.letterId] : []));
	const theirs = letterIds.length
		? await db
				.select({ letterKey: pledgeSignatures.letterKey, signedAt: pledgeSignatures.signedAt })
				.from(pledgeSignatures)
				.where(and(inArray(pledgeSignatures.letterKey, letterIds), eq(pledgeSignatures.versionId, row.version.id), ne(pledgeSignatures.userId, user.id)))
				.all()
		: [];
	const copies = withOwnSignatures(myCopies, own, row.version.id).map((c): CopyState => {
		const other = c.letterId ? theirs.find((s) => s.letterKey === c.letterId) : undefined;
		return { ...c, counterpartSignedAt: other?.signedAt ?? null };
	});
	const read = await readOf(db).get({ userId: user.id, versionId: row.version.id });
	return {
		pledge: row.pledge,
		version: row.version,
		addressed,
		copies,
		pending: addressed ? copies.filter((c) => !c.signedAt).length : 0,
		startedAt: read?.startedAt ?? null,
		secondsRemaining: read ? secondsLeft(read.startedAt, row.pledge.minReadSeconds, now) : row.pledge.minReadSeconds,
		overdue: now.getTime() >= dueEndOf(row.pledge).getTime(),
		anySigned: own.length > 0
	};
}

export type StartResult = { ok: true; startedAt: Date } | { ok: false; message: string };

/** "开始阅读": stamps the start of the reading clock for the current version (the first press wins). */
export async function startReading(db: DB, user: Signer, pledgeId: number, now = new Date()): Promise<StartResult> {
	const view = await signerView(db, user, pledgeId, now);
	if (!view?.addressed) return { ok: false, message: '这份承诺书不是发给您的' };
	await db.insert(pledgeReads).values({ versionId: view.version.id, userId: user.id, startedAt: now }).onConflictDoNothing().run();
	const read = (await db.select().from(pledgeReads).where(and(eq(pledgeReads.userId, user.id), eq(pledgeReads.versionId, view.version.id))).get())!;
	return { ok: true, startedAt: read.startedAt };
}

export type SignResult =
	| { ok: true; signed: number; alreadySigned: boolean; signedAt: Date }
	| { ok: false; message: string; field?: 'typedName' | 'drawing'; secondsRemaining?: number };

/**
 * Signs every copy the person still has to sign on the current version (their 承诺书, or each
 * of their 责任书 letters) with the typed name and, optionally, the drawn signature.
 */
export async function signPledge(db: DB, user: Signer, input: { pledgeId: number; versionId: number; typedName: string; drawing: string }, now = new Date()): Promise<SignResult> {
	const view = await signerView(db, user, input.pledgeId, now);
	if (!view?.addressed) return { ok: false, message: '这份承诺书不是发给您的' };
	if (input.versionId !== view.version.id) return { ok: false, message: '文本已修订，请阅读新版本后再签署' };
	if (!view.pending) {
		const first = view.copies.map((c) => c.signedAt!).sort((a, b) => a.getTime() - b.getTime())[0];
		return { ok: true, signed: 0, alreadySigned: true, signedAt: first };
	}
	if (!view.startedAt) return { ok: false, message: '请先点击“开始阅读”，阅读全文后再签署' };
	if (view.secondsRemaining > 0) {
		return { ok: false, message: `阅读时间不足：至少需要阅读 ${formatDuration(view.pledge.minReadSeconds)}，请再阅读 ${view.secondsRemaining} 秒后签署`, secondsRemaining: view.secondsRemaining };
	}
	const typedName = input.typedName.trim();
	if (!typedName) return { ok: false, field: 'typedName', message: '请输入您的完整姓名作为签名' };
	if (!nameMatches(typedName, user.name)) return { ok: false, field: 'typedName', message: `输入的姓名与账号姓名“${user.name}”不一致，请输入您的完整姓名` };
	const drawing = parseDrawing(input.drawing);
	if (!drawing.ok) return { ok: false, field: 'drawing', message: drawing.message };
	const svg = signatureSvg(drawing.strokes);

	const signed = await db.transaction(async (tx) => {
		let n = 0;
		for (const c of view.copies.filter((x) => !x.signedAt)) {
			n += (await tx
				.insert(pledgeSignatures)
				.values({
					pledgeId: view.pledge.id,
					versionId: view.version.id,
					userId: user.id,
					letterId: c.letterId,
					letterKey: c.letterId ?? 0,
					side: c.side,
					typedName,
					signatureSvg: svg,
					unitId: user.orgUnitId,
					readStartedAt: view.startedAt!,
					signedAt: now
				})
				.onConflictDoNothing()
				.run()).changes;
		}
		return n;
	});
	return { ok: true, signed, alreadySigned: signed === 0, signedAt: now };
}
