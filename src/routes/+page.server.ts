import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { homeLearning } from '$lib/server/learning/progress';
import { learnerHomeExtras } from '$lib/server/reading-lists/learner';
import { learnerPledges } from '$lib/server/pledges/learner';
import { learnerCollections } from '$lib/server/writings/overview';
import { learnerExams } from '$lib/server/exams/views';
import { dueToday } from '$lib/server/notebook/notebook';
import { appClock } from '$lib/server/clock';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const now = appClock.now();
	return {
		// Exams open now that the person has not passed; today's 错题本 review.
		exams: (await learnerExams(db, user, now)).filter((e) => e.phase === 'open' && e.standing !== 'passed' && (e.standing === 'in-progress' || e.attemptsLeft > 0)),
		reviewsDue: await dueToday(db, user.id, now),
		name: user.name,
		passwordChanged: event.url.searchParams.get('password') === 'changed',
		// Reading lists first (by due date) and unread notices.
		tasks: await learnerHomeExtras(db, user),
		learning: await homeLearning(db, user.id),
		pledges: (await learnerPledges(db, user)).filter((p) => p.status !== 'signed'),
		collections: (await learnerCollections(db, user)).filter((c) => c.standing === 'returned' || (c.open && c.standing === 'none'))
	};
};
