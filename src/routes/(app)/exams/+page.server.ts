import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { learnerExams } from '$lib/server/exams/views';
import { certificatesOf } from '$lib/server/exams/certificates';
import { appClock } from '$lib/server/clock';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const now = appClock.now();
	return { exams: await learnerExams(db, user, now), certificates: (await certificatesOf(db, user.id)).map((c) => ({ id: c.id, examTitle: c.examTitle, score: c.score, totalPoints: c.totalPoints, issuedAt: c.issuedAt, revoked: c.revokedAt !== null })), now };
};
