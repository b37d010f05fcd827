import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import {
	activities,
	attendances,
	competitionPlayerResults,
	competitionPlayers,
	competitions,
	courseCompletions,
	courses,
	examAttempts,
	examCertificates,
	exams,
	lessons,
	lessonVersions,
	questionSets,
	quizAttempts,
	readingCheckins,
	regulationCheckins,
	regulations,
	users
} from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { parseLocalDateTime } from '../../time.ts';
import { learningRecord, learningRecordInScope, recordYear } from './record.ts';
import { savePledge } from '../pledges/pledges.ts';
import { signerView, signPledge, startReading } from '../pledges/signing.ts';
import { saveCollection } from '../writings/collections.ts';
import { saveSubmission } from '../writings/submissions.ts';

// 学习档案: every figure is derived from event rows by the report's rules. The hours below are
// counted by hand from the rows this test writes.

const at = (s: string) => parseLocalDateTime(s)!;

async function fixture() {
	const db = await createTestDatabase();
	const root = await createUnit(db, { parentId: null, name: '市纪委', kind: '党委' });
	const branch = await createUnit(db, { parentId: root.id, name: '第一支部', kind: '党支部' });
	const other = await createUnit(db, { parentId: root.id, name: '第二支部', kind: '党支部' });
	const person = async (username: string, unitId: number) =>
		await db.insert(users).values({ username, name: username, title: '科员', orgUnitId: unitId, passwordHash: '!', mustChangePassword: false }).returning().get();
	const me = await person('me', branch.id);
	const organizer = await person('org', root.id);
	const stranger = await person('stranger', other.id);

	const course = await db.insert(courses).values({ slug: 'c', title: '准则学习', sourcePath: 'c', contentHash: 'h' }).returning().get();
	const lesson = await db.insert(lessons).values({ courseId: course.id, slug: 'l1', ordinal: 1, title: '第一课', minReadSeconds: 300 }).returning().get();
	const v1 = await db.insert(lessonVersions).values({ lessonId: lesson.id, contentHash: 'v1', bodyHtml: '', charCount: 1 }).returning().get();
	const v2 = await db.insert(lessonVersions).values({ lessonId: lesson.id, contentHash: 'v2', bodyHtml: '', charCount: 1 }).returning().get();
	await db.update(lessons).set({ currentVersionId: v2.id }).where(eq(lessons.id, lesson.id)).run();
	// 2025: v1 read 10 min (counts 600 s = 2 × 300). 2026: v2 read 4 min (240 s); one reading never signed.
	await db.insert(readingCheckins).values({ userId: me.id, lessonId: lesson.id, lessonVersionId: v1.id, openedAt: at('2025-12-01T09:00'), signedAt: at('2025-12-01T09:10') }).run();
	await db.insert(readingCheckins).values({ userId: me.id, lessonId: lesson.id, lessonVersionId: v2.id, openedAt: at('2026-02-01T09:00'), signedAt: at('2026-02-01T09:04') }).run();
	await db.insert(readingCheckins).values({ userId: stranger.id, lessonId: lesson.id, lessonVersionId: v2.id, openedAt: at('2026-02-01T09:00'), signedAt: at('2026-02-01T09:04') }).run();

	// Regulation: 第一章 read 3 min against a 60 s minimum (counts 120 s); the whole text started, not signed.
	const regulation = await db.insert(regulations).values({ slug: 'r', title: '廉洁自律准则', sourcePath: 'r', contentHash: 'e1' }).returning().get();
	await db.insert(regulationCheckins).values({ userId: me.id, regulationId: regulation.id, contentHash: 'e1', scope: '1-3', scopeLabel: '第一章 总则', charCount: 500, minReadSeconds: 60, openedAt: at('2026-03-01T09:00'), signedAt: at('2026-03-01T09:03') }).run();
	await db.insert(regulationCheckins).values({ userId: me.id, regulationId: regulation.id, contentHash: 'e1', scope: '', charCount: 5000, minReadSeconds: 600, openedAt: at('2026-03-02T09:00') }).run();

	// Quiz: 8 min without a limit on 10 questions (480 s); one started, never submitted.
	const set = await db.insert(questionSets).values({ slug: 'course/c', kind: 'course-quiz', courseId: course.id, title: '准则测验', sourcePath: 'q', contentHash: 'h' }).returning().get();
	const attempt = { userId: me.id, setId: set.id, setHash: 'h', questionIds: [], totalCount: 10, passScore: 80 };
	await db.insert(quizAttempts).values({ ...attempt, startedAt: at('2026-03-05T10:00'), submittedAt: at('2026-03-05T10:08'), correctCount: 9, score: 90, passed: true }).run();
	await db.insert(quizAttempts).values({ ...attempt, startedAt: at('2026-03-06T10:00') }).run();
	await db.insert(courseCompletions).values({ userId: me.id, courseId: course.id, completedAt: at('2026-03-05T10:08') }).run();

	// Activities: a 2 h 集中学习 (QR), a 10 h visit (capped at 8 h), a cancelled one, a 1 h competition, a reading list.
	const activity = async (values: Partial<typeof activities.$inferInsert> & { title: string; startsAt: Date; endsAt: Date }) =>
		await db.insert(activities).values({ kind: '集中学习', source: 'offline', unitId: branch.id, ...values }).returning().get();
	const attend = async (activityId: number, method: 'qr' | 'organizer' | 'competition' | 'reading-list', when: Date) =>
		await db.insert(attendances).values({ activityId, userId: me.id, method, at: when, memberUnitId: branch.id }).run();
	const study = await activity({ title: '集中学习准则', startsAt: at('2026-04-01T14:00'), endsAt: at('2026-04-01T16:00') });
	await attend(study.id, 'qr', at('2026-04-01T13:55'));
	const visit = await activity({ kind: '参观廉政教育基地', title: '参观基地', startsAt: at('2026-05-01T08:00'), endsAt: at('2026-05-01T18:00'), unitId: root.id });
	await attend(visit.id, 'organizer', at('2026-05-01T18:10'));
	const cancelled = await activity({ title: '已取消', startsAt: at('2026-05-10T09:00'), endsAt: at('2026-05-10T10:00'), cancelledAt: at('2026-05-09T09:00') });
	await attend(cancelled.id, 'qr', at('2026-05-10T09:00'));
	const game = await db.insert(competitions).values({ title: '知识竞赛', ownerId: organizer.id, orgUnitId: root.id, code: '123456', guestSecret: 's', status: 'ended', createdAt: at('2026-06-01T15:00').getTime() }).returning().get();
	const played = await activity({ kind: '知识竞赛', source: 'competition', sourceRef: `competition:${game.id}`, title: '知识竞赛', startsAt: at('2026-06-01T15:00'), endsAt: at('2026-06-01T16:00'), unitId: root.id });
	await attend(played.id, 'competition', at('2026-06-01T16:00'));
	const player = await db.insert(competitionPlayers).values({ competitionId: game.id, userId: me.id, name: 'me', joinedAt: at('2026-06-01T15:00').getTime() }).returning().get();
	await db.insert(competitionPlayerResults).values({ competitionId: game.id, playerId: player.id, rank: 2, score: 180, correctCount: 4, answeredCount: 5 }).run();
	const list = await activity({ kind: '读书思廉', source: 'reading-list', title: '三月读书', startsAt: at('2026-03-01T00:00'), endsAt: at('2026-03-31T23:59'), unitId: root.id });
	await attend(list.id, 'reading-list', at('2026-03-01T09:03'));

	// A 承诺书 signed in November 2025 and a 心得体会 handed in in April 2026 (no hours for either).
	const scope = { unitId: root.id, pathPrefix: root.path };
	const signer = { id: me.id, name: me.name, orgUnitId: branch.id, isLeader: false, role: 'learner' as const };
	const pledge = await savePledge(db, { scope, actorId: organizer.id, now: at('2025-11-01T09:00'), draft: { kind: '承诺书', title: '2025年度廉洁自律承诺书', unitId: branch.id, audience: 'all', usernames: [], letters: [], dueDate: '2025-12-31', minReadSeconds: 0, body: '本人郑重承诺：严守纪律。' } });
	if (!pledge.ok) throw new Error(JSON.stringify(pledge.errors));
	const view = (await signerView(db, signer, pledge.id, at('2025-11-02T09:00')))!;
	await startReading(db, signer, pledge.id, at('2025-11-02T09:00'));
	expect(await signPledge(db, signer, { pledgeId: pledge.id, versionId: view.version.id, typedName: 'me', drawing: '' }, at('2025-11-02T09:01'))).toMatchObject({ ok: true });
	const collection = await saveCollection(db, { scope, actorId: organizer.id, draft: { kind: '心得体会', title: '学习准则心得', theme: '谈体会', unitId: branch.id, audience: 'all', usernames: [], dueDate: '2099-06-30', minChars: 10, allowText: true, docxMaxMb: null, imageMaxMb: null, pdfMaxMb: null } });
	if (!collection.ok) throw new Error(JSON.stringify(collection.errors));
	expect(await saveSubmission(db, signer, collection.id, { title: '以案为鉴', body: '通过学习，我深刻认识到严守纪律的重要性。', uploads: [], removeFileIds: [] }, true, at('2026-04-10T10:00'))).toMatchObject({ ok: true });
	// Exams: failed in December 2025 (closed at the deadline), passed in July 2026 (a certificate);
	// a sitting still open, and a stranger's, are not in the record. Exams add no study hours.
	const exam = await db
		.insert(exams)
		.values({ title: '任前廉政考试', unitId: root.id, audience: 'all', paperMode: 'random', sections: [], opensAt: 0, closesAt: 1, timeLimitMinutes: 30, attemptsAllowed: 3, passScore: 60, totalPoints: 100, seedSecret: 's', createdAt: 0, updatedAt: 0 })
		.returning()
		.get();
	const sitting = { examId: exam.id, unitId: branch.id, paper: [], totalPoints: 100 };
	await db.insert(examAttempts).values({ ...sitting, userId: me.id, number: 1, startedAt: at('2025-12-20T09:00').getTime(), deadlineAt: at('2025-12-20T09:30').getTime(), closedAt: at('2025-12-20T09:30').getTime(), closeReason: 'deadline', score: 40, correctCount: 4, passed: false }).run();
	const passed = await db.insert(examAttempts).values({ ...sitting, userId: me.id, number: 2, startedAt: at('2026-07-01T09:00').getTime(), deadlineAt: at('2026-07-01T09:30').getTime(), closedAt: at('2026-07-01T09:20').getTime(), closeReason: 'submitted', score: 85, correctCount: 8, passed: true }).returning().get();
	await db.insert(examAttempts).values({ ...sitting, userId: me.id, number: 3, startedAt: at('2026-07-02T09:00').getTime(), deadlineAt: at('2026-07-02T09:30').getTime() }).run();
	await db.insert(examAttempts).values({ ...sitting, userId: stranger.id, number: 1, startedAt: at('2026-07-01T09:00').getTime(), deadlineAt: at('2026-07-01T09:30').getTime(), closedAt: at('2026-07-01T09:10').getTime(), closeReason: 'submitted', score: 90, correctCount: 9, passed: true }).run();
	const certificate = await db.insert(examCertificates).values({ code: 'C'.repeat(20), examId: exam.id, userId: me.id, attemptId: passed.id, name: 'me', unitName: '第一支部', examTitle: '任前廉政考试', score: 85, totalPoints: 100, issuedAt: at('2026-07-01T09:20').getTime() }).returning().get();
	return { certificateId: certificate.id, db, root, branch, other, me, organizer, stranger };
}

describe('学习档案', () => {
	it('lists everything the person did, with hours by kind derived from the rows', async () => {
		const f = await fixture();
		const r = (await learningRecord(f.db, f.me.id))!;
		expect(r.person).toMatchObject({ name: 'me', username: 'me', title: '科员', unitName: '第一支部', unitPath: '市纪委/第一支部' });
		expect(r.years).toEqual([2026, 2025]);
		expect(r.lessons.map((l) => [l.lessonTitle, l.isCurrentVersion, l.seconds])).toEqual([
			['第一课', true, 240],
			['第一课', false, 600]
		]);
		expect(r.regulations.map((x) => [x.title, x.scopeLabel, x.seconds])).toEqual([['廉洁自律准则', '第一章 总则', 120]]);
		expect(r.quizzes.map((q) => [q.title, q.score, q.passed, q.seconds])).toEqual([['准则测验', 90, true, 480]]);
		expect(r.courses.map((c) => c.title)).toEqual(['准则学习']);
		expect(r.activities.map((a) => [a.title, a.method, a.seconds])).toEqual([
			['参观基地', 'organizer', 8 * 3600],
			['集中学习准则', 'qr', 2 * 3600]
		]);
		expect(r.competitions.map((c) => [c.title, c.score, c.rank, c.seconds])).toEqual([['知识竞赛', 180, 2, 3600]]);
		expect(r.readingLists.map((l) => [l.title, l.completedAt])).toEqual([['三月读书', at('2026-03-01T09:03')]]);
		expect(r.pledges.map((p) => [p.title, p.kind, p.side, p.signedAt, p.current])).toEqual([['2025年度廉洁自律承诺书', '承诺书', 'self', at('2025-11-02T09:01'), true]]);
		expect(r.writings.map((w) => [w.title, w.collectionTitle, w.status, w.submittedAt])).toEqual([['以案为鉴', '学习准则心得', 'submitted', at('2026-04-10T10:00')]]);
		expect(r.exams.map((e) => [e.title, e.number, e.unitName, e.closedAt, e.closeReason, e.score, e.passed, e.certificateId])).toEqual([
			['任前廉政考试', 2, '市纪委', at('2026-07-01T09:20'), 'submitted', 85, true, f.certificateId],
			['任前廉政考试', 1, '市纪委', at('2025-12-20T09:30'), 'deadline', 40, false, null]
		]);
		// Offline 10 h + 1 h; online (600 + 240 + 120 + 480) s = 0.4 h.
		expect(r.hours).toEqual({ activities: 10, competitions: 1, lessons: 0.2, regulations: 0, quizzes: 0.1, offline: 11, online: 0.4, total: 11.4 });
	});

	it('keeps to one year when asked: signatures and quizzes by when they were made, activities by when they started', async () => {
		const f = await fixture();
		const r2025 = (await learningRecord(f.db, f.me.id, { year: 2025 }))!;
		expect([r2025.lessons.length, r2025.regulations.length, r2025.quizzes.length, r2025.activities.length, r2025.readingLists.length, r2025.exams.length]).toEqual([1, 0, 0, 0, 0, 1]);
		expect(r2025.hours).toMatchObject({ lessons: 0.2, total: 0.2 });
		expect([r2025.pledges.length, r2025.writings.length]).toEqual([1, 0]);
		const r2026 = (await learningRecord(f.db, f.me.id, { year: 2026 }))!;
		expect(r2026.lessons.map((l) => l.seconds)).toEqual([240]);
		expect(r2026.exams.map((e) => e.score)).toEqual([85]);
		expect(r2026.hours.total).toBe(11.2);
		expect([r2026.pledges.length, r2026.writings.length]).toEqual([0, 1]);
		expect(recordYear(new URLSearchParams('year=2026'))).toBe(2026);
		expect(recordYear(new URLSearchParams('year=twenty'))).toBeNull();
		expect(recordYear(new URLSearchParams(''))).toBeNull();
	});

	it('is shown to an organizer only for people in their subtree; admins see everyone', async () => {
		const f = await fixture();
		const branchScope = { unitId: f.branch.id, pathPrefix: f.branch.path };
		expect((await learningRecordInScope(f.db, branchScope, f.me.id))?.person.username).toBe('me');
		expect(await learningRecordInScope(f.db, branchScope, f.stranger.id)).toBeUndefined();
		expect(await learningRecordInScope(f.db, branchScope, 99_999)).toBeUndefined();
		expect((await learningRecordInScope(f.db, null, f.stranger.id))?.lessons).toHaveLength(1);
	});
});
