import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/client.ts';
import {
	activities,
	attendances,
	competitionPlayerResults,
	competitionPlayers,
	courseCompletions,
	courses,
	examAttempts,
	examCertificates,
	exams,
	lessons,
	lessonVersions,
	orgUnits,
	questionSets,
	quizAttempts,
	readingCheckins,
	regulationCheckins,
	regulations,
	users
} from '../db/schema/index.ts';
import { unitNamePath, type Scope } from '../org/units.ts';
import { pathInScope } from '../org/scope.ts';
import { parseLocalDate } from '../../time.ts';
import { hoursFromSeconds, quizSeconds, readingSeconds } from './progress.ts';
import { pledgesOf, type PledgeRecord } from '../pledges/copies.ts';
import { writingsOf, type WritingRecord } from '../writings/overview.ts';
import type { ActivityKind, AttemptCloseReason, AttendanceMethod } from '../../vocabulary.ts';

// 学习档案: everything a person has done that the platform records, with hours by kind, from the
// event rows alone (nothing here is stored or counted up). The rules are the report's
// (README "学习时长", reports/report.ts), so a person's figures add up to what the report shows:
//   - online: each lesson signature counts the time from 开始阅读 to the signature, at most twice
//     the lesson's minimum; each regulation signature the same, with the minimum fixed when the
//     reading started; each submitted quiz its time, at most its limit (2 minutes a question
//     without one);
//   - offline: each attendance of an activity that is not cancelled counts the activity's length,
//     at most 8 hours (MAX_OFFLINE_HOURS_PER_ACTIVITY); a live competition is such an activity;
//     a reading list counts nothing here (its reading is online);
//   - in a year: signatures and quizzes by when they were made, activities (competitions and
//     reading lists too) by when they started, as in the report.

export const MAX_OFFLINE_SECONDS_PER_ACTIVITY = 8 * 3600;

export type RecordedLesson = { courseTitle: string; lessonTitle: string; courseSlug: string; lessonSlug: string; openedAt: Date; signedAt: Date; isCurrentVersion: boolean; versionCreatedAt: Date; seconds: number };
export type RecordedRegulation = { title: string; slug: string; scopeLabel: string; scope: string; isCurrentEdition: boolean; openedAt: Date; signedAt: Date; seconds: number };
export type RecordedQuiz = { id: number; title: string; courseTitle: string | null; submittedAt: Date; score: number; passed: boolean; correctCount: number; totalCount: number; seconds: number };
export type RecordedCourse = { title: string; slug: string; completedAt: Date };
export type RecordedActivity = { id: number; kind: ActivityKind; title: string; unitName: string; place: string; startsAt: Date; endsAt: Date; method: AttendanceMethod; at: Date; seconds: number };
export type RecordedCompetition = { id: number; title: string; unitName: string; startsAt: Date; endsAt: Date; seconds: number; score: number | null; rank: number | null };
/** An exam sitting, once closed (handed in, or closed at the deadline). Not counted as study hours: an exam tests, it does not teach. */
export type RecordedExam = { attemptId: number; examId: number; title: string; unitName: string; number: number; closedAt: Date; closeReason: AttemptCloseReason; score: number; totalPoints: number; passed: boolean; certificateId: number | null };
export type RecordedReadingList = { id: number; kind: ActivityKind; title: string; unitName: string; startsAt: Date; completedAt: Date };

export type RecordHours = {
	/** Offline study activities (集中学习, 专题党课 …). */
	activities: number;
	/** Live competitions (also offline in the report). */
	competitions: number;
	lessons: number;
	regulations: number;
	quizzes: number;
	offline: number;
	online: number;
	total: number;
};

export type LearningRecord = {
	person: { id: number; name: string; username: string; title: string; unitName: string; unitPath: string; isLeader: boolean; disabled: boolean };
	/** null: the whole record. */
	year: number | null;
	/** Years with anything recorded, newest first (for choosing one). */
	years: number[];
	lessons: RecordedLesson[];
	regulations: RecordedRegulation[];
	quizzes: RecordedQuiz[];
	courses: RecordedCourse[];
	activities: RecordedActivity[];
	competitions: RecordedCompetition[];
	readingLists: RecordedReadingList[];
	/** 承诺书 and 责任书 signed (the latest signature of each copy); no hours. */
	pledges: PledgeRecord[];
	/** 征文、心得 handed in (drafts left out), by when they were first handed in; no hours. */
	writings: WritingRecord[];
	/** Exam sittings closed (submitted, at the deadline, …); no hours: an exam tests, it does not teach. */
	exams: RecordedExam[];
	hours: RecordHours;
};

const yearOf = (d: Date) => Number(new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear());

function yearBounds(year: number): [number, number] {
	return [parseLocalDate(`${year}-01-01`)!.getTime(), parseLocalDate(`${year + 1}-01-01`)!.getTime()];
}

// Built once per database (db/prepared.ts): 我的学习 runs all of these on every view.
const personQuery = preparedQuery((db) =>
	db
		.select({ id: users.id, name: users.name, username: users.username, title: users.title, orgUnitId: users.orgUnitId, unitName: orgUnits.name, unitTreePath: orgUnits.path, isLeader: users.isLeader, disabledAt: users.disabledAt })
		.from(users)
		.innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
		.where(eq(users.id, sql.placeholder('userId')))
		.prepare()
);

const lessonsQuery = preparedQuery((db) =>
	db
		.select({
			courseTitle: courses.title,
			courseSlug: courses.slug,
			lessonTitle: lessons.title,
			lessonSlug: lessons.slug,
			minReadSeconds: lessons.minReadSeconds,
			openedAt: readingCheckins.openedAt,
			signedAt: readingCheckins.signedAt,
			versionId: readingCheckins.lessonVersionId,
			currentVersionId: lessons.currentVersionId,
			versionCreatedAt: lessonVersions.createdAt
		})
		.from(readingCheckins)
		.innerJoin(lessons, eq(lessons.id, readingCheckins.lessonId))
		.innerJoin(lessonVersions, eq(lessonVersions.id, readingCheckins.lessonVersionId))
		.innerJoin(courses, eq(courses.id, lessons.courseId))
		.where(and(eq(readingCheckins.userId, sql.placeholder('userId')), isNotNull(readingCheckins.signedAt)))
		.orderBy(desc(readingCheckins.signedAt))
		.prepare()
);

const regulationsQuery = preparedQuery((db) =>
	db
		.select({
			title: regulations.title,
			slug: regulations.slug,
			currentHash: regulations.contentHash,
			contentHash: regulationCheckins.contentHash,
			scope: regulationCheckins.scope,
			scopeLabel: regulationCheckins.scopeLabel,
			minReadSeconds: regulationCheckins.minReadSeconds,
			openedAt: regulationCheckins.openedAt,
			signedAt: regulationCheckins.signedAt
		})
		.from(regulationCheckins)
		.innerJoin(regulations, eq(regulations.id, regulationCheckins.regulationId))
		.where(and(eq(regulationCheckins.userId, sql.placeholder('userId')), isNotNull(regulationCheckins.signedAt)))
		.orderBy(desc(regulationCheckins.signedAt))
		.prepare()
);

const quizzesQuery = preparedQuery((db) =>
	db
		.select({
			id: quizAttempts.id,
			title: questionSets.title,
			courseTitle: courses.title,
			startedAt: quizAttempts.startedAt,
			submittedAt: quizAttempts.submittedAt,
			deadlineAt: quizAttempts.deadlineAt,
			totalCount: quizAttempts.totalCount,
			correctCount: quizAttempts.correctCount,
			score: quizAttempts.score,
			passed: quizAttempts.passed
		})
		.from(quizAttempts)
		.innerJoin(questionSets, eq(questionSets.id, quizAttempts.setId))
		.leftJoin(courses, eq(courses.id, questionSets.courseId))
		.where(and(eq(quizAttempts.userId, sql.placeholder('userId')), isNotNull(quizAttempts.submittedAt)))
		.orderBy(desc(quizAttempts.submittedAt), desc(quizAttempts.id))
		.prepare()
);

const coursesQuery = preparedQuery((db) =>
	db
		.select({ title: courses.title, slug: courses.slug, completedAt: courseCompletions.completedAt })
		.from(courseCompletions)
		.innerJoin(courses, eq(courses.id, courseCompletions.courseId))
		.where(eq(courseCompletions.userId, sql.placeholder('userId')))
		.orderBy(desc(courseCompletions.completedAt))
		.prepare()
);

const attendedQuery = preparedQuery((db) =>
	db
		.select({
			id: activities.id,
			kind: activities.kind,
			source: activities.source,
			sourceRef: activities.sourceRef,
			title: activities.title,
			unitName: orgUnits.name,
			place: activities.place,
			startsAt: activities.startsAt,
			endsAt: activities.endsAt,
			method: attendances.method,
			at: attendances.at
		})
		.from(attendances)
		.innerJoin(activities, eq(activities.id, attendances.activityId))
		.innerJoin(orgUnits, eq(orgUnits.id, activities.unitId))
		.where(and(eq(attendances.userId, sql.placeholder('userId')), isNull(activities.cancelledAt)))
		.orderBy(desc(activities.startsAt), desc(activities.id))
		.prepare()
);

const byTimeDesc = <T>(key: (x: T) => Date) => (a: T, b: T) => key(b).getTime() - key(a).getTime();

// The person's closed exam attempts with their certificates: built once per database.
const closedAttemptsOf = preparedQuery((db) =>
	db
		.select({
			attemptId: examAttempts.id,
			examId: exams.id,
			title: exams.title,
			unitName: orgUnits.name,
			number: examAttempts.number,
			closedAt: examAttempts.closedAt,
			closeReason: examAttempts.closeReason,
			score: examAttempts.score,
			totalPoints: examAttempts.totalPoints,
			passed: examAttempts.passed,
			certificateId: examCertificates.id
		})
		.from(examAttempts)
		.innerJoin(exams, eq(exams.id, examAttempts.examId))
		.innerJoin(orgUnits, eq(orgUnits.id, exams.unitId))
		.leftJoin(examCertificates, and(eq(examCertificates.attemptId, examAttempts.id), isNull(examCertificates.revokedAt)))
		.where(and(eq(examAttempts.userId, sql.placeholder('userId')), isNotNull(examAttempts.closedAt)))
		.orderBy(desc(examAttempts.closedAt), desc(examAttempts.id))
		.prepare()
);

/** A person's whole record (or one year of it), newest first; undefined when the person does not exist. */
export async function learningRecord(db: DB, userId: number, options: { year?: number | null } = {}): Promise<LearningRecord | undefined> {
	const person = await personQuery(db).get({ userId });
	if (!person) return undefined;

	const lessonRows = (await lessonsQuery(db).all({ userId })).map(({ minReadSeconds, versionId, currentVersionId, ...r }): RecordedLesson => ({
		...r,
		signedAt: r.signedAt!,
		isCurrentVersion: versionId === currentVersionId,
		seconds: readingSeconds(r.openedAt, r.signedAt!, minReadSeconds)
	}));

	const regulationRows = (await regulationsQuery(db).all({ userId })).map(({ currentHash, contentHash, minReadSeconds, ...r }): RecordedRegulation => ({
		...r,
		scopeLabel: r.scopeLabel || '全文',
		signedAt: r.signedAt!,
		isCurrentEdition: currentHash === contentHash,
		seconds: readingSeconds(r.openedAt, r.signedAt!, minReadSeconds)
	}));

	const quizRows = (await quizzesQuery(db).all({ userId })).map((a): RecordedQuiz => ({
		id: a.id,
		title: a.title,
		courseTitle: a.courseTitle,
		submittedAt: a.submittedAt!,
		score: a.score ?? 0,
		passed: !!a.passed,
		correctCount: a.correctCount ?? 0,
		totalCount: a.totalCount,
		seconds: quizSeconds({ startedAt: a.startedAt, submittedAt: a.submittedAt!, deadlineAt: a.deadlineAt, totalCount: a.totalCount })
	}));

	const courseRows = await coursesQuery(db).all({ userId });

	// Participation: the attendances of activities that are not cancelled, as the report counts them.
	const taken = await attendedQuery(db).all({ userId });
	const offlineSeconds = (a: { startsAt: Date; endsAt: Date }) => Math.max(0, Math.min((a.endsAt.getTime() - a.startsAt.getTime()) / 1000, MAX_OFFLINE_SECONDS_PER_ACTIVITY));

	const activityRows: RecordedActivity[] = taken
		.filter((a) => a.source === 'offline')
		.map(({ source: _s, sourceRef: _r, ...a }) => ({ ...a, seconds: offlineSeconds(a) }));

	const competitionActivities = taken.filter((a) => a.source === 'competition');
	const competitionIds = competitionActivities.map((a) => Number(/^competition:(\d+)$/.exec(a.sourceRef ?? '')?.[1])).filter((n) => Number.isSafeInteger(n));
	const standings = competitionIds.length
		? await db
				.select({ competitionId: competitionPlayerResults.competitionId, score: competitionPlayerResults.score, rank: competitionPlayerResults.rank })
				.from(competitionPlayerResults)
				.innerJoin(competitionPlayers, eq(competitionPlayers.id, competitionPlayerResults.playerId))
				.where(and(inArray(competitionPlayerResults.competitionId, competitionIds), eq(competitionPlayers.userId, userId)))
				.all()
		: [];
	const competitionRows: RecordedCompetition[] = competitionActivities.map((a) => {
		const id = Number(/^competition:(\d+)$/.exec(a.sourceRef ?? '')?.[1]);
		const standing = standings.find((s) => s.competitionId === id);
		return { id: a.id, title: a.title, unitName: a.unitName, startsAt: a.startsAt, endsAt: a.endsAt, seconds: offlineSeconds(a), score: standing?.score ?? null, rank: standing?.rank ?? null };
	});

	const readingListRows: RecordedReadingList[] = taken
		.filter((a) => a.source === 'reading-list')
		.map((a) => ({ id: a.id, kind: a.kind, title: a.title, unitName: a.unitName, startsAt: a.startsAt, completedAt: a.at }));
	const pledgeRows = await pledgesOf(db, userId);
	const writingRows = await writingsOf(db, userId);

	const examRows: RecordedExam[] = (await closedAttemptsOf(db).all({ userId }))
		.map((a) => ({ ...a, closedAt: new Date(a.closedAt!), closeReason: a.closeReason!, score: a.score ?? 0, passed: !!a.passed }));

	const years = new Set<number>();
	for (const d of [
		...lessonRows.map((r) => r.signedAt),
		...regulationRows.map((r) => r.signedAt),
		...quizRows.map((r) => r.submittedAt),
		...courseRows.map((r) => r.completedAt),
		...taken.map((r) => r.startsAt),
		...pledgeRows.map((r) => r.signedAt),
		...writingRows.flatMap((r) => (r.submittedAt ? [r.submittedAt] : [])),
		...examRows.map((r) => r.closedAt)
	]) {
		years.add(yearOf(d));
	}

	const year = options.year ?? null;
	const inYear = year === null ? () => true : ((range) => (d: Date) => d.getTime() >= range[0] && d.getTime() < range[1])(yearBounds(year));
	const record = {
		lessons: lessonRows.filter((r) => inYear(r.signedAt)),
		regulations: regulationRows.filter((r) => inYear(r.signedAt)),
		quizzes: quizRows.filter((r) => inYear(r.submittedAt)),
		courses: courseRows.filter((r) => inYear(r.completedAt)),
		activities: activityRows.filter((r) => inYear(r.startsAt)),
		competitions: competitionRows.filter((r) => inYear(r.startsAt)),
		readingLists: readingListRows.filter((r) => inYear(r.startsAt)).sort(byTimeDesc((r) => r.completedAt)),
		pledges: pledgeRows.filter((r) => inYear(r.signedAt)),
		writings: writingRows.filter((r) => r.submittedAt && inYear(r.submittedAt)),
		exams: examRows.filter((r) => inYear(r.closedAt))
	};
	const sum = (rows: { seconds: number }[]) => rows.reduce((n, r) => n + r.seconds, 0);
	const seconds = {
		activities: sum(record.activities),
		competitions: sum(record.competitions),
		lessons: sum(record.lessons),
		regulations: sum(record.regulations),
		quizzes: sum(record.quizzes)
	};
	const offline = seconds.activities + seconds.competitions;
	const online = seconds.lessons + seconds.regulations + seconds.quizzes;
	const unitPath = await unitNamePath(db, { path: person.unitTreePath });
	return {
		person: { id: person.id, name: person.name, username: person.username, title: person.title, unitName: person.unitName, unitPath, isLeader: person.isLeader, disabled: person.disabledAt !== null },
		year,
		years: [...years].sort((a, b) => b - a),
		...record,
		hours: {
			activities: hoursFromSeconds(seconds.activities),
			competitions: hoursFromSeconds(seconds.competitions),
			lessons: hoursFromSeconds(seconds.lessons),
			regulations: hoursFromSeconds(seconds.regulations),
			quizzes: hoursFromSeconds(seconds.quizzes),
			offline: hoursFromSeconds(offline),
			online: hoursFromSeconds(online),
			// Rounded from the exact total, as in the report.
			total: hoursFromSeconds(offline + online)
		}
	};
}

/**
 * The record of a person an organizer may see: someone whose unit lies in the organizer's subtree
 * (admins: anyone). undefined otherwise, so the page answers 404 and nothing leaks.
 */
export async function learningRecordInScope(db: DB, scope: Scope, userId: number, options: { year?: number | null } = {}): Promise<LearningRecord | undefined> {
	const row = await db.select({ path: orgUnits.path }).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(eq(users.id, userId)).get();
	if (!row || !pathInScope(scope, row.path)) return undefined;
	return await learningRecord(db, userId, options);
}

/** ?year=2026 of a record page; anything else (or nothing) is the whole record. */
export function recordYear(params: URLSearchParams): number | null {
	const raw = params.get('year') ?? '';
	return /^(19|20)\d{2}$/.test(raw) ? Number(raw) : null;
}
