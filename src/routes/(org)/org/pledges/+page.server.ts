import { db } from '$lib/server/db';
import { requireOrganizer } from '$lib/server/auth/guards';
import { scopeFor } from '$lib/server/org/units';
import { listPledges } from '$lib/server/pledges/pledges';
import { signedCounts } from '$lib/server/pledges/progress';
import { localDate } from '$lib/time';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const pledges = await listPledges(db, await scopeFor(db, user));
	const counts = await signedCounts(db, pledges);
	return { pledges: pledges.map((p) => ({ ...p, counts: counts.get(p.id)! })), today: localDate(new Date()) };
};
