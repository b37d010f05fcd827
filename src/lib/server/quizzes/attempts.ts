import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '../db/client.ts';
import { attemptAnswers, courses, questions, questionSets, quizAttempts, type Question } from '../db/schema/index.ts';
import { courseQuizSlug } from '../content/courses/load.ts';
import { contentMemo } from '../content/catalog.ts';
import { resolveRefs, type ResolvedRef } from '../content/refs.ts';
import { isCorrect, scorePercent } from './grading.ts';
import { describeAnswer, describeResponse, displayQuestion, renderExplanation, type DisplayQuestion } from './display.ts';
import { cleanText } from '../text.ts';
import { recordLearningProgress } from '../reading-lists/progress.ts';
import { recordGradedAnswers } from '../notebook/record.ts';

// Course quizzes: the server picks the questions, stamps the start and the deadline, grades and
// stores. A submission is checked completely before anything is written.

/** Time allowed after the deadline for the request to arrive (a slow phone network, not extra time). */
export const DEADLINE_GRACE_MS = 5_000;
/** Longest text accepted for one blank. */
const MAX_BLANK_LENGTH = 200;

type CourseQuiz = { courseId: number; courseSlug: string; courseTitle: string; setId: number; set: typeof questionSets.$inferSelect };

async function findCourseQuiz(db: DB, courseSlug: string): Promise<CourseQuiz | null> {
	const row = await db
		.select({ course: courses, set: questionSets })
		.from(courses)
		.innerJoin(questionSets, eq(questionSets.slug, courseQuizSlug(courseSlug)))
		.where(and(eq(courses.slug, courseSlug), eq(courses.active, true), eq(questionSets.active, true)))
		.get();
	return row ? { courseId: row.course.id, courseSlug: row.course.slug, courseTitle: row.course.title, setId: row.set.id, set: row.set } : null;
}

async function activeQuestionIds(db: DB, setId: number): Promise<number[]> {
	return (await db
		.select({ id: questions.id })
		.from(questions)
		.where(and(eq(questions.setId, setId), eq(questions.active, true)))
		.orderBy(asc(questions.ordinal), asc(questions.id))
		.all())
		.map((q) => q.id);
}

export type AttemptSummary = { id: number; startedAt: Date; submittedAt: Date; score: number; passed: boolean; correctCount: number; totalCount: number };

async function submittedAttempts(db: DB, userId: number, setId: number): Promise<AttemptSummary[]> {
	return (await db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.setId, setId), isNotNull(quizAttempts.submittedAt)))
		.orderBy(desc(quizAttempts.submittedAt), desc(quizAttempts.id))
		.all())
		.map((a) => ({ id: a.id, startedAt: a.startedAt, submittedAt: a.submittedAt!, score: a.score ?? 0, passed: !!a.passed, correctCount: a.correctCount ?? 0, totalCount: a.totalCount }));
}

/** The quiz page before an attempt: what the quiz is, earlier results, and an unfinished attempt to resume. */
export async function quizOverview(db: DB, input: { userId: number; courseSlug: string }, now = new Date()) {
	// The quiz itself is content, the same for everyone until content changes; attempts are the person's.
	const content = await contentMemo(db, `course-quiz:${input.courseSlug}`, async () => {
		const quiz = await findCourseQuiz(db, input.courseSlug);
		return quiz && { quiz, questionIds: await activeQuestionIds(db, quiz.setId) };
	});
	if (!content) return null;
	const { quiz, questionIds } = content;
	const open = await findOpenAttempt(db, input.userId, quiz.setId, questionIds, now);
	const attempts = await submittedAttempts(db, input.userId, quiz.setId);
	return {
		course: { slug: quiz.courseSlug, title: quiz.courseTitle },
		quiz: {
			title: quiz.set.title,
			introHtml: quiz.set.introHtml,
			passScore: quiz.set.passScore,
			timeLimitMinutes: quiz.set.timeLimitMinutes,
			questionCount: questionIds.length
		},
		attempts,
		bestScore: attempts.length ? Math.max(...attempts.map((a) => a.score)) : null,
		passed: attempts.some((a) => a.passed),
		openAttemptId: open?.id ?? null
	};
}

async function findOpenAttempt(db: DB, userId: number, setId: number, questionIds: number[], now: Date) {
	const open = await db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.setId, setId), isNull(quizAttempts.submittedAt)))
		.orderBy(desc(quizAttempts.id))
		.get();
	if (!open) return null;
	if (open.deadlineAt && open.deadlineAt.getTime() <= now.getTime()) return null;
	// A quiz edited since the attempt started gets a fresh attempt with the new questions.
	if (JSON.stringify(open.questionIds) !== JSON.stringify(questionIds)) return null;
	return open;
}

/**
 * Starts an attempt (or resumes the unfinished one, so pressing 开始 twice does not pile up
 * attempts). The server fixes the questions, their order, the start time and any deadline.
 */
export async function startAttempt(db: DB, input: { userId: number; courseSlug: string }, now = new Date()): Promise<{ ok: true; attemptId: number } | { ok: false; message: string }> {
	const quiz = await findCourseQuiz(db, input.courseSlug);
	if (!quiz) return { ok: false, message: '这门课程没有测验' };
	const questionIds = await activeQuestionIds(db, quiz.setId);
	if (!questionIds.length) return { ok: false, message: '这份测验还没有题目' };
	const open = await findOpenAttempt(db, input.userId, quiz.setId, questionIds, now);
	if (open) return { ok: true, attemptId: open.id };
	const limit = quiz.set.timeLimitMinutes;
	const row = await db
		.insert(quizAttempts)
		.values({
			userId: input.userId,
			setId: quiz.setId,
			setHash: quiz.set.contentHash,
			questionIds,
			startedAt: now,
			deadlineAt: limit ? new Date(now.getTime() + limit * 60_000) : null,
			totalCount: questionIds.length,
			passScore: quiz.set.passScore
		})
		.returning({ id: quizAttempts.id })
		.get();
	return { ok: true, attemptId: row.id };
}

async function loadAttempt(db: DB, userId: number, attemptId: number) {
	const row = await db
		.select({ attempt: quizAttempts, setTitle: questionSets.title, courseSlug: courses.slug, courseTitle: courses.title })
		.from(quizAttempts)
		.innerJoin(questionSets, eq(quizAttempts.setId, questionSets.id))
		.leftJoin(courses, eq(questionSets.courseId, courses.id))
		.where(eq(quizAttempts.id, attemptId))
		.get();
	// Another person's attempt looks exactly like a missing one.
	if (!row || row.attempt.userId !== userId) return null;
	const byId = new Map(
		(await db
			.select()
			.from(questions)
			.where(inArray(questions.id, row.attempt.questionIds))
			.all())
			.map((q) => [q.id, q])
	);
	return { ...row, questions: row.attempt.questionIds.map((id) => byId.get(id)!) };
}

export type AttemptForm =
	| { status: 'submitted'; attemptId: number }
	| {
			status: 'open';
			attemptId: number;
			course: { slug: string; title: string } | null;
			title: string;
			passScore: number;
			startedAt: Date;
			deadlineAt: Date | null;
			expired: boolean;
			questions: DisplayQuestion[];
	  };

/** The answer sheet of an unfinished attempt. */
export async function attemptForm(db: DB, input: { userId: number; attemptId: number }, now = new Date()): Promise<AttemptForm | null> {
	const loaded = await loadAttempt(db, input.userId, input.attemptId);
	if (!loaded) return null;
	const { attempt } = loaded;
	if (attempt.submittedAt) return { status: 'submitted', attemptId: attempt.id };
	return {
		status: 'open',
		attemptId: attempt.id,
		course: loaded.courseSlug ? { slug: loaded.courseSlug, title: loaded.courseTitle! } : null,
		title: loaded.setTitle,
		passScore: attempt.passScore,
		startedAt: attempt.startedAt,
		deadlineAt: attempt.deadlineAt,
		expired: !!attempt.deadlineAt && now.getTime() > attempt.deadlineAt.getTime(),
		questions: loaded.questions.map(displayQuestion)
	};
}

/** Form fields as submitted: every value of every name, files included (so they can be refused). */
export function formEntries(form: FormData): Record<string, unknown[]> {
	const out: Record<string, unknown[]> = {};
	// Typed blanks are text a person supplies: cleaned like every other typed field (cleanText).
	for (const [name, value] of form.entries()) (out[name] ??= []).push(typeof value === 'string' ? cleanText(value) : value);
	return out;
}

/** One field per question, named q<question id>, each a list of strings (option keys or blank texts). */
const AnswerFields = z.record(z.string().regex(/^q[1-9]\d{0,9}$/), z.array(z.string().max(MAX_BLANK_LENGTH)));

export type SubmitResult =
	| { ok: true; attemptId: number; score: number; passed: boolean; alreadySubmitted: boolean }
	| { ok: false; status: 400 | 404; message: string };

/**
 * Checks a submission against the attempt's own questions, then grades and stores it in one
 * transaction. Anything forged or malformed is refused whole: nothing is written. Submitting the
 * same answers again returns the stored result; different answers after 交卷 are refused.
 */
export async function submitAttempt(db: DB, input: { userId: number; attemptId: number; answers: Record<string, unknown[]> }, now = new Date()): Promise<SubmitResult> {
	const loaded = await loadAttempt(db, input.userId, input.attemptId);
	if (!loaded) return { ok: false, status: 404, message: '没有找到这次测验' };
	const { attempt } = loaded;
	const refuse = (message: string): SubmitResult => ({ ok: false, status: 400, message });

	const shape = AnswerFields.safeParse(input.answers);
	if (!shape.success) return refuse('提交的答案格式不对（含有无法识别的字段或内容），本次提交未保存。请刷新页面后重新作答。');
	const fields = shape.data;
	const questionByField = new Map(loaded.questions.map((q) => [`q${q.id}`, q]));
	const stray = Object.keys(fields).filter((k) => !questionByField.has(k));
	if (stray.length) return refuse('提交的答案中有不属于本次测验的题目，本次提交未保存。请刷新页面后重新作答。');

	const responses = new Map<number, string[]>();
	const problems: string[] = [];
	const missing: number[] = [];
	for (const [i, q] of loaded.questions.entries()) {
		const n = i + 1;
		const values = fields[`q${q.id}`] ?? [];
		const checked = checkResponse(q, values, n);
		if (checked === 'missing') missing.push(n);
		else if (typeof checked === 'string') problems.push(checked);
		else responses.set(q.id, checked.response);
	}
	if (problems.length) return refuse(`${problems.join('；')}。本次提交未保存。`);
	if (missing.length) return refuse(`还有题目没有作答：第 ${missing.join('、')} 题。请答完全部题目后再交卷。`);

	if (attempt.submittedAt) {
		const stored = await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id)).all();
		const same = stored.length === responses.size && stored.every((a) => JSON.stringify(a.response) === JSON.stringify(responses.get(a.questionId)));
		if (!same) return refuse('这次测验已经交卷，答案不能再修改。如需再练习，请重新开始一次测验。');
		return { ok: true, attemptId: attempt.id, score: attempt.score ?? 0, passed: !!attempt.passed, alreadySubmitted: true };
	}
	if (attempt.deadlineAt && now.getTime() > attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS) {
		return refuse('已超过答题时限，本次作答没有保存。请回到测验页重新开始。');
	}

	const graded = loaded.questions.map((q) => ({ q, response: responses.get(q.id)!, correct: isCorrect(q, responses.get(q.id)!) }));
	const correctCount = graded.filter((g) => g.correct).length;
	const score = scorePercent(correctCount, graded.length);
	const passed = score >= attempt.passScore;
	const written = await db.transaction(async (tx) => {
		// Guarded by submitted_at IS NULL: of two racing submissions only one is stored.
		const updated = await tx
			.update(quizAttempts)
			.set({ submittedAt: now, correctCount, score, passed })
			.where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
			.run();
		if (updated.changes !== 1) return false;
		await tx.insert(attemptAnswers)
			.values(graded.map((g) => ({ attemptId: attempt.id, questionId: g.q.id, response: g.response, correct: g.correct })))
			.run();
		// Wrong answers go into the 错题本 with the submission (and every answer may be a first try).
		await recordGradedAnswers(tx, graded.map((g) => ({ userId: input.userId, questionId: g.q.id, source: 'quiz', sourceId: attempt.id, response: g.response, correct: g.correct, at: now.getTime() })));
		// A passed quiz may complete a course or a reading list: recorded with the submission.
		if (passed) await recordLearningProgress(tx, input.userId);
		return true;
	});
	if (!written) return await submitAttempt(db, input, now);
	return { ok: true, attemptId: attempt.id, score, passed, alreadySubmitted: false };
}

/** A normalized response, 'missing' when unanswered, or a message saying what is wrong. */
function checkResponse(q: Question, values: string[], n: number): { response: string[] } | 'missing' | string {
	if (q.type === 'fill') {
		const blanks = (q.answer as string[][]).length;
		const texts = values.map((v) => v.trim());
		if (!texts.some(Boolean)) return 'missing';
		if (texts.length !== blanks) return `第 ${n} 题应有 ${blanks} 个空，提交了 ${texts.length} 个`;
		if (texts.some((t) => !t)) return `第 ${n} 题还有空没有填写`;
		return { response: texts };
	}
	if (!values.length) return 'missing';
	const valid = q.type === 'truefalse' ? ['true', 'false'] : q.options.map((o) => o.key);
	const unknown = values.find((v) => !valid.includes(v));
	if (unknown !== undefined) return `第 ${n} 题没有选项“${unknown.slice(0, 10)}”`;
	if (q.type !== 'multiple' && values.length > 1) return `第 ${n} 题只能选一个答案`;
	if (new Set(values).size !== values.length) return `第 ${n} 题的选项重复`;
	return { response: [...values].sort() };
}

export type ResultQuestion = {
	n: number;
	question: DisplayQuestion;
	chosen: string[];
	responseText: string;
	answerText: string;
	correctKeys: string[];
	correct: boolean;
	explanationHtml: string;
	citations: ResolvedRef[];
};

/** The graded attempt: every question with the learner's answer, the right answer, explanation and articles. */
export async function attemptResult(db: DB, input: { userId: number; attemptId: number }) {
	const loaded = await loadAttempt(db, input.userId, input.attemptId);
	if (!loaded || !loaded.attempt.submittedAt) return loaded ? { status: 'open' as const, attemptId: loaded.attempt.id } : null;
	const { attempt } = loaded;
	const answers = new Map(
		(await db
			.select()
			.from(attemptAnswers)
			.where(eq(attemptAnswers.attemptId, attempt.id))
			.all())
			.map((a) => [a.questionId, a])
	);
	const items: ResultQuestion[] = [];
	for (const [i, q] of loaded.questions.entries()) {
		const a = answers.get(q.id);
		const chosen = a?.response ?? [];
		items.push({
			n: i + 1,
			question: displayQuestion(q),
			chosen,
			responseText: describeResponse(q, chosen),
			answerText: describeAnswer(q),
			correctKeys: q.type === 'fill' ? [] : (q.answer as string[]),
			correct: !!a?.correct,
			explanationHtml: renderExplanation(q.explanation),
			citations: await resolveRefs(db, q.refs)
		});
	}
	return {
		status: 'submitted' as const,
		attemptId: attempt.id,
		course: loaded.courseSlug ? { slug: loaded.courseSlug, title: loaded.courseTitle! } : null,
		title: loaded.setTitle,
		startedAt: attempt.startedAt,
		submittedAt: attempt.submittedAt!,
		score: attempt.score ?? 0,
		passScore: attempt.passScore,
		passed: !!attempt.passed,
		correctCount: attempt.correctCount ?? 0,
		totalCount: attempt.totalCount,
		items
	};
}
