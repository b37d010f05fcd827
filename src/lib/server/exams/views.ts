import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import { inJsonIds } from '../db/dialect.ts';
import type { DB } from '../db/client.ts';
import { examAnswers, examAttempts, examCertificates, examLeaveEvents, exams, orgUnits, questions, type Exam, type ExamAttempt, type PaperItem, type Question } from '../db/schema/index.ts';
import { displayQuestion, describeAnswer, describeResponse, renderExplanation, type DisplayQuestion } from '../quizzes/display.ts';
import { resolveRefs, type ResolvedRef } from '../content/refs.ts';
import { examIdsFor, isExaminee, type PersonRef } from './audience.ts';
import { displayLetter } from './paper.ts';
import type { AttemptCloseReason, ExamStanding } from '../../vocabulary.ts';

// What the learner's exam pages show, read-only: a page load never starts, saves or closes
// anything (SvelteKit preloads pages on hover). An attempt past its deadline that the sweeper has
// not closed yet is shown as closed; the sweeper (or the person's next action) records it.

export type ExamPhase = 'upcoming' | 'open' | 'closed';

export function examPhase(exam: Pick<Exam, 'opensAt' | 'closesAt'>, now: number): ExamPhase {
	return now < exam.opensAt ? 'upcoming' : now < exam.closesAt ? 'open' : 'closed';
}

/** Closed in fact: handed in, or past its deadline (the server closes it at the deadline). */
export function attemptOver(a: Pick<ExamAttempt, 'closedAt' | 'deadlineAt'>, now: number): boolean {
	return a.closedAt !== null || now >= a.deadlineAt;
}

export function standingOf(exam: Pick<Exam, 'opensAt' | 'closesAt'>, attempts: Pick<ExamAttempt, 'closedAt' | 'deadlineAt' | 'passed'>[], now: number): ExamStanding {
	if (attempts.some((a) => a.passed)) return 'passed';
	if (attempts.some((a) => !attemptOver(a, now))) return 'in-progress';
	if (attempts.length) return attempts.some((a) => a.closedAt !== null) ? 'failed' : 'in-progress';
	return examPhase(exam, now) === 'closed' ? 'missed' : 'not-taken';
}

export type LearnerExamRow = {
	id: number;
	title: string;
	unitName: string;
	opensAt: number;
	closesAt: number;
	timeLimitMinutes: number;
	phase: ExamPhase;
	standing: ExamStanding;
	bestScore: number | null;
	totalPoints: number;
	attemptsLeft: number;
	certificateId: number | null;
	isMakeup: boolean;
};

// The learner's exam list is on every home page view: three queries, each built once per database.
// The list needs neither the exams' rules nor the attempts' papers (large JSON): only what it shows.
const examListRows = preparedQuery((db) =>
	db
		.select({
			exam: { id: exams.id, title: exams.title, opensAt: exams.opensAt, closesAt: exams.closesAt, timeLimitMinutes: exams.timeLimitMinutes, totalPoints: exams.totalPoints, attemptsAllowed: exams.attemptsAllowed, makeupOf: exams.makeupOf },
			unitName: orgUnits.name,
			// At most one certificate per exam and person (exam_certificates_person).
			certificateId: examCertificates.id
		})
		.from(exams)
		.innerJoin(orgUnits, eq(orgUnits.id, exams.unitId))
		.leftJoin(examCertificates, and(eq(examCertificates.examId, exams.id), eq(examCertificates.userId, sql.placeholder('userId'))))
		.where(inJsonIds(db, exams.id, 'ids'))
		.prepare()
);
// Every attempt of the person: which exams they took, and each one's standing.
const attemptsOf = preparedQuery((db) =>
	db
		.select({ examId: examAttempts.examId, closedAt: examAttempts.closedAt, deadlineAt: examAttempts.deadlineAt, passed: examAttempts.passed, score: examAttempts.score })
		.from(examAttempts)
		.where(eq(examAttempts.userId, sql.placeholder('userId')))
		.prepare()
);

/** The exams a person sits, open ones first, then upcoming, then closed (newest first). */
export async function learnerExams(db: DB, person: PersonRef, now: number): Promise<LearnerExamRow[]> {
	const ids = await examIdsFor(db, person);
	const attempts = await attemptsOf(db).all({ userId: person.id });
	// Exams the person took but no longer sits (moved unit) stay on their list.
	const all = JSON.stringify([...new Set([...ids, ...attempts.map((a) => a.examId)])]);
	if (all === '[]') return [];
	const rows = await examListRows(db).all({ ids: all, userId: person.id });
	const order: Record<ExamPhase, number> = { open: 0, upcoming: 1, closed: 2 };
	return rows
		.map(({ exam, unitName, certificateId }) => {
			const mine = attempts.filter((a) => a.examId === exam.id);
			const scores = mine.filter((a) => a.closedAt !== null).map((a) => a.score ?? 0);
			return {
				id: exam.id,
				title: exam.title,
				unitName,
				opensAt: exam.opensAt,
				closesAt: exam.closesAt,
				timeLimitMinutes: exam.timeLimitMinutes,
				phase: examPhase(exam, now),
				standing: standingOf(exam, mine, now),
				bestScore: scores.length ? Math.max(...scores) : null,
				totalPoints: exam.totalPoints,
				attemptsLeft: Math.max(0, exam.attemptsAllowed - mine.length),
				certificateId,
				isMakeup: exam.makeupOf !== null
			};
		})
		.sort((a, b) => order[a.phase] - order[b.phase] || (a.phase === 'closed' ? b.closesAt - a.closesAt : a.closesAt - b.closesAt));
}

export type AttemptSummary = { id: number; number: number; startedAt: number; deadlineAt: number; closedAt: number | null; closeReason: AttemptCloseReason | null; score: number | null; totalPoints: number; passed: boolean | null; over: boolean };

/** The exam page of a learner: what the exam is, their attempts and whether they may start one. */
export async function learnerExam(db: DB, person: PersonRef, examId: number, now: number) {
	const row = await db.select({ exam: exams, unitName: orgUnits.name }).from(exams).innerJoin(orgUnits, eq(orgUnits.id, exams.unitId)).where(eq(exams.id, examId)).get();
	if (!row) return null;
	const attempts = await db.select().from(examAttempts).where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, person.id))).orderBy(asc(examAttempts.number)).all();
	const sits = await isExaminee(db, row.exam, person);
	if (!sits && !attempts.length) return null;
	const exam = row.exam;
	const phase = examPhase(exam, now);
	const open = attempts.find((a) => !attemptOver(a, now)) ?? null;
	const standing = standingOf(exam, attempts, now);
	const certificate = await db.select({ id: examCertificates.id, revokedAt: examCertificates.revokedAt }).from(examCertificates).where(and(eq(examCertificates.examId, examId), eq(examCertificates.userId, person.id))).get();
	const canStart = sits && phase === 'open' && !open && standing !== 'passed' && attempts.length < exam.attemptsAllowed;
	return {
		exam: {
			id: exam.id,
			title: exam.title,
			description: exam.description,
			unitName: row.unitName,
			opensAt: exam.opensAt,
			closesAt: exam.closesAt,
			timeLimitMinutes: exam.timeLimitMinutes,
			attemptsAllowed: exam.attemptsAllowed,
			passScore: exam.passScore,
			totalPoints: exam.totalPoints,
			questionCount: exam.sections.reduce((n, s) => n + s.count, 0),
			autoSubmitLeaves: exam.autoSubmitLeaves,
			showAnswers: exam.showAnswers,
			released: exam.releasedAt !== null,
			isMakeup: exam.makeupOf !== null
		},
		phase,
		standing,
		attempts: attempts.map((a): AttemptSummary => ({ id: a.id, number: a.number, startedAt: a.startedAt, deadlineAt: a.deadlineAt, closedAt: a.closedAt, closeReason: a.closeReason, score: a.score, totalPoints: a.totalPoints, passed: a.passed, over: attemptOver(a, now) })),
		openAttemptId: open?.id ?? null,
		canStart,
		certificate: certificate ?? null
	};
}

export type TakeQuestion = DisplayQuestion & {
	n: number;
	points: number;
	/** What the page sends back for each option: letters as shown (A, B …), or true/false. */
	choices: { value: string; label: string; html: string }[];
	/** The stored answer in the page's values (letters as shown, or blank texts). */
	values: string[];
	revision: number;
};

/** Questions per page of the plain form (without JavaScript the page saves when moving on). */
export const QUESTIONS_PER_PAGE = 5;

function toTakeQuestion(q: Question, item: PaperItem, n: number, stored: { response: string[]; revision: number } | undefined): TakeQuestion {
	const display = displayQuestion(q);
	const htmlByKey = new Map(display.options.map((o) => [o.key, o.html]));
	const choices =
		q.type === 'truefalse'
			? display.options.map((o) => ({ value: o.key, label: '', html: o.html }))
			: item.options.map((key, i) => ({ value: displayLetter(i), label: displayLetter(i), html: htmlByKey.get(key) ?? '' }));
	const response = stored?.response ?? [];
	const values = q.type === 'fill' || q.type === 'truefalse' ? response : response.map((key) => displayLetter(item.options.indexOf(key))).sort();
	return { ...display, options: [], n, points: item.points, choices, values, revision: stored?.revision ?? 0 };
}

export type TakeView =
	| { status: 'none' }
	| { status: 'over'; attemptId: number; examId: number }
	| {
			status: 'open';
			exam: { id: number; title: string; passScore: number; totalPoints: number; autoSubmitLeaves: number | null };
			attemptId: number;
			number: number;
			deadlineAt: number;
			remainingMs: number;
			leaves: number;
			page: number;
			pages: number;
			questionCount: number;
			answeredCount: number;
			/** Every question's number and whether it is answered, for the overview. */
			overview: { n: number; page: number; answered: boolean }[];
			questions: TakeQuestion[];
	  };

/** The exam paper of the open attempt, one page of it (or, with `all`, every question), with the answers saved so far. */
export async function takeView(db: DB, input: { userId: number; examId: number; page: number; all?: boolean }, now: number): Promise<TakeView> {
	const exam = await db.select().from(exams).where(eq(exams.id, input.examId)).get();
	if (!exam) return { status: 'none' };
	const attempt = await db.select().from(examAttempts).where(and(eq(examAttempts.examId, exam.id), eq(examAttempts.userId, input.userId))).orderBy(desc(examAttempts.number)).get();
	if (!attempt) return { status: 'none' };
	if (attemptOver(attempt, now)) return { status: 'over', attemptId: attempt.id, examId: exam.id };
	const stored = new Map((await db.select().from(examAnswers).where(eq(examAnswers.attemptId, attempt.id)).all()).map((a) => [a.questionId, a]));
	const byId = new Map((await db.select().from(questions).where(inArray(questions.id, attempt.paper.map((p) => p.questionId))).all()).map((q) => [q.id, q]));
	const pages = Math.max(1, Math.ceil(attempt.paper.length / QUESTIONS_PER_PAGE));
	const page = Math.min(Math.max(1, input.page), pages);
	const shown = input.all ? attempt.paper.map((item, i) => ({ item, i })) : attempt.paper.map((item, i) => ({ item, i })).slice((page - 1) * QUESTIONS_PER_PAGE, page * QUESTIONS_PER_PAGE);
	const leaves = (await db.select({ id: examLeaveEvents.id }).from(examLeaveEvents).where(eq(examLeaveEvents.attemptId, attempt.id)).all()).length;
	const answered = (qid: number) => (stored.get(qid)?.response.length ?? 0) > 0;
	return {
		status: 'open',
		exam: { id: exam.id, title: exam.title, passScore: exam.passScore, totalPoints: attempt.totalPoints, autoSubmitLeaves: exam.autoSubmitLeaves },
		attemptId: attempt.id,
		number: attempt.number,
		deadlineAt: attempt.deadlineAt,
		remainingMs: attempt.deadlineAt - now,
		leaves,
		page,
		pages,
		questionCount: attempt.paper.length,
		answeredCount: attempt.paper.filter((p) => answered(p.questionId)).length,
		overview: attempt.paper.map((p, i) => ({ n: i + 1, page: Math.floor(i / QUESTIONS_PER_PAGE) + 1, answered: answered(p.questionId) })),
		questions: shown.map(({ item, i }) => toTakeQuestion(byId.get(item.questionId)!, item, i + 1, stored.get(item.questionId)))
	};
}

export type ResultItem = {
	n: number;
	question: DisplayQuestion;
	points: number;
	/** The person's answer in words, with the letters they saw. */
	responseText: string;
	correct: boolean;
	/** Only once the exam is released and answers are shown. */
	answerText: string | null;
	explanationHtml: string | null;
	citations: ResolvedRef[];
};

/** Letters as the person saw them: "B. 五个工作日内". */
function describeAsShown(q: Question, item: PaperItem, keys: string[]): string {
	if (q.type === 'fill' || q.type === 'truefalse') return describeResponse(q, keys);
	return keys
		.map((k) => ({ k, i: item.options.indexOf(k) }))
		.sort((a, b) => a.i - b.i)
		.map(({ k, i }) => `${displayLetter(i)}. ${q.options.find((o) => o.key === k)?.text ?? ''}`)
		.join('；');
}

function answerAsShown(q: Question, item: PaperItem): string {
	return q.type === 'fill' ? describeAnswer(q) : describeAsShown(q, item, q.answer as string[]);
}

/** A closed attempt: the score at once; each question's answer and explanation once the exam is released (if shown). */
export async function attemptResult(db: DB, input: { userId: number; examId: number; attemptId: number }, now: number) {
	const attempt = await db.select().from(examAttempts).where(and(eq(examAttempts.id, input.attemptId), eq(examAttempts.examId, input.examId))).get();
	if (!attempt || attempt.userId !== input.userId) return null;
	const exam = (await db.select().from(exams).where(eq(exams.id, attempt.examId)).get())!;
	if (!attemptOver(attempt, now)) return { status: 'open' as const };
	if (attempt.closedAt === null) return { status: 'closing' as const };
	const reveal = exam.releasedAt !== null && exam.showAnswers;
	const answers = new Map((await db.select().from(examAnswers).where(eq(examAnswers.attemptId, attempt.id)).all()).map((a) => [a.questionId, a]));
	const byId = new Map((await db.select().from(questions).where(inArray(questions.id, attempt.paper.map((p) => p.questionId))).all()).map((q) => [q.id, q]));
	const items: ResultItem[] = [];
	for (const [i, item] of attempt.paper.entries()) {
		const q = byId.get(item.questionId)!;
		const a = answers.get(item.questionId);
		items.push({
			n: i + 1,
			question: displayQuestion(q),
			points: item.points,
			responseText: a?.response.length ? describeAsShown(q, item, a.response) : '（未作答）',
			correct: !!a?.correct,
			answerText: reveal ? answerAsShown(q, item) : null,
			explanationHtml: reveal ? renderExplanation(q.explanation) : null,
			citations: reveal ? await resolveRefs(db, q.refs) : []
		});
	}
	const certificate = attempt.passed ? await db.select({ id: examCertificates.id, attemptId: examCertificates.attemptId }).from(examCertificates).where(and(eq(examCertificates.examId, exam.id), eq(examCertificates.userId, input.userId))).get() : undefined;
	return {
		status: 'closed' as const,
		exam: { id: exam.id, title: exam.title, passScore: exam.passScore, released: exam.releasedAt !== null, showAnswers: exam.showAnswers, closesAt: exam.closesAt },
		attempt: { id: attempt.id, number: attempt.number, startedAt: attempt.startedAt, closedAt: attempt.closedAt, closeReason: attempt.closeReason!, score: attempt.score ?? 0, totalPoints: attempt.totalPoints, correctCount: attempt.correctCount ?? 0, passed: !!attempt.passed },
		reveal,
		items,
		certificateId: certificate?.id ?? null
	};
}
