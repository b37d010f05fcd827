import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, pledgeLetters, pledgePeople, pledgeSignatures, pledgeVersions, pledges, users, type Pledge, type PledgeVersion } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { renderMarkdown } from '../content/markdown.ts';
import { defaultMinReadSeconds, readableCharCount } from '../content/courses/parse.ts';
import { parseLocalDate } from '../../time.ts';
import type { PledgeAudience, PledgeKind } from '../../vocabulary.ts';

// Publishing and revising pledges. An organizer publishes to a unit of their subtree; every
// change of the text (or title) makes a new version, which asks everyone for a new signature.

export const PLEDGE_TITLE_MAX = 100;
export const PLEDGE_BODY_MAX = 20_000;
export const MAX_MIN_READ_SECONDS = 3600;

export type PledgeDraft = {
	kind: PledgeKind;
	title: string;
	unitId: number;
	/** 承诺书: all / leaders / named; ignored for a 责任书 (its audience is its letters). */
	audience: Exclude<PledgeAudience, 'letters'>;
	/** Named people by 工号/用户名 (承诺书, audience named). */
	usernames: string[];
	/** 责任书: each letter as 甲方 and 乙方 工号/用户名. */
	letters: { first: string; second: string }[];
	dueDate: string;
	/** Null: estimated from the text's length, as for lessons. */
	minReadSeconds: number | null;
	body: string;
};

export type SavePledgeResult = { ok: true; id: number; newVersion: boolean } | { ok: false; status: 400 | 404; errors: Record<string, string> };

export type PledgeSummary = Pledge & { unitName: string; unitPath: string; version: PledgeVersion };

export async function getPledge(db: DB, scope: Scope, id: number): Promise<PledgeSummary | undefined> {
	if (!Number.isInteger(id)) return undefined;
	const row = await db
		.select({ pledge: pledges, unitName: orgUnits.name, unitPath: orgUnits.path, version: pledgeVersions })
		.from(pledges)
		.innerJoin(orgUnits, eq(orgUnits.id, pledges.unitId))
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledges.currentVersionId))
		.where(eq(pledges.id, id))
		.get();
	if (!row || !pathInScope(scope, row.unitPath)) return undefined;
	return { ...row.pledge, unitName: row.unitName, unitPath: row.unitPath, version: row.version };
}

export function contentHash(title: string, body: string): string {
	return createHash('sha256').update(`${title}\n\u0000\n${body}`).digest('hex');
}

const missingNames = (missing: string[]) => `以下用户名不存在或不属于所选单位：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}`;

/** Active people of a unit subtree by username (unknown and outside names are answered alike). */
async function peopleByUsername(db: DB, unitPath: string, usernames: string[]): Promise<Map<string, number>> {
	const wanted = [...new Set(usernames)];
	if (!wanted.length) return new Map();
	const found = await db
		.select({ id: users.id, username: users.username })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(and(inArray(users.username, wanted), like(orgUnits.path, `${unitPath}%`), isNull(users.disabledAt)))
		.all();
	return new Map(found.map((f) => [f.username, f.id]));
}

/**
 * Publishes (id absent) or edits a pledge for an organizer. The unit, and for an edit the pledge
 * itself, must lie in the scope (404 for an out-of-scope pledge). Named people and letter parties
 * must belong to the unit's subtree. A changed title or text becomes a new version.
 */
export async function savePledge(db: DB, input: { scope: Scope; actorId: number; id?: number; draft: PledgeDraft; now?: Date }): Promise<SavePledgeResult> {
	const now = input.now ?? new Date();
	const d = input.draft;
	const errors: Record<string, string> = {};
	const existing = input.id !== undefined ? await getPledge(db, input.scope, input.id) : undefined;
	if (input.id !== undefined && !existing) return { ok: false, status: 404, errors: { _form: '承诺书不存在' } };
	const kind = existing?.kind ?? d.kind;
	const unit = await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, d.unitId)).get();
	if (!unit || !pathInScope(input.scope, unit.path)) return { ok: false, status: 400, errors: { unitId: '请选择本单位或下级单位' } };
	const signatureCount = existing ? (await db.select({ n: count() }).from(pledgeSignatures).where(eq(pledgeSignatures.pledgeId, existing.id)).get())!.n : 0;
	if (existing && signatureCount > 0 && existing.unitId !== d.unitId) errors.unitId = '已有人签署，不能再更换单位';
	if (!parseLocalDate(d.dueDate)) errors.dueDate = '截止日期无效';
	if (d.minReadSeconds !== null && (d.minReadSeconds < 0 || d.minReadSeconds > MAX_MIN_READ_SECONDS)) errors.minReadSeconds = `最短阅读时间应在 0 至 ${MAX_MIN_READ_SECONDS} 秒之间`;

	let personIds: number[] = [];
	let letterPairs: [number, number][] = [];
	if (kind === '承诺书' && d.audience === 'named') {
		const found = await peopleByUsername(db, unit.path, d.usernames);
		const missing = [...new Set(d.usernames)].filter((u) => !found.has(u));
		if (!d.usernames.length) errors.people = '请至少填写一名人员';
		else if (missing.length) errors.people = missingNames(missing);
		personIds = [...found.values()];
	}
	if (kind === '责任书') {
		const found = await peopleByUsername(db, unit.path, d.letters.flatMap((l) => [l.first, l.second]));
		const missing = [...new Set(d.letters.flatMap((l) => [l.first, l.second]))].filter((u) => !found.has(u));
		if (!d.letters.length) errors.letters = '请至少填写一份责任书的甲方和乙方';
		else if (missing.length) errors.letters = missingNames(missing);
		else if (d.letters.some((l) => l.first === l.second)) errors.letters = '甲方和乙方不能是同一人';
		const seen = new Set<string>();
		for (const l of d.letters) {
			const pair: [number, number] = [found.get(l.first)!, found.get(l.second)!];
			if (!seen.has(pair.join(':')) && pair[0] && pair[1]) letterPairs.push(pair);
			seen.add(pair.join(':'));
		}
		if (existing && !errors.letters) {
			const kept = new Set(letterPairs.map((p) => p.join(':')));
			const signed = await db
				.selectDistinct({ first: pledgeLetters.firstUserId, second: pledgeLetters.secondUserId })
				.from(pledgeLetters)
				.innerJoin(pledgeSignatures, eq(pledgeSignatures.letterId, pledgeLetters.id))
				.where(eq(pledgeLetters.pledgeId, existing.id))
				.all();
			const dropped = signed.filter((s) => !kept.has(`${s.first}:${s.second}`));
			if (dropped.length) errors.letters = `有 ${dropped.length} 份责任书已有人签署，不能删除，请保留这些甲方和乙方`;
		}
	} else letterPairs = [];
	if (Object.keys(errors).length) return { ok: false, status: 400, errors };

	const minReadSeconds = d.minReadSeconds ?? defaultMinReadSeconds(readableCharCount(d.body));
	const hash = contentHash(d.title, d.body);
	const audience: PledgeAudience = kind === '责任书' ? 'letters' : d.audience;
	const result = await db.transaction(async (tx) => {
		let id = existing?.id;
		let newVersion = false;
		if (id === undefined) {
			id = (await tx
				.insert(pledges)
				.values({ kind, title: d.title, unitId: d.unitId, audience, dueDate: d.dueDate, minReadSeconds, createdBy: input.actorId, createdAt: now, updatedAt: now })
				.returning({ id: pledges.id })
				.get()).id;
		} else {
			await tx.update(pledges).set({ title: d.title, unitId: d.unitId, audience, dueDate: d.dueDate, minReadSeconds, updatedAt: now }).where(eq(pledges.id, id)).run();
		}
		if (!existing || existing.version.contentHash !== hash) {
			const number = (existing?.version.number ?? 0) + 1;
			const version = await tx
				.insert(pledgeVersions)
				.values({ pledgeId: id, number, title: d.title, body: d.body, bodyHtml: renderMarkdown(d.body), contentHash: hash, createdBy: input.actorId, createdAt: now })
				.returning({ id: pledgeVersions.id })
				.get();
			await tx.update(pledges).set({ currentVersionId: version.id }).where(eq(pledges.id, id)).run();
			newVersion = existing !== undefined;
		}
		await tx.delete(pledgePeople).where(eq(pledgePeople.pledgeId, id)).run();
		for (const userId of new Set(personIds)) await tx.insert(pledgePeople).values({ pledgeId: id, userId }).run();
		if (kind === '责任书') {
			const current = await tx.select().from(pledgeLetters).where(eq(pledgeLetters.pledgeId, id)).all();
			const wanted = new Set(letterPairs.map((p) => p.join(':')));
			const stale = current.filter((l) => !wanted.has(`${l.firstUserId}:${l.secondUserId}`)).map((l) => l.id);
			if (stale.length) await tx.delete(pledgeLetters).where(inArray(pledgeLetters.id, stale)).run();
			for (const [first, second] of letterPairs) {
				await tx.insert(pledgeLetters).values({ pledgeId: id, firstUserId: first, secondUserId: second }).onConflictDoNothing().run();
			}
		}
		return { id, newVersion };
	});
	return { ok: true, ...result };
}

export async function signatureCount(db: DB, pledgeId: number): Promise<number> {
	return (await db.select({ n: count() }).from(pledgeSignatures).where(eq(pledgeSignatures.pledgeId, pledgeId)).get())!.n;
}

/** Removes a pledge nobody has signed yet (a mistaken publication); signed pledges stay on record. */
export async function deletePledge(db: DB, scope: Scope, id: number): Promise<{ ok: true } | { ok: false; message: string }> {
	const pledge = await getPledge(db, scope, id);
	if (!pledge) return { ok: false, message: '承诺书不存在' };
	return await db.transaction(async (tx) => {
		const signed = (await tx.select({ n: count() }).from(pledgeSignatures).where(eq(pledgeSignatures.pledgeId, id)).get())!.n;
		if (signed > 0) return { ok: false as const, message: `已有 ${signed} 个签名，不能删除（签署记录须保留）` };
		await tx.delete(pledges).where(eq(pledges.id, id)).run();
		return { ok: true as const };
	});
}

export type PledgeVersionRow = Pick<PledgeVersion, 'id' | 'number' | 'title' | 'createdAt'>;

export async function versionsOf(db: DB, pledgeId: number): Promise<PledgeVersionRow[]> {
	return await db
		.select({ id: pledgeVersions.id, number: pledgeVersions.number, title: pledgeVersions.title, createdAt: pledgeVersions.createdAt })
		.from(pledgeVersions)
		.where(eq(pledgeVersions.pledgeId, pledgeId))
		.orderBy(desc(pledgeVersions.number))
		.all();
}

/** Named people of a 承诺书 (for the edit form), by username. */
export async function namedPeopleOf(db: DB, pledgeId: number) {
	return await db
		.select({ id: users.id, name: users.name, username: users.username })
		.from(pledgePeople)
		.innerJoin(users, eq(users.id, pledgePeople.userId))
		.where(eq(pledgePeople.pledgeId, pledgeId))
		.orderBy(asc(users.username))
		.all();
}

/** Pledges in scope, newest due date first. */
export async function listPledges(db: DB, scope: Scope): Promise<(Pledge & { unitName: string; versionNumber: number })[]> {
	const rows = await db
		.select({ pledge: pledges, unitName: orgUnits.name, versionNumber: pledgeVersions.number })
		.from(pledges)
		.innerJoin(orgUnits, eq(orgUnits.id, pledges.unitId))
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledges.currentVersionId))
		.where(scope ? like(orgUnits.path, `${scope.pathPrefix}%`) : sql`1 = 1`)
		.orderBy(desc(pledges.dueDate), desc(pledges.id))
		.all();
	return rows.map((r) => ({ ...r.pledge, unitName: r.unitName, versionNumber: r.versionNumber }));
}
