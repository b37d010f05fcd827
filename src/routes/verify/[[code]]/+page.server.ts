import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formatCode, lookUpCertificate, normalizeCode } from '$lib/server/exams/certificates';
import type { PageServerLoad } from './$types';

// Public on purpose: anyone holding a 合格证明 (or its QR code) may check it without an account.
// It shows name, unit, exam, score and date — nothing else about the person — and is rate-limited
// per address; a revoked certificate says so.
export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const typed = event.url.searchParams.get('code');
	if (typed !== null && !event.params.code) {
		const code = normalizeCode(typed);
		redirect(303, code ? `/verify/${code}` : `/verify/${encodeURIComponent(typed.trim().slice(0, 40) || '-')}`);
	}
	if (!event.params.code) return { code: null, result: null };
	const result = await lookUpCertificate(db, event.params.code, event.getClientAddress());
	return {
		code: event.params.code.slice(0, 40),
		result: result.ok ? { ok: true as const, ...result.certificate, code: formatCode(result.certificate.code) } : { ok: false as const, message: result.message }
	};
};
