import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { formAction, idField, requiredText } from '$lib/server/forms';
import { findCertificates, formatCode, revokeCertificate } from '$lib/server/exams/certificates';
import { appClock } from '$lib/server/clock';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 60);
	const rows = await findCertificates(db, q);
	return { q, certificates: rows.map((c) => ({ id: c.id, code: formatCode(c.code), name: c.name, unitName: c.unitName, examTitle: c.examTitle, score: c.score, totalPoints: c.totalPoints, issuedAt: c.issuedAt, revokedAt: c.revokedAt, revokeReason: c.revokeReason })) };
};

const RevokeForm = z.object({ id: idField('证明'), reason: requiredText('撤销原因', 200) });

export const actions: Actions = {
	/** Revoking is for administrators only: the public page then says the certificate is revoked. */
	revoke: formAction(requireAdmin, RevokeForm, async ({ guarded: admin, data, refuse }) => {
		const result = await revokeCertificate(db, { id: data.id, adminId: admin.id, reason: data.reason }, appClock.now());
		if (!result.ok) return refuse(result.message);
		return { message: '已撤销' };
	})
};
