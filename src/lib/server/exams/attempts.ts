import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { examAnswers, examAttempts, examLeaveEvents, exams, orgUnits, questions, users, type Exam, type ExamAttempt, type PaperItem, type Question } from '../db/schema/index.ts';
import { isCorrect } from '../quizzes/grading.ts';
import { cleanText } from '../text.ts';
import { isExaminee, type PersonRef } from './audience.ts';
import { drawPaper, paperSeed, personalizeFixed } from './paper.ts';
import { candidatesById, sectionCandidates } from './pool.ts';
import { issueCertificate } from './certificates.ts';
import type { AttemptCloseReason, LeaveKind } from '../../vocabulary.ts';

// Sitting an exam. The server's clock decides everything: the deadline is fixed at the start; an
// answer is stored only while the attempt is open and before its deadline, only for a question of
// the person's own paper; the attempt is closed exactly once (a conditional UPDATE guarded by
// closed_at IS NULL) — by 交卷, by too many leaves, or at the deadline by whichever comes first of
// the sweeper (any process) and the person's next request. Every write is one transaction, so a
// process killed at any moment leaves either the acknowledged answer or nothing.

/** Longest text accepted for one blank. */
export const MAX_BLANK_LENGTH = 200;

export type StartResult = { ok: true; attemptId: number; resumed: boolean } | { ok: false; message: string };

/** The open attempt of a person in an exam (closed_at null), whatever its deadline. */
async function openAttempt(db: DB, examId: number, userId: number): Promise<ExamAttempt | undefined> {
	return await db
		.select()
		.from(examAttempts)
		.where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, userId), isNull(examAttempts.closedAt)))
		.orderBy(desc(examAttempts.number))
		.get();
}

/**
 * Closes an attempt and grades it, inside the caller's transaction. Returns false when it was
 * already closed (someone else closed it first: nothing is changed). `at` is the instant it closed:
 * the time of 交卷, or the deadline itself when the server closes it later.
 */
export async function closeAttemptTx(tx: DB, attemptId: number, reason: AttemptCloseReason, at: number): Promise<boolean> {
	const updated = await tx
		.update(examAttempts)
		.set({ closedAt: at, closeReason: reason })
		.where(and(eq(examAttempts.id, attemptId), isNull(examAttempts.closedAt)))
		.run();
	if (updated.changes !== 1) return false;
	const attempt = (await tx.select().from(examAttempts).where(eq(examAttempts.id, attemptId)).get())!;
	const exam = (await tx.select({ passScore: exams.passScore }).from(exams).where(eq(exams.id, attempt.examId)).get())!;
	const answers = new Map((await tx.select().from(examAnswers).where(eq(examAnswers.attemptId, attemptId)).all()).map((a) => [a.questionId, a]));
	const byId = await questionsById(tx, attempt.paper.map((p) => p.questionId));
	let score = 0;
	let correctCount = 0;
	const right: number[] = [];
	const wrong: number[] = [];
	for (const item of attempt.paper) {
		const answer = answers.get(item.questionId);
		const q = byId.get(item.questionId);
		const correct = !!answer && !!q && answer.response.length > 0 && isCorrect(q, answer.response);
		if (correct) {
			score += item.points;
			correctCount++;
		}
		if (answer) (correct ? right : wrong).push(answer.id);
	}
	if (right.length) await tx.update(examAnswers).set({ correct: true }).where(inArray(examAnswers.id, right)).run();
	if (wrong.length) await tx.update(examAnswers).set({ correct: false }).where(inArray(examAnswers.id, wrong)).run();
	const passed = score >= exam.passScore;
	await tx.update(examAttempts).set({ score, correctCount, passed }).where(eq(examAttempts.id, attemptId)).run();
	if (passed) await issueCertificate(tx, attemptId, at);
	return true;
}

async function questionsById(db: DB, ids: number[]): Promise<Map<number, Question>> {
	if (!ids.length) return new Map();
	return new Map((await db.select().from(questions).where(inArray(questions.id, ids)).all()).map((q) => [q.id, q]));
}

/** Closes the attempt at its deadline if that has passed (inside the caller's transaction). True when it is closed now. */
async function closeIfOverdue(tx: DB, attempt: ExamAttempt, now: number): Promise<boolean> {
	if (now < attempt.deadlineAt) return false;
	await closeAttemptTx(tx, attempt.id, 'deadline', attempt.deadlineAt);
	return true;
}

/**
 * Starts an attempt, or resumes the open one (pressing 开始 twice, or on another device, never makes
 * a second attempt). Checks the audience, the window and the attempts left; draws the paper.
 */
export async function startAttempt(db: DB, input: { person: PersonRef; examId: number }, now: number): Promise<StartResult> {
	const exam = await db.select().from(exams).where(eq(exams.id, input.examId)).get();
	if (!exam || !(await isExaminee(db, exam, input.person))) return { ok: false, message: '没有找到这场考试，或您不在本场考试的参考人员名单中' };
	const userId = input.person.id;
	const open = await openAttempt(db, exam.id, userId);
	if (open && now < open.deadlineAt) return { ok: true, attemptId: open.id, resumed: true };
	// An attempt left open past its deadline is closed now, at its deadline (it counts as taken).
	if (open) await db.transaction((tx) => closeAttemptTx(tx, open.id, 'deadline', open.deadlineAt));
	if (now < exam.opensAt) return { ok: false, message: '考试尚未开始，请在开考时间后再进入' };
	if (now >= exam.closesAt) return { ok: false, message: '考试已经结束，不能再开始作答' };
	const previous = await db.select({ number: examAttempts.number, passed: examAttempts.passed }).from(examAttempts).where(and(eq(examAttempts.examId, exam.id), eq(examAttempts.userId, userId))).all();
	if (previous.some((p) => p.passed)) return { ok: false, message: '您已通过本场考试，无需再次作答' };
	if (previous.length >= exam.attemptsAllowed) return { ok: false, message: `本场考试每人可参加 ${exam.attemptsAllowed} 次，您已全部用完` };
	const number = previous.length + 1;
	const drawn = await paperFor(db, exam, userId, number);
	if (!drawn) return { ok: false, message: '题库已变化，按本场考试的组卷规则抽不出试卷。请联系组织员检查组卷规则' };
	const unit = await db.select({ unitId: users.orgUnitId }).from(users).where(eq(users.id, userId)).get();
	const deadlineAt = Math.min(now + exam.timeLimitMinutes * 60_000, exam.closesAt);
	const result = await db.transaction(async (tx) => {
		const stale = await openAttempt(tx, exam.id, userId);
		if (stale && !(await closeIfOverdue(tx, stale, now))) return { ok: true as const, attemptId: stale.id, resumed: true };
		const inserted = await tx
			.insert(examAttempts)
			.values({ examId: exam.id, userId, number, unitId: unit?.unitId ?? null, paper: drawn, totalPoints: drawn.reduce((n, p) => n + p.points, 0), startedAt: now, deadlineAt })
			.onConflictDoNothing()
			.returning({ id: examAttempts.id })
			.get();
		if (inserted) return { ok: true as const, attemptId: inserted.id, resumed: false };
		// Two starts at once: the other one made attempt `number`; this press resumes it.
		const other = await openAttempt(tx, exam.id, userId);
		return other ? { ok: true as const, attemptId: other.id, resumed: true } : { ok: false as const, message: '请刷新页面后重试' };
	});
	return result;
}

/** The paper of one person's attempt: random per person, or the exam's fixed paper with the person's option order. */
async function paperFor(db: DB, exam: Exam, userId: number, number: number): Promise<PaperItem[] | null> {
	const seed = paperSeed(exam.seedSecret, userId, number);
	if (exam.paperMode === 'fixed' && exam.fixedPaper) {
		return personalizeFixed(exam.fixedPaper, await candidatesById(db, exam.fixedPaper.map((p) => p.questionId)), seed, exam.shuffleOptions);
	}
	const drawn = drawPaper(exam.sections, await sectionCandidates(db, exam.sections), seed, exam.shuffleOptions);
	return drawn.ok ? drawn.paper : null;
}

// ---- saving answers ------------------------------------------------------------------------------

export type SaveRefusal = 'no-attempt' | 'closed' | 'late' | 'not-in-paper' | 'invalid' | 'stale';
export type SaveResult =
	| { ok: true; questionId: number; revision: number; savedAt: number; replay: boolean; deadlineAt: number }
	| { ok: false; code: SaveRefusal; message: string; revision?: number };

const REFUSALS: Record<Exclude<SaveRefusal, 'invalid'>, string> = {
	'no-attempt': '您还没有开始这场考试，答案未保存',
	closed: '本次考试已经交卷，答案未保存',
	late: '考试时间已到，答案未保存；系统已按时收卷',
	'not-in-paper': '这道题不在您的试卷中，答案未保存',
	stale: '这道题的答案已在其他页面或设备上修改过，本页的答案未保存。请刷新页面，查看最新答案后再作答'
};

/**
 * Turns what the page sent into the stored response: option letters as shown become the original
 * option keys (the paper says which is which), 正确/错误 stay, blanks are cleaned text. `[]` clears.
 */
export function normalizeResponse(q: Pick<Question, 'type' | 'answer'>, item: PaperItem, values: string[]): { ok: true; response: string[] } | { ok: false; message: string } {
	if (q.type === 'fill') {
		const blanks = (q.answer as string[][]).length;
		const texts = values.map((v) => cleanText(v).trim());
		if (!texts.some(Boolean)) return { ok: true, response: [] };
		if (texts.length !== blanks) return { ok: false, message: `这道题有 ${blanks} 个空，提交了 ${texts.length} 个` };
		if (texts.some((t) => [...t].length > MAX_BLANK_LENGTH)) return { ok: false, message: `每个空最多 ${MAX_BLANK_LENGTH} 个字` };
		return { ok: true, response: texts };
	}
	if (!values.length) return { ok: true, response: [] };
	if (q.type !== 'multiple' && values.length > 1) return { ok: false, message: '这道题只能选一个答案' };
	if (new Set(values).size !== values.length) return { ok: false, message: '选项重复' };
	const keys: string[] = [];
	for (const v of values) {
		if (q.type === 'truefalse') {
			if (v !== 'true' && v !== 'false') return { ok: false, message: `没有选项“${v.slice(0, 10)}”` };
			keys.push(v);
			continue;
		}
		const index = /^[A-Z]$/.test(v) ? v.charCodeAt(0) - 65 : -1;
		if (index < 0 || index >= item.options.length) return { ok: false, message: `没有选项“${v.slice(0, 10)}”` };
		keys.push(item.options[index]);
	}
	return { ok: true, response: keys.sort() };
}

/**
 * Saves one answer. `revision` is the revision the page last saw (0: none): a save from a page that
 * has not seen the latest answer is refused (stale) unless it says the same; a repeated save of
 * the stored answer is acknowledged as it was (replay). Refused saves store nothing.
 */
export async function saveAnswer(db: DB, input: { userId: number; examId: number; questionId: number; values: string[]; revision: number }, now: number): Promise<SaveResult> {
	return await db.transaction(async (tx): Promise<SaveResult> => {
		const attempt = await openAttempt(tx, input.examId, input.userId);
		if (!attempt) {
			const any = await tx.select({ id: examAttempts.id }).from(examAttempts).where(and(eq(examAttempts.examId, input.examId), eq(examAttempts.userId, input.userId))).get();
			return { ok: false, code: any ? 'closed' : 'no-attempt', message: any ? REFUSALS.closed : REFUSALS['no-attempt'] };
		}
		if (await closeIfOverdue(tx, attempt, now)) return { ok: false, code: 'late', message: REFUSALS.late };
		const item = attempt.paper.find((p) => p.questionId === input.questionId);
		if (!item) return { ok: false, code: 'not-in-paper', message: REFUSALS['not-in-paper'] };
		const q = (await tx.select({ type: questions.type, answer: questions.answer }).from(questions).where(eq(questions.id, input.questionId)).get())!;
		const normalized = normalizeResponse(q, item, input.values);
		if (!normalized.ok) return { ok: false, code: 'invalid', message: `${normalized.message}，答案未保存` };
		const stored = await tx.select().from(examAnswers).where(and(eq(examAnswers.attemptId, attempt.id), eq(examAnswers.questionId, input.questionId))).get();
		const same = stored && JSON.stringify(stored.response) === JSON.stringify(normalized.response);
		if (same) return { ok: true, questionId: input.questionId, revision: stored.revision, savedAt: stored.savedAt, replay: true, deadlineAt: attempt.deadlineAt };
		if ((stored?.revision ?? 0) !== input.revision) return { ok: false, code: 'stale', message: REFUSALS.stale, revision: stored?.revision ?? 0 };
		if (!stored && !normalized.response.length) return { ok: true, questionId: input.questionId, revision: 0, savedAt: now, replay: true, deadlineAt: attempt.deadlineAt };
		if (stored) {
			const updated = await tx
				.update(examAnswers)
				.set({ response: normalized.response, revision: stored.revision + 1, savedAt: now })
				.where(and(eq(examAnswers.id, stored.id), eq(examAnswers.revision, stored.revision)))
				.run();
			if (updated.changes !== 1) return { ok: false, code: 'stale', message: REFUSALS.stale };
			return { ok: true, questionId: input.questionId, revision: stored.revision + 1, savedAt: now, replay: false, deadlineAt: attempt.deadlineAt };
		}
		const inserted = await tx.insert(examAnswers).values({ attemptId: attempt.id, questionId: input.questionId, response: normalized.response, revision: 1, savedAt: now }).onConflictDoNothing().returning({ id: examAnswers.id }).get();
		if (!inserted) return { ok: false, code: 'stale', message: REFUSALS.stale };
		return { ok: true, questionId: input.questionId, revision: 1, savedAt: now, replay: false, deadlineAt: attempt.deadlineAt };
	});
}

export type PageSave = { saved: number; refusals: { questionId: number; message: string }[] };

/** The plain-form page (no JavaScript): each question of the page saved as above. */
export async function savePage(db: DB, input: { userId: number; examId: number; answers: { questionId: number; values: string[]; revision: number }[] }, now: number): Promise<PageSave> {
	const out: PageSave = { saved: 0, refusals: [] };
	for (const a of input.answers) {
		const result = await saveAnswer(db, { userId: input.userId, examId: input.examId, ...a }, now);
		if (result.ok) {
			if (!result.replay) out.saved++;
		} else {
			out.refusals.push({ questionId: a.questionId, message: result.message });
			if (result.code === 'late' || result.code === 'closed' || result.code === 'no-attempt') break;
		}
	}
	return out;
}

// ---- 交卷 ------------------------------------------------------------------------------------------

export type SubmitResult = { ok: true; attemptId: number; reason: AttemptCloseReason } | { ok: false; status: 400 | 404 | 409; message: string };

/**
 * 交卷, once. The form names the attempt it hands in: a second press, a replayed request or a
 * stale page finds it closed and is refused with nothing changed. Past the deadline the attempt is
 * closed as the server closes it, at the deadline.
 */
export async function submitAttempt(db: DB, input: { userId: number; examId: number; attemptId: number }, now: number): Promise<SubmitResult> {
	return await db.transaction(async (tx): Promise<SubmitResult> => {
		const attempt = await tx.select().from(examAttempts).where(and(eq(examAttempts.id, input.attemptId), eq(examAttempts.examId, input.examId))).get();
		if (!attempt || attempt.userId !== input.userId) return { ok: false, status: 404, message: '没有找到这次作答' };
		if (attempt.closedAt !== null) return { ok: false, status: 409, message: '本次考试已经交卷，不能重复提交；成绩以第一次交卷为准' };
		if (await closeIfOverdue(tx, attempt, now)) return { ok: true, attemptId: attempt.id, reason: 'deadline' };
		await closeAttemptTx(tx, attempt.id, 'submitted', now);
		return { ok: true, attemptId: attempt.id, reason: 'submitted' };
	});
}

// ---- leaving the page ------------------------------------------------------------------------------

export type LeaveResult = { ok: true; leaves: number; closed: boolean; limit: number | null } | { ok: false; message: string };

/**
 * The page was left (hidden or blurred) or came back. A leave while already away is the same
 * leave (switching apps fires both events). Reaching the exam's limit closes the attempt.
 */
export async function recordLeave(db: DB, input: { userId: number; examId: number; kind: LeaveKind; phase: 'leave' | 'return' }, now: number): Promise<LeaveResult> {
	return await db.transaction(async (tx): Promise<LeaveResult> => {
		const attempt = await openAttempt(tx, input.examId, input.userId);
		if (!attempt) return { ok: false, message: REFUSALS.closed };
		if (await closeIfOverdue(tx, attempt, now)) return { ok: false, message: REFUSALS.late };
		const exam = (await tx.select({ autoSubmitLeaves: exams.autoSubmitLeaves }).from(exams).where(eq(exams.id, attempt.examId)).get())!;
		const events = await tx.select().from(examLeaveEvents).where(eq(examLeaveEvents.attemptId, attempt.id)).orderBy(asc(examLeaveEvents.id)).all();
		const away = events.findLast((e) => e.returnedAt === null);
		if (input.phase === 'return') {
			if (away) await tx.update(examLeaveEvents).set({ returnedAt: now }).where(eq(examLeaveEvents.id, away.id)).run();
			return { ok: true, leaves: events.length, closed: false, limit: exam.autoSubmitLeaves };
		}
		if (away) return { ok: true, leaves: events.length, closed: false, limit: exam.autoSubmitLeaves };
		await tx.insert(examLeaveEvents).values({ attemptId: attempt.id, kind: input.kind, leftAt: now }).run();
		const leaves = events.length + 1;
		const closed = exam.autoSubmitLeaves !== null && leaves >= exam.autoSubmitLeaves;
		if (closed) await closeAttemptTx(tx, attempt.id, 'leaves', now);
		return { ok: true, leaves, closed, limit: exam.autoSubmitLeaves };
	});
}

// ---- the server closing attempts nobody handed in -------------------------------------------------

/**
 * Closes every open attempt whose deadline has passed, each in its own transaction, at its
 * deadline. Safe to run in several processes at once: the conditional UPDATE lets one of them
 * close each attempt, the others find it closed and change nothing.
 */
export async function closeOverdueAttempts(db: DB, now: number, limit = 500): Promise<number> {
	const overdue = await db
		.select({ id: examAttempts.id, deadlineAt: examAttempts.deadlineAt })
		.from(examAttempts)
		.where(and(isNull(examAttempts.closedAt), lte(examAttempts.deadlineAt, now)))
		.orderBy(asc(examAttempts.deadlineAt))
		.limit(limit)
		.all();
	let closed = 0;
	for (const a of overdue) {
		if (await db.transaction((tx) => closeAttemptTx(tx, a.id, 'deadline', a.deadlineAt))) closed++;
	}
	return closed;
}

/** The unit names of attempts' units (for results). */
export async function unitNames(db: DB, ids: number[]): Promise<Map<number, string>> {
	if (!ids.length) return new Map();
	return new Map((await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, [...new Set(ids)])).all()).map((u) => [u.id, u.name]));
}
