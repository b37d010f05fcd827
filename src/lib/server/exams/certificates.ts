import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { containsText } from '../db/dialect.ts';
import { countAttempt, isLimited, minutesText, takeAttempt, type RateLimit } from '../rate-limit.ts';
import type { DB } from '../db/client.ts';
import { examAttempts, examCertificates, exams, orgUnits, users, type ExamCertificate } from '../db/schema/index.ts';

// 合格证明. A certificate is issued with a person's first passing attempt of an exam, carrying a
// random verification code (100 bits: nobody can find another person's certificate by guessing,
// least of all through a rate-limited page). The public page shows what is copied here at issue —
// name, unit, exam, score, date — and nothing else about the person; a revoked one says so.

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 20;

/** A new code: 20 characters of 5 random bits each. */
export function newCertificateCode(): string {
	const bytes = randomBytes(CODE_LENGTH);
	return [...bytes].map((b) => ALPHABET[b & 31]).join('');
}

/** As printed: four groups of five. */
export function formatCode(code: string): string {
	return code.match(/.{1,5}/g)?.join('-') ?? code;
}

/** A code as typed or scanned: case, spaces and dashes ignored, O read as 0 and I/L as 1. Null when it cannot be one. */
export function normalizeCode(input: string): string | null {
	const code = input
		.toUpperCase()
		.replace(/[\s-]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/** Issues the certificate of a passing attempt (inside its grading transaction); the first pass of an exam keeps it. */
export async function issueCertificate(tx: DB, attemptId: number, at: number): Promise<void> {
	const row = await tx
		.select({ examId: examAttempts.examId, userId: examAttempts.userId, score: examAttempts.score, totalPoints: examAttempts.totalPoints, unitId: examAttempts.unitId, title: exams.title, name: users.name, personUnitId: users.orgUnitId })
		.from(examAttempts)
		.innerJoin(exams, eq(exams.id, examAttempts.examId))
		.innerJoin(users, eq(users.id, examAttempts.userId))
		.where(eq(examAttempts.id, attemptId))
		.get();
	if (!row) return;
	const unit = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, row.unitId ?? row.personUnitId)).get();
	await tx
		.insert(examCertificates)
		.values({ code: newCertificateCode(), examId: row.examId, userId: row.userId, attemptId, name: row.name, unitName: unit?.name ?? '', examTitle: row.title, score: row.score ?? 0, totalPoints: row.totalPoints, issuedAt: at })
		.onConflictDoNothing()
		.run();
}

export type PublicCertificate = { code: string; name: string; unitName: string; examTitle: string; score: number; totalPoints: number; issuedAt: number; revokedAt: number | null };

/** What /verify shows for a code: only the certified facts. */
export async function verifyCertificate(db: DB, code: string): Promise<PublicCertificate | null> {
	const row = await db.select().from(examCertificates).where(eq(examCertificates.code, code)).get();
	if (!row) return null;
	return { code: row.code, name: row.name, unitName: row.unitName, examTitle: row.examTitle, score: row.score, totalPoints: row.totalPoints, issuedAt: row.issuedAt, revokedAt: row.revokedAt };
}

export type CertificateRecord = ExamCertificate & { unitPath: string; username: string };

/** A certificate with what deciding who may see it needs: the exam's unit path and the owner. */
export async function certificateById(db: DB, id: number): Promise<CertificateRecord | undefined> {
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	const row = await db
		.select({ c: examCertificates, unitPath: orgUnits.path, username: users.username })
		.from(examCertificates)
		.innerJoin(exams, eq(exams.id, examCertificates.examId))
		.innerJoin(orgUnits, eq(orgUnits.id, exams.unitId))
		.innerJoin(users, eq(users.id, examCertificates.userId))
		.where(eq(examCertificates.id, id))
		.get();
	return row ? { ...row.c, unitPath: row.unitPath, username: row.username } : undefined;
}

/** A person's certificates, newest first (their exam list and 学习档案). */
export async function certificatesOf(db: DB, userId: number): Promise<ExamCertificate[]> {
	return await db.select().from(examCertificates).where(eq(examCertificates.userId, userId)).orderBy(desc(examCertificates.issuedAt)).all();
}

/** The admin's list: by code (as typed) or a name or exam title containing the text; newest first. */
export async function findCertificates(db: DB, query: string, limit = 100): Promise<ExamCertificate[]> {
	const q = query.trim();
	const code = normalizeCode(q);
	const where = !q ? undefined : code ? eq(examCertificates.code, code) : or(containsText(db, examCertificates.name, q), containsText(db, examCertificates.examTitle, q));
	return await db.select().from(examCertificates).where(where).orderBy(desc(examCertificates.issuedAt), desc(examCertificates.id)).limit(limit).all();
}

/** An admin revokes a certificate; the public page then says it is revoked. Revoking twice changes nothing. */
export async function revokeCertificate(db: DB, input: { id: number; adminId: number; reason: string }, now: number): Promise<{ ok: true } | { ok: false; message: string }> {
	const updated = await db
		.update(examCertificates)
		.set({ revokedAt: now, revokedBy: input.adminId, revokeReason: input.reason })
		.where(and(eq(examCertificates.id, input.id), isNull(examCertificates.revokedAt)))
		.run();
	if (updated.changes === 1) return { ok: true };
	const exists = await db.select({ id: examCertificates.id }).from(examCertificates).where(eq(examCertificates.id, input.id)).get();
	return { ok: false, message: exists ? '该证明已经撤销' : '证明不存在' };
}

/** Wrong codes per address and hour: enough for typing mistakes, far too few to find anything by guessing. */
export const VERIFY_FAILURES: RateLimit = { bucket: 'certificate-miss', limit: 20, windowMs: 3_600_000 };
/** All look-ups per address and hour (a scan of valid codes has nothing to find, but costs queries). */
export const VERIFY_LOOKUPS: RateLimit = { bucket: 'certificate-lookup', limit: 300, windowMs: 3_600_000 };

export type VerifyResult = { ok: true; certificate: PublicCertificate } | { ok: false; status: 404 | 429; message: string };

/** The public verification of a code, rate-limited per client address. */
export async function lookUpCertificate(db: DB, rawCode: string, address: string, now = Date.now()): Promise<VerifyResult> {
	const failures = await isLimited(db, VERIFY_FAILURES, address, now);
	if (!failures.ok) return { ok: false, status: 429, message: `验证码输错次数过多，请 ${minutesText(failures.retryAfterMs)}后再试` };
	const lookups = await takeAttempt(db, VERIFY_LOOKUPS, address, now);
	if (!lookups.ok) return { ok: false, status: 429, message: `查询过于频繁，请 ${minutesText(lookups.retryAfterMs)}后再试` };
	const code = normalizeCode(rawCode);
	const certificate = code ? await verifyCertificate(db, code) : null;
	if (certificate) return { ok: true, certificate };
	await countAttempt(db, VERIFY_FAILURES, address, now);
	return { ok: false, status: 404, message: '没有找到这个验证码对应的合格证明，请核对后重新输入' };
}
