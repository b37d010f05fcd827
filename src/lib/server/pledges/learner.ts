import { asc, desc, eq, or, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { pledgeLetters, pledgeSignatures, pledgeVersions, pledges } from '../db/schema/index.ts';
import { pledgeIdsFor } from './audience.ts';
import { preparedQuery } from '../db/prepared.ts';
import { inJsonIds } from '../db/dialect.ts';
import { dueEndOf } from './progress.ts';
import { withOwnSignatures, type CopyState, type Signer, type SignerView } from './signing.ts';
import type { PledgeStatus } from '../../vocabulary.ts';

// 我的承诺书: what is addressed to the person now, and what they signed before (a person who has
// moved still finds their signed copies). Things to sign first, by due date.

export type LearnerPledge = {
	id: number;
	kind: SignerView['pledge']['kind'];
	title: string;
	versionNumber: number;
	dueDate: string;
	status: PledgeStatus;
	/** Copies still to sign on the current version (责任书: letters). */
	pending: number;
	copies: number;
};

export function statusOfView(view: Pick<SignerView, 'addressed' | 'pending' | 'overdue'> & { copies: Pick<CopyState, 'signedAt' | 'earlier'>[] }): PledgeStatus {
	if (!view.addressed || view.pending === 0) return 'signed';
	if (view.copies.some((c) => !c.signedAt && c.earlier)) return 'resign';
	return view.overdue ? 'overdue' : 'unsigned';
}

// The list is on every home page view: four queries whatever the number of pledges (built once
// per database), deciding each pledge's standing as the signer's page does (withOwnSignatures).
const ownSignaturesOf = preparedQuery((db) =>
	db
		.select({ pledgeId: pledgeSignatures.pledgeId, letterKey: pledgeSignatures.letterKey, versionId: pledgeSignatures.versionId, number: pledgeVersions.number, signedAt: pledgeSignatures.signedAt })
		.from(pledgeSignatures)
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledgeSignatures.versionId))
		.where(eq(pledgeSignatures.userId, sql.placeholder('userId')))
		.orderBy(desc(pledgeVersions.number))
		.prepare()
);
const pledgesWithVersion = preparedQuery((db) =>
	db
		.select({ id: pledges.id, kind: pledges.kind, dueDate: pledges.dueDate, versionId: pledgeVersions.id, number: pledgeVersions.number, title: pledgeVersions.title })
		.from(pledges)
		.innerJoin(pledgeVersions, eq(pledgeVersions.id, pledges.currentVersionId))
		.where(inJsonIds(db, pledges.id, 'ids'))
		.prepare()
);
// The person's letters (责任书), in the order they were listed: one copy each.
const ownLetters = preparedQuery((db) =>
	db
		.select({ id: pledgeLetters.id, pledgeId: pledgeLetters.pledgeId })
		.from(pledgeLetters)
		.where(or(eq(pledgeLetters.firstUserId, sql.placeholder('userId')), eq(pledgeLetters.secondUserId, sql.placeholder('userId'))))
		.orderBy(asc(pledgeLetters.id))
		.prepare()
);

export async function learnerPledges(db: DB, user: Signer, now = new Date()): Promise<LearnerPledge[]> {
	const own = await ownSignaturesOf(db).all({ userId: user.id });
	const addressed = await pledgeIdsFor(db, user);
	const ids = [...new Set([...addressed, ...own.map((s) => s.pledgeId)])];
	if (!ids.length) return [];
	const rows = await pledgesWithVersion(db).all({ ids: JSON.stringify(ids) });
	const letters = rows.some((r) => r.kind === '责任书') ? await ownLetters(db).all({ userId: user.id }) : [];
	const out: LearnerPledge[] = [];
	for (const pledge of rows) {
		const mine = own.filter((s) => s.pledgeId === pledge.id);
		const isAddressed = addressed.includes(pledge.id);
		if (!isAddressed && !mine.length) continue;
		const slots: { letterId: number | null }[] = pledge.kind === '承诺书' ? [{ letterId: null }] : letters.filter((l) => l.pledgeId === pledge.id).map((l) => ({ letterId: l.id }));
		const copies = withOwnSignatures(slots, mine, pledge.versionId);
		const pending = isAddressed ? copies.filter((c) => !c.signedAt).length : 0;
		out.push({
			id: pledge.id,
			kind: pledge.kind,
			title: pledge.title,
			versionNumber: pledge.number,
			dueDate: pledge.dueDate,
			status: statusOfView({ addressed: isAddressed, pending, copies, overdue: now.getTime() >= dueEndOf(pledge).getTime() }),
			pending,
			copies: copies.length
		});
	}
	const rank = (p: LearnerPledge) => (p.status === 'signed' ? 1 : 0);
	return out.sort((a, b) => rank(a) - rank(b) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : b.id - a.id));
}
