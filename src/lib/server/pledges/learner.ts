import { eq, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { pledgeSignatures } from '../db/schema/index.ts';
import { pledgeIdsFor } from './audience.ts';
import { preparedQuery } from '../db/prepared.ts';
import { signerView, type Signer, type SignerView } from './signing.ts';
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

export function statusOfView(view: SignerView): PledgeStatus {
	if (!view.addressed || view.pending === 0) return 'signed';
	if (view.copies.some((c) => !c.signedAt && c.earlier)) return 'resign';
	return view.overdue ? 'overdue' : 'unsigned';
}

// Read on every home page view: built once per database.
const signedPledgeIds = preparedQuery((db) =>
	db.selectDistinct({ id: pledgeSignatures.pledgeId }).from(pledgeSignatures).where(eq(pledgeSignatures.userId, sql.placeholder('userId'))).prepare()
);

export async function learnerPledges(db: DB, user: Signer, now = new Date()): Promise<LearnerPledge[]> {
	const signed = (await signedPledgeIds(db).all({ userId: user.id })).map((r) => r.id);
	const addressed = await pledgeIdsFor(db, user);
	const ids = [...new Set([...addressed, ...signed])];
	const out: LearnerPledge[] = [];
	for (const id of ids) {
		const view = await signerView(db, user, id, now, addressed);
		if (!view) continue;
		out.push({
			id,
			kind: view.pledge.kind,
			title: view.version.title,
			versionNumber: view.version.number,
			dueDate: view.pledge.dueDate,
			status: statusOfView(view),
			pending: view.pending,
			copies: view.copies.length
		});
	}
	const rank = (p: LearnerPledge) => (p.status === 'signed' ? 1 : 0);
	return out.sort((a, b) => rank(a) - rank(b) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : b.id - a.id));
}
