import { asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { examAnswers, examAttempts, examCertificates, examLeaveEvents, examPeople, orgUnits, questions, users } from '../db/schema/index.ts';
import { parseRef } from '../content/refs.ts';
import { resolveRefs } from '../content/refs.ts';
import { compareUnits } from '../org/collation.ts';
import { examineeIdsQuery } from './audience.ts';
import { attemptOver, standingOf } from './views.ts';
import type { ExamSummary } from './exams.ts';
import { formatCode } from './certificates.ts';
import { EXAM_STANDING_LABELS, QUESTION_TYPE_LABELS, TRUE_FALSE_OPTIONS, type AttemptCloseReason, type ExamStanding, type LeaveKind, type QuestionType } from '../../vocabulary.ts';

// An exam's results for its organizers, from the attempts and answers alone: per person (with
// their leaves of the page, as evidence), per unit (taken, passed, average, distribution), per
// question (correct rate, options chosen) and per article (the weakest first).

export type LeaveRow = { kind: LeaveKind; leftAt: number; returnedAt: number | null };
export type PersonResult = {
	userId: number;
	name: string;
	username: string;
	unitId: number;
	unitName: string;
	note: string;
	standing: ExamStanding;
	standingLabel: string;
	attempts: number;
	bestScore: number | null;
	/** The closing of the attempt counted (best, else latest). */
	closedAt: number | null;
	closeReason: AttemptCloseReason | null;
	seconds: number | null;
	leaves: LeaveRow[];
	certificateCode: string | null;
	certificateRevoked: boolean;
	/** The latest attempt id, for the organizer's view of it. */
	attemptId: number | null;
};

export type UnitResult = { unitId: number; unitName: string; examinees: number; taken: number; passed: number; average: number | null; passRate: number | null; distribution: number[] };

export const DISTRIBUTION_LABELS = ['60 分以下', '60–69', '70–79', '80–89', '90–100'];

export type QuestionResult = {
	questionId: number;
	type: QuestionType;
	typeName: string;
	stem: string;
	refs: string[];
	shown: number;
	answered: number;
	correct: number;
	/** Percent of those shown it who got it right; null when nobody saw it in a closed attempt. */
	correctRate: number | null;
	/** Choice questions: how often each option was chosen (by the option's own key, whatever order it was shown in). */
	options: { key: string; text: string; chosen: number; isAnswer: boolean }[];
};

export type ArticleResult = { ref: string; label: string; href: string | null; shown: number; wrong: number; wrongRate: number };

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Which band of the distribution a score falls in (bands of the percentage of full marks). */
export function band(score: number, total: number): number {
	const p = total > 0 ? (100 * score) / total : 0;
	return p < 60 ? 0 : p < 70 ? 1 : p < 80 ? 2 : p < 90 ? 3 : 4;
}

export async function examResults(db: DB, exam: ExamSummary, now: number) {
	const attempts = await db.select().from(examAttempts).where(eq(examAttempts.examId, exam.id)).orderBy(asc(examAttempts.number)).all();
	const examineeIds = (await examineeIdsQuery(db, exam).all()).map((r) => r.id);
	const ids = [...new Set([...examineeIds, ...attempts.map((a) => a.userId)])];
	const people = ids.length
		? await db.select({ id: users.id, name: users.name, username: users.username, orgUnitId: users.orgUnitId }).from(users).where(inArray(users.id, ids)).all()
		: [];
	const notes = new Map((await db.select({ userId: examPeople.userId, note: examPeople.note }).from(examPeople).where(eq(examPeople.examId, exam.id)).all()).map((p) => [p.userId, p.note]));
	const attemptIds = attempts.map((a) => a.id);
	const leaves = attemptIds.length ? await db.select().from(examLeaveEvents).where(inArray(examLeaveEvents.attemptId, attemptIds)).orderBy(asc(examLeaveEvents.id)).all() : [];
	const certificates = await db.select().from(examCertificates).where(eq(examCertificates.examId, exam.id)).all();
	const unitIds = [...new Set([...people.map((p) => p.orgUnitId), ...attempts.flatMap((a) => (a.unitId ? [a.unitId] : []))])];
	const units = unitIds.length ? await db.select().from(orgUnits).where(inArray(orgUnits.id, unitIds)).all() : [];
	const unitById = new Map(units.map((u) => [u.id, u]));

	const persons: PersonResult[] = people.map((p) => {
		const mine = attempts.filter((a) => a.userId === p.id);
		const closed = mine.filter((a) => a.closedAt !== null);
		const best = closed.length ? closed.reduce((b, a) => ((a.score ?? 0) > (b.score ?? 0) ? a : b)) : null;
		const latest = mine.at(-1) ?? null;
		const unitId = latest?.unitId ?? p.orgUnitId;
		const cert = certificates.find((c) => c.userId === p.id);
		const standing = standingOf(exam, mine, now);
		return {
			userId: p.id,
			name: p.name,
			username: p.username,
			unitId,
			unitName: unitById.get(unitId)?.name ?? '',
			note: notes.get(p.id) ?? '',
			standing,
			standingLabel: EXAM_STANDING_LABELS[standing],
			attempts: mine.length,
			bestScore: best?.score ?? null,
			closedAt: best?.closedAt ?? null,
			closeReason: best?.closeReason ?? null,
			seconds: best ? Math.round(((best.closedAt ?? best.deadlineAt) - best.startedAt) / 1000) : null,
			leaves: leaves.filter((l) => mine.some((a) => a.id === l.attemptId)).map((l) => ({ kind: l.kind, leftAt: l.leftAt, returnedAt: l.returnedAt })),
			certificateCode: cert ? formatCode(cert.code) : null,
			certificateRevoked: !!cert?.revokedAt,
			attemptId: latest?.id ?? null
		};
	});
	persons.sort((a, b) => {
		const ua = unitById.get(a.unitId);
		const ub = unitById.get(b.unitId);
		return (ua && ub ? compareUnits(ua, ub) : 0) || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);
	});

	const byUnit = new Map<number, UnitResult>();
	for (const p of persons) {
		let u = byUnit.get(p.unitId);
		if (!u) byUnit.set(p.unitId, (u = { unitId: p.unitId, unitName: p.unitName, examinees: 0, taken: 0, passed: 0, average: null, passRate: null, distribution: [0, 0, 0, 0, 0] }));
		u.examinees++;
		if (p.bestScore !== null) {
			u.taken++;
			u.average = (u.average ?? 0) + p.bestScore;
			u.distribution[band(p.bestScore, exam.totalPoints)]++;
		}
		if (p.standing === 'passed') u.passed++;
	}
	const unitRows = [...byUnit.values()].map((u) => ({ ...u, average: u.taken ? round1(u.average! / u.taken) : null, passRate: pct(u.passed, u.taken) }));
	const takers = persons.filter((p) => p.bestScore !== null);
	const total: UnitResult = {
		unitId: 0,
		unitName: '合计',
		examinees: persons.length,
		taken: takers.length,
		passed: persons.filter((p) => p.standing === 'passed').length,
		average: takers.length ? round1(takers.reduce((n, p) => n + p.bestScore!, 0) / takers.length) : null,
		passRate: pct(persons.filter((p) => p.standing === 'passed').length, takers.length),
		distribution: [0, 1, 2, 3, 4].map((b) => takers.filter((p) => band(p.bestScore!, exam.totalPoints) === b).length)
	};

	const { questionRows, articleRows } = await questionAnalysis(db, attempts.filter((a) => a.closedAt !== null));
	return {
		persons,
		units: unitRows.sort((a, b) => {
			const ua = unitById.get(a.unitId);
			const ub = unitById.get(b.unitId);
			return ua && ub ? compareUnits(ua, ub) : 0;
		}),
		total,
		questions: questionRows,
		articles: articleRows,
		inProgress: attempts.filter((a) => !attemptOver(a, now)).length
	};
}

/** Per question and per article, over closed attempts: every question shown counts (unanswered is not right). */
async function questionAnalysis(db: DB, closed: { id: number; paper: { questionId: number }[] }[]) {
	const shown = new Map<number, number>();
	for (const a of closed) for (const p of a.paper) shown.set(p.questionId, (shown.get(p.questionId) ?? 0) + 1);
	const qids = [...shown.keys()];
	if (!qids.length) return { questionRows: [] as QuestionResult[], articleRows: [] as ArticleResult[] };
	const answers = closed.length ? await db.select({ questionId: examAnswers.questionId, response: examAnswers.response, correct: examAnswers.correct }).from(examAnswers).where(inArray(examAnswers.attemptId, closed.map((a) => a.id))).all() : [];
	const qs = await db.select().from(questions).where(inArray(questions.id, qids)).all();
	const rows: QuestionResult[] = qs.map((q) => {
		const mine = answers.filter((a) => a.questionId === q.id && a.response.length > 0);
		const correct = mine.filter((a) => a.correct).length;
		const n = shown.get(q.id) ?? 0;
		const opts = q.type === 'truefalse' ? TRUE_FALSE_OPTIONS.map((o) => ({ key: o.key, text: o.text })) : q.type === 'fill' ? [] : q.options;
		return {
			questionId: q.id,
			type: q.type,
			typeName: QUESTION_TYPE_LABELS[q.type],
			stem: q.stem.replace(/\s+/g, ' ').slice(0, 120),
			refs: q.refs,
			shown: n,
			answered: mine.length,
			correct,
			correctRate: pct(correct, n),
			options: opts.map((o) => ({ key: o.key, text: o.text, chosen: mine.filter((a) => a.response.includes(o.key)).length, isAnswer: (q.answer as string[]).includes(o.key) }))
		};
	});
	rows.sort((a, b) => (a.correctRate ?? 101) - (b.correctRate ?? 101) || a.questionId - b.questionId);
	const byRef = new Map<string, { shown: number; wrong: number }>();
	for (const r of rows) {
		for (const ref of r.refs) {
			if (!parseRef(ref)) continue;
			const x = byRef.get(ref) ?? { shown: 0, wrong: 0 };
			x.shown += r.shown;
			x.wrong += r.shown - r.correct;
			byRef.set(ref, x);
		}
	}
	const refs = [...byRef.keys()];
	const resolved = new Map((await resolveRefs(db, refs)).map((r) => [r.ref, r]));
	const articleRows: ArticleResult[] = refs
		.map((ref) => ({ ref, label: resolved.get(ref)?.label ?? ref, href: resolved.get(ref)?.href ?? null, shown: byRef.get(ref)!.shown, wrong: byRef.get(ref)!.wrong, wrongRate: pct(byRef.get(ref)!.wrong, byRef.get(ref)!.shown) ?? 0 }))
		.sort((a, b) => b.wrongRate - a.wrongRate || b.shown - a.shown || a.ref.localeCompare(b.ref));
	return { questionRows: rows, articleRows };
}

export type ExamResults = Awaited<ReturnType<typeof examResults>>;

/** The people of one unit subtree (the printable score sheet), in unit then username order. */
export function personsOfUnit(results: ExamResults, unitPaths: Map<number, string>, path: string): PersonResult[] {
	return results.persons.filter((p) => (unitPaths.get(p.unitId) ?? '').startsWith(path));
}
