import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { scopeFor } from '$lib/server/org/units';
import { pathInScope } from '$lib/server/org/scope';
import { certificateById, formatCode } from '$lib/server/exams/certificates';
import { qrDataUrl } from '$lib/server/competitions/qr';
import type { PageServerLoad } from './$types';

/** The A4 certificate: its owner, the exam's organizers (their subtree) and admins may open it. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const c = await certificateById(db, Number(event.params.id));
	const mayOrganize = (user.role === 'organizer' || user.role === 'admin') && c && pathInScope(await scopeFor(db, user), c.unitPath);
	if (!c || (c.userId !== user.id && !mayOrganize)) error(404, '没有找到这份合格证明');
	const verifyUrl = `${event.url.origin}/verify/${c.code}`;
	return {
		certificate: { name: c.name, unitName: c.unitName, examTitle: c.examTitle, score: c.score, totalPoints: c.totalPoints, issuedAt: c.issuedAt, revokedAt: c.revokedAt, code: formatCode(c.code) },
		verifyUrl,
		qr: await qrDataUrl(verifyUrl)
	};
};
