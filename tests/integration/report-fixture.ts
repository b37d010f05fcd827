// A small organization with a hand-counted half year (2026-01-01 … 2026-06-30) of activity.
// The expected figures in report.test.ts were counted by hand from the comments below.
//
//   市纪委 (T)
//   ├── 机关党委 (R)            r1
//   │   ├── 第一支部 (A)        a1 a2 a3 a5 (and m until March)
//   │   │   └── 第一小组 (A1)   a4
//   │   └── 第二支部 (B)        b1 b2 m (moved in from A) d1 (disabled)
//   └── 其他单位 (X)            x1 (outside the report's subtree)
//
// Pledges (份, counted for the signer's unit when signing; 责任书 for 乙方's, when both have signed):
//   P1 承诺书 by R to everyone: m signs 02-05 while still in A, a1 02-10 (and again 04-02 after the
//      text was revised on 04-01: still one 份), r1 03-01, a3 04-05 (v2), b1 only on 07-03 (after).
//      → 4: A 3 (m a1 a3), R 1 (r1).
//   P2 责任书 by R: orgR–orgA (orgA signs 01-12 → A), orgR–orgB (orgB signs 06-30 23:30 → B),
//      orgR–b2 (b2 never signs: not counted); orgR signs all three on 01-10. → 2: A 1, B 1.
// Writings (handed in and not withdrawn or returned, at the latest hand-in, writer's unit then):
//   W1 心得体会 by R: a1 03-15 accepted (A); b1 04-20, returned, again 04-25 (B, once); a2 draft
//      only; b2 05-10 withdrawn 05-11; r1 06-01 returned and left so. → 2: A 1, B 1.
//   W2 廉政家书 by A: a3 05-01 accepted, 优秀, published (A); a4 06-30 22:00 (A1, in A's row). → 2: A 2.
//   W3 读书笔记 by X: x1 (outside the subtree). → 0.
//
// S1 has a part (the lesson L1, read and signed): a1 (02-10), m (01-15) and x1 (03-01) had signed L1
// before the session, a2 never did. A part adds no figure; S1 stays 1 次 with its 4 人次.
//
// Campaign C “三个一”廉政教育活动 by R, 2026-01-01 … 2026-12-31, responsible units A and B (R's children):
//   1. 集中学习 (规定动作, at least 1): S1 (A), S5 (A1) and S7 (A, July) linked.
//   2. 警示教育片 (规定动作, at least 1): S2 (B) linked.
//   3. 签订承诺书 (规定动作, everyone): P1 (R's, so it counts for A and B by their own signers) linked.
//   4. 撰写心得体会 (自选动作, at least 1): W1 (R's) linked.
// As of the report's end (2026-06-30):
//   A: 集中学习 done (S1 4 + S5 2 = 2 次 6 人次; S7 after the period); 警示教育片 missing;
//      承诺书 in progress (signed in A by m a1 a3 = 3 份; of A's 6 members now, a1 a3 signed — m is in B now);
//      心得体会 done (a1, 1 篇). → 规定动作 1/3, 自选动作 1/1.
//   B: 集中学习 missing; 警示教育片 done (S2, 1 次 4 人次); 承诺书 missing (b1 signed only in July, m signed
//      while in A); 心得体会 done (b1, 1 篇). → 规定动作 1/3, 自选动作 1/1.
//   Neither unit has done all its 规定动作: 0 of 2.
//
// Exams (考试 次 for the organizing unit when it opens; 人次 = sittings closed in the period, for the
// unit the person was in at the start; 通过率 per exam and person: a pass in any sitting):
//   E1 by R, opens 03-01: a1 fails 03-02 and passes 03-03 (A, 2 sittings, 1 person passed); a4
//      passes (A1 → A); m passes while still in A (A); b1 closed at the deadline, failed (B); b2
//      still sitting (not counted); x1 passes (outside the subtree).
//   E2 补考 by A, opens 06-20: b1 sits it on 07-01 (after the period: not counted).
//   E3 by R, opened 2025-12-20 (before: not counted), r1 passes on 01-05 (R, counted).
//   E4 by X, opens 04-01: outside the subtree.
//   → exams 2 (R 1, A 1); sittings 6 (R 1, A 4, B 1); people 5, passed 4 (R 1/1, A 3/3, B 0/1) → 80.0%.
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { type DB } from '../../src/lib/server/db/client.ts';
import { courses, examAttempts, exams, lessons, lessonVersions, questionSets, quizAttempts, readingCheckins, regulationCheckins, regulations, users, type Activity } from '../../src/lib/server/db/schema/index.ts';
import { createUnit } from '../../src/lib/server/org/units.ts';
import { createSession, cancelActivity, type ActivityInput } from '../../src/lib/server/activities/activities.ts';
import { checkinCode, signInByQr } from '../../src/lib/server/activities/checkin.ts';
import { recordActivity, saveTickedAttendance } from '../../src/lib/server/activities/attendance.ts';
import { parseLocalDateTime } from '../../src/lib/time.ts';
import { createReadingList } from '../../src/lib/server/reading-lists/reading-lists.ts';
import { syncCourseCompletions } from '../../src/lib/server/learning/completions.ts';
import { scopeFor } from '../../src/lib/server/org/units.ts';
import { savePledge, type PledgeDraft } from '../../src/lib/server/pledges/pledges.ts';
import { signerView, signPledge, startReading, type Signer } from '../../src/lib/server/pledges/signing.ts';
import { saveCollection, type CollectionDraft } from '../../src/lib/server/writings/collections.ts';
import { reviewSubmission, saveSubmission, withdrawSubmission, type Author } from '../../src/lib/server/writings/submissions.ts';
import { addPart } from '../../src/lib/server/activities/parts.ts';
import { actionsOf, publishCampaign, saveAction, saveCampaign, type ActionDraft } from '../../src/lib/server/campaigns/campaigns.ts';
import { linkRecord } from '../../src/lib/server/campaigns/links.ts';

export const at = (s: string): Date => {
	const d = parseLocalDateTime(s);
	if (!d) throw new Error(`bad time ${s}`);
	return d;
};

/** The hand-counted organization and its year of records, in a fresh test database (or in `into`). */
export async function buildReportFixture(into?: DB) {
	const db = into ?? (await createTestDatabase());
	const T = await createUnit(db, { parentId: null, name: '市纪委', kind: '党委' });
	const R = await createUnit(db, { parentId: T.id, name: '机关党委', kind: '党委' });
	const A = await createUnit(db, { parentId: R.id, name: '第一支部', kind: '党支部' });
	const A1 = await createUnit(db, { parentId: A.id, name: '第一小组', kind: '党小组' });
	const B = await createUnit(db, { parentId: R.id, name: '第二支部', kind: '党支部' });
	const X = await createUnit(db, { parentId: T.id, name: '其他单位', kind: '单位' });

	const person = async (username: string, name: string, unitId: number, role: 'learner' | 'organizer' | 'admin' = 'learner') =>
		await db.insert(users).values({ username, name, orgUnitId: unitId, role, passwordHash: '!', mustChangePassword: false }).returning().get();
	const p = {
		r1: await person('r1', '任一', R.id),
		a1: await person('a1', '安一', A.id),
		a2: await person('a2', '安二', A.id),
		a3: await person('a3', '安三', A.id),
		a5: await person('a5', '安五', A.id),
		a4: await person('a4', '安四', A1.id),
		b1: await person('b1', '白一', B.id),
		b2: await person('b2', '白二', B.id),
		m: await person('m', '明调动', A.id),
		d1: await person('d1', '丁停用', B.id),
		x1: await person('x1', '谢外单位', X.id)
	};
	const organizerR = await person('orgR', '组织员甲', R.id, 'organizer');
	const organizerA = await person('orgA', '支部书记乙', A.id, 'organizer');
	const organizerB = await person('orgB', '支部书记丙', B.id, 'organizer');
	const admin = await person('admin', '管理员', T.id, 'admin');
	// The organizers are members of their units too (orgR in R, orgA in A, orgB in B); the admin is outside R.

	const session = async (kind: ActivityInput['kind'], unitId: number, title: string, start: string, end: string) =>
		await createSession(
			db,
			organizerR.id,
			{ kind, title, unitId, startsAt: at(start), endsAt: at(end), place: '会议室', speaker: '', courseId: null, regulationId: null, notes: '', checkinGraceMinutes: 30 },
			at(start)
		);

	// A learner scans the code the projector shows at that moment.
	const scan = async (s: Activity, userId: number, when: string) => await signInByQr(db, checkinCode(s, at(when)), userId, at(when));

	// S1 集中学习 by A, 2 h: a1 (QR, twice), a2 (ticked), m (QR, still in A), x1 (QR, visitor) = 4
	const s1 = await session('集中学习', A.id, '学习《廉洁自律准则》', '2026-03-10T14:00', '2026-03-10T16:00');
	await scan(s1, p.a1.id, '2026-03-10T13:50');
	await scan(s1, p.a1.id, '2026-03-10T14:05');
	await scan(s1, p.m.id, '2026-03-10T14:01');
	await scan(s1, p.x1.id, '2026-03-10T14:02');
	await saveTickedAttendance(db, { activityId: s1.id, actorId: organizerA.id, listed: [p.a2.id, p.a5.id], ticked: [p.a2.id], now: at('2026-03-10T16:10') });

	// P1 is published to 机关党委 on 02-01; m signs on 02-05, while still in A.
	const pledgeDraft = (over: Partial<PledgeDraft>): PledgeDraft => ({ kind: '承诺书', title: '', unitId: R.id, audience: 'all', usernames: [], letters: [], dueDate: '2026-06-30', minReadSeconds: 0, body: '本人承诺：严守纪律。', ...over });
	const publish = async (draft: PledgeDraft, when: string, id?: number) => {
		const result = await savePledge(db, { scope: await scopeFor(db, organizerR), actorId: organizerR.id, id, draft, now: at(when) });
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result.id;
	};
	const signAt = async (pledgeId: number, who: Signer, when: string) => {
		const view = (await signerView(db, who, pledgeId, at(when)))!;
		await startReading(db, who, pledgeId, at(when));
		const result = await signPledge(db, who, { pledgeId, versionId: view.version.id, typedName: who.name, drawing: '' }, at(when));
		if (!result.ok || result.signed === 0) throw new Error(`${who.name}: ${JSON.stringify(result)}`);
	};
	const P1 = await publish(pledgeDraft({ title: '2026年度廉洁自律承诺书' }), '2026-02-01T09:00');
	await signAt(P1, p.m, '2026-02-05T10:00');

	// m moves from A to B after S1.
	await db.update(users).set({ orgUnitId: B.id }).where(eq(users.id, p.m.id)).run();

	// S2 警示教育片 by B, 1.5 h: b1, b2, d1 (ticked), m (QR) = 4; d1 is disabled later.
	const s2 = await session('警示教育片', B.id, '观看警示教育片', '2026-04-02T09:00', '2026-04-02T10:30');
	await saveTickedAttendance(db, { activityId: s2.id, actorId: organizerB.id, listed: [p.b1.id, p.b2.id, p.d1.id], ticked: [p.b1.id, p.b2.id, p.d1.id], now: at('2026-04-02T10:40') });
	await scan(s2, p.m.id, '2026-04-02T09:10');

	// S3 专题党课 by R, 3 h: r1, a1, b1, a4 = 4
	const s3 = await session('专题党课', R.id, '专题党课：纪律处分条例', '2026-05-20T14:00', '2026-05-20T17:00');
	for (const u of [p.r1, p.a1, p.b1, p.a4]) await scan(s3, u.id, '2026-05-20T14:10');

	// S4 集中学习 by A, cancelled after two sign-ins: counts nowhere.
	const s4 = await session('集中学习', A.id, '已取消的学习', '2026-02-01T09:00', '2026-02-01T10:00');
	await scan(s4, p.a1.id, '2026-02-01T09:00');
	await scan(s4, p.a2.id, '2026-02-01T09:00');
	await cancelActivity(db, s4.id, organizerA.id, '会议冲突', at('2026-02-01T12:00'));

	// S5 集中学习 by A1 (inside A's row), 1 h: a4, a3 = 2
	const s5 = await session('集中学习', A1.id, '小组学习', '2026-06-15T10:00', '2026-06-15T11:00');
	await scan(s5, p.a4.id, '2026-06-15T10:00');
	await scan(s5, p.a3.id, '2026-06-15T10:00');

	// S6 by X (outside the subtree), S7 after the period, S8 just before it: count nowhere.
	const s6 = await session('主题党日', X.id, '外单位主题党日', '2026-03-01T09:00', '2026-03-01T11:00');
	await scan(s6, p.a1.id, '2026-03-01T09:00');
	const s7 = await session('集中学习', A.id, '七月学习', '2026-07-05T09:00', '2026-07-05T10:00');
	await scan(s7, p.a1.id, '2026-07-05T09:00');
	const s8 = await session('参观廉政教育基地', B.id, '年末参观', '2025-12-31T23:00', '2025-12-31T23:50');
	await scan(s8, p.b1.id, '2025-12-31T23:10');

	// S9 谈心谈话 by B on the period's last evening, 0.5 h: b2 = 1
	const s9 = await session('谈心谈话', B.id, '谈心谈话', '2026-06-30T23:00', '2026-06-30T23:30');
	await scan(s9, p.b2.id, '2026-06-30T23:05');

	// Live competition by R, 1 h: r1, a2, b2 = 3
	const live = await recordActivity(db, {
		sourceRef: 'competition:1',
		title: '知识竞赛',
		unitId: R.id,
		startsAt: at('2026-04-20T15:00'),
		endsAt: at('2026-04-20T16:00'),
		participants: [{ userId: p.r1.id }, { userId: p.a2.id }, { userId: p.b2.id }]
	});

	// Course C1: lessons L1 (300 s minimum), L2 (600 s) and quiz Q1.
	const course = await db.insert(courses).values({ slug: 'c1', title: '廉洁自律准则学习', sourcePath: 'c1', contentHash: 'h' }).returning().get();
	const lesson = async (slug: string, ordinal: number, minReadSeconds: number) => {
		const l = await db.insert(lessons).values({ courseId: course.id, slug, ordinal, title: `第${ordinal}课`, minReadSeconds }).returning().get();
		const v = await db.insert(lessonVersions).values({ lessonId: l.id, contentHash: 'v1', bodyHtml: '<p>正文</p>', charCount: 500 }).returning().get();
		await db.update(lessons).set({ currentVersionId: v.id }).where(eq(lessons.id, l.id)).run();
		return { ...l, versionId: v.id };
	};
	const L1 = await lesson('l1', 1, 300);
	const L2 = await lesson('l2', 2, 600);
	const Q1 = await db.insert(questionSets).values({ slug: 'course/c1', kind: 'course-quiz', courseId: course.id, title: '廉洁自律准则测验', passScore: 80, sourcePath: 'c1/quiz.md', contentHash: 'h' }).returning().get();

	const sign = async (userId: number, l: typeof L1, signed: string, readMinutes: number) =>
		await db
			.insert(readingCheckins)
			.values({ userId, lessonId: l.id, lessonVersionId: l.versionId, openedAt: new Date(at(signed).getTime() - readMinutes * 60_000), signedAt: at(signed) })
			.run();
	await sign(p.a1.id, L1, '2026-02-10T10:00', 10); // A, 600 s
	await sign(p.a3.id, L1, '2026-03-05T10:00', 20); // A, capped at 600 s
	await sign(p.b1.id, L1, '2025-11-10T10:00', 5); // before the period
	await sign(p.b1.id, L2, '2026-04-10T10:00', 15); // B, 900 s
	await sign(p.m.id, L1, '2026-01-15T10:00', 6); // B (m's unit now), 360 s
	await sign(p.m.id, L2, '2026-03-20T10:00', 30); // B, capped at 1200 s
	await sign(p.x1.id, L1, '2026-03-01T10:00', 10); // outside the subtree
	await sign(p.a1.id, L2, '2026-07-02T10:00', 10); // after the period
	await db.insert(readingCheckins).values({ userId: p.a2.id, lessonId: L1.id, lessonVersionId: L1.versionId, openedAt: at('2026-03-03T10:00') }).run(); // opened, never signed

	// Regulation read-and-sign (法规阅后签名), a 阅读打卡 like a lesson's: 第一章 with a 120 s minimum.
	const regulation = await db.insert(regulations).values({ slug: 'reg', title: '廉洁自律准则', sourcePath: 'reg.md', contentHash: 'e1' }).returning().get();
	const readRegulation = async (userId: number, opened: string, signed: string | null) =>
		await db.insert(regulationCheckins)
			.values({ userId, regulationId: regulation.id, contentHash: 'e1', scope: '1-3', scopeLabel: '第一章 总则', charCount: 1000, minReadSeconds: 120, openedAt: at(opened), signedAt: signed ? at(signed) : null })
			.run();
	await readRegulation(p.a5.id, '2026-05-10T09:00', '2026-05-10T09:05'); // A, 300 s capped at 240 s
	await readRegulation(p.x1.id, '2026-05-10T09:00', '2026-05-10T09:03'); // outside the subtree
	await readRegulation(p.r1.id, '2026-05-11T09:00', null); // started, never signed

	const attempt = async (userId: number, submitted: string | null, minutes: number, score: number, deadlineMinutes?: number) => {
		const startedAt = new Date(at(submitted ?? '2026-03-03T10:00').getTime() - minutes * 60_000);
		await db.insert(quizAttempts)
			.values({
				userId,
				setId: Q1.id,
				setHash: 'h',
				questionIds: [],
				startedAt,
				deadlineAt: deadlineMinutes ? new Date(startedAt.getTime() + deadlineMinutes * 60_000) : null,
				submittedAt: submitted ? at(submitted) : null,
				correctCount: submitted ? Math.round(score / 10) : null,
				totalCount: 10,
				score: submitted ? score : null,
				passScore: 80,
				passed: submitted ? score >= 80 : null
			})
			.run();
	};
	await attempt(p.a1.id, '2026-02-11T10:00', 8, 60); // A, 480 s
	await attempt(p.a1.id, '2026-02-12T10:00', 25, 90); // A, capped at 1200 s (2 min × 10 questions)
	await attempt(p.b1.id, '2026-04-11T10:00', 5, 100, 10); // B, 300 s
	await attempt(p.m.id, '2025-12-20T10:00', 5, 85); // before the period (m's pass)
	await attempt(p.x1.id, '2026-03-02T10:00', 5, 70); // outside the subtree
	await attempt(p.a2.id, null, 5, 0); // started, never submitted

	// Completions of C1: b1 on 2026-04-11 and m on 2026-03-20 (in the period); a1 only on 2026-07-02.
	await syncCourseCompletions(db);

	// Reading list 读书思廉 by R, 2026-03-01 … 03-31, item L1, everyone in R, counting study done before
	// its start (the organizer's choice): a1 a3 b1 m have signed L1 = 4 (a1, b1 and m before the start).
	const readingListId = await createReadingList(
		db,
		organizerR.id,
		{ kind: '读书思廉', title: '读书思廉：廉洁自律准则', unitId: R.id, audience: 'all', personIds: [], startDate: '2026-03-01', dueDate: '2026-03-31', note: '', countEarlier: true, items: [{ type: 'lesson', id: L1.id }] },
		at('2026-03-01T08:00')
	);

	// Pledges: the rest of P1 (see the top), then P2, a 责任书.
	await signAt(P1, p.a1, '2026-02-10T10:00');
	await signAt(P1, p.r1, '2026-03-01T10:00');
	await publish(pledgeDraft({ title: '2026年度廉洁自律承诺书', body: '本人承诺：严守纪律，廉洁自律。' }), '2026-04-01T09:00', P1);
	await signAt(P1, p.a1, '2026-04-02T10:00');
	await signAt(P1, p.a3, '2026-04-05T10:00');
	await signAt(P1, p.b1, '2026-07-03T10:00');
	const P2 = await publish(
		pledgeDraft({ kind: '责任书', title: '党风廉政建设责任书', letters: [{ first: 'orgR', second: 'orgA' }, { first: 'orgR', second: 'orgB' }, { first: 'orgR', second: 'b2' }] }),
		'2026-01-05T09:00'
	);
	await signAt(P2, organizerR, '2026-01-10T10:00');
	await signAt(P2, organizerA, '2026-01-12T10:00');
	await signAt(P2, organizerB, '2026-06-30T23:30');

	// Writings.
	const collection = async (over: Partial<CollectionDraft>, by = organizerR) => {
		const draft: CollectionDraft = { kind: '心得体会', title: '', theme: '', unitId: R.id, audience: 'all', usernames: [], dueDate: '2026-06-30', minChars: 0, allowText: true, docxMaxMb: null, imageMaxMb: null, pdfMaxMb: null, ...over };
		const result = await saveCollection(db, { scope: await scopeFor(db, by), actorId: by.id, draft, now: at('2026-03-01T09:00') });
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result.id;
	};
	const write = async (collectionId: number, who: Author, when: string, submit = true) => {
		const result = await saveSubmission(db, who, collectionId, { title: `${who.name}的作品`, body: '学习体会正文。', uploads: [], removeFileIds: [] }, submit, at(when));
		if (!result.ok) throw new Error(`${who.name}: ${result.message}`);
		return result.submissionId;
	};
	const review = async (collectionId: number, submissionId: number, r: Parameters<typeof reviewSubmission>[1]['review'], when: string) => {
		const result = await reviewSubmission(db, { collectionId, submissionId, actorId: organizerR.id, review: r, now: at(when) });
		if (!result.ok) throw new Error(result.message);
	};
	const W1 = await collection({ kind: '心得体会', title: '学习纪律处分条例心得体会' });
	await review(W1, await write(W1, p.a1, '2026-03-15T10:00'), { action: 'accept' }, '2026-03-16T10:00');
	const b1Piece = await write(W1, p.b1, '2026-04-20T10:00');
	await review(W1, b1Piece, { action: 'return', comment: '请充实内容' }, '2026-04-21T10:00');
	await write(W1, p.b1, '2026-04-25T10:00');
	await write(W1, p.a2, '2026-04-26T10:00', false);
	await write(W1, p.b2, '2026-05-10T10:00');
	await withdrawSubmission(db, p.b2, W1, at('2026-05-11T10:00'));
	await review(W1, await write(W1, p.r1, '2026-06-01T10:00'), { action: 'return', comment: '请修改' }, '2026-06-02T10:00');
	const W2 = await collection({ kind: '廉政家书', title: '廉政家书征集', unitId: A.id });
	const a3Piece = await write(W2, p.a3, '2026-05-01T10:00');
	for (const r of [{ action: 'accept' }, { action: 'excellent', value: true }, { action: 'publish', value: true }] as const) await review(W2, a3Piece, r, '2026-05-02T10:00');
	await write(W2, p.a4, '2026-06-30T22:00');
	const W3 = await collection({ kind: '读书笔记', title: '外单位读书笔记', unitId: X.id }, admin);
	await write(W3, p.x1, '2026-04-01T10:00');

	// S1's part: the lesson L1.
	const part = await addPart(db, { scope: await scopeFor(db, organizerR), actorId: organizerA.id, activityId: s1.id, partType: 'lesson', refId: L1.id, now: at('2026-03-01T09:00') });
	if (!part.ok) throw new Error(part.message);

	// The campaign.
	const scopeR = await scopeFor(db, organizerR);
	const plan = await saveCampaign(db, { scope: scopeR, actorId: organizerR.id, draft: { title: '“三个一”廉政教育活动', document: '', description: '', unitId: R.id, startDate: '2026-01-01', endDate: '2026-12-31' }, now: at('2026-01-02T09:00') });
	if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
	const step = (over: Partial<ActionDraft>): ActionDraft => ({ kind: 'activity', subKind: null, category: 'required', title: '', description: '', targetMode: 'times', targetTimes: 1, ...over });
	for (const draft of [
		step({ subKind: '集中学习', title: '开展一次集中学习' }),
		step({ subKind: '警示教育片', title: '观看一部警示教育片' }),
		step({ kind: 'pledge', subKind: '承诺书', title: '签订廉洁自律承诺书', targetMode: 'everyone' }),
		step({ kind: 'writing', subKind: '心得体会', category: 'optional', title: '撰写心得体会' })
	]) {
		const saved = await saveAction(db, { scope: scopeR, campaignId: plan.id, draft, now: at('2026-01-02T09:00') });
		if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
	}
	await publishCampaign(db, { scope: scopeR, campaignId: plan.id, now: at('2026-01-02T10:00') });
	const [study, film, pledge, writing] = await actionsOf(db, plan.id);
	for (const [action, unitId, recordId] of [
		[study, A.id, s1.id],
		[study, A.id, s5.id],
		[study, A.id, s7.id],
		[film, B.id, s2.id],
		[pledge, A.id, P1],
		[writing, A.id, W1]
	] as const) {
		const linked = await linkRecord(db, { scope: scopeR, actorId: organizerR.id, campaignId: plan.id, unitId, actionId: action.id, recordId });
		if (!linked.ok) throw new Error(linked.message);
	}

	const exam = async (title: string, unitId: number, opens: string) =>
		await db
			.insert(exams)
			.values({ title, unitId, audience: 'all', paperMode: 'random', sections: [], opensAt: at(opens).getTime(), closesAt: at(opens).getTime() + 30 * 86_400_000, timeLimitMinutes: 30, attemptsAllowed: 2, passScore: 60, totalPoints: 100, seedSecret: 's', createdAt: 0, updatedAt: 0 })
			.returning()
			.get();
	const sit = async (examId: number, who: { id: number }, unitId: number, number: number, start: string, close: string | null, score: number, reason: 'submitted' | 'deadline' = 'submitted') =>
		await db
			.insert(examAttempts)
			.values({ examId, userId: who.id, unitId, number, paper: [], totalPoints: 100, startedAt: at(start).getTime(), deadlineAt: at(start).getTime() + 1_800_000, closedAt: close ? at(close).getTime() : null, closeReason: close ? reason : null, score: close ? score : null, correctCount: close ? Math.floor(score / 10) : null, passed: close ? score >= 60 : null })
			.run();
	const E1 = await exam('2026年度党规党纪知识考试', R.id, '2026-03-01T09:00');
	await sit(E1.id, p.a1, A.id, 1, '2026-03-02T09:00', '2026-03-02T09:20', 40);
	await sit(E1.id, p.a1, A.id, 2, '2026-03-03T09:00', '2026-03-03T09:25', 80);
	await sit(E1.id, p.a4, A1.id, 1, '2026-03-02T09:00', '2026-03-02T09:15', 90);
	await sit(E1.id, p.m, A.id, 1, '2026-03-02T10:00', '2026-03-02T10:20', 70);
	await sit(E1.id, p.b1, B.id, 1, '2026-03-02T09:00', '2026-03-02T09:30', 30, 'deadline');
	await sit(E1.id, p.b2, B.id, 1, '2026-03-31T09:00', null, 0);
	await sit(E1.id, p.x1, X.id, 1, '2026-03-02T09:00', '2026-03-02T09:10', 100);
	const E2 = await exam('2026年度党规党纪知识考试（补考）', A.id, '2026-06-20T09:00');
	await sit(E2.id, p.b1, B.id, 1, '2026-07-01T09:00', '2026-07-01T09:20', 90);
	const E3 = await exam('2025年任前廉政考试', R.id, '2025-12-20T09:00');
	await sit(E3.id, p.r1, R.id, 1, '2026-01-05T09:00', '2026-01-05T09:20', 85);
	await exam('外单位考试', X.id, '2026-04-01T09:00');

	// d1 leaves (disabled) after taking part in S2.
	await db.update(users).set({ disabledAt: at('2026-05-01T00:00') }).where(eq(users.id, p.d1.id)).run();

	return { db: db as DB, units: { T, R, A, A1, B, X }, people: p, organizers: { organizerR, organizerA, organizerB, admin }, sessions: { s1, s2, s3, s4, s5, s6, s7, s8, s9 }, live, course, L1, L2, Q1, readingListId, pledges: { P1, P2 }, collections: { W1, W2, W3 }, campaign: { id: plan.id, actions: { study, film, pledge, writing } } };
}
