import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { activities, attendances, attemptAnswers, courses, lessons, notices, noticeReads, orgUnits, questionSets, questions, quizAttempts, readingCheckins, regulationCheckins, regulations, users, type Question } from '../db/schema/index.ts';
import { findUnitByNamePath } from '../org/units.ts';
import { DAY_MS, localDate, parseLocalDate } from '../../time.ts';
import { generateCheckinToken } from '../activities/checkin.ts';
import { recordActivity } from '../activities/attendance.ts';
import { createReadingList } from '../reading-lists/reading-lists.ts';
import { syncReadingListCompletions } from '../reading-lists/progress.ts';
import { syncCourseCompletions } from '../learning/completions.ts';
import { measureRegulationScope } from '../reading/regulations.ts';
import { isCorrect, scorePercent } from '../quizzes/grading.ts';
import { DEMO_ACCOUNTS, DEMO_UNITS } from './people.ts';
import { type ActivityKind } from '../../vocabulary.ts';

// A year of organized study for the demo organization, relative to today so that "本季度" and
// "本年" are never empty: sessions of every kind over the last twelve months (a few cancelled,
// one open for QR sign-in right now, a few coming up), attendances, reading lists, notices, and
// reading check-ins and quiz attempts against whatever courses are loaded. Deterministic for a
// given day (seeded PRNG), so a demo looks the same after a restart on the same day.

const HOUR = 3_600_000;

function prng(seed: number) {
	let s = seed;
	return () => {
		s = (s + 0x6d2b79f5) | 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Person = { id: number; unitId: number; isLeader: boolean; username: string; role: string };

const SESSION_TITLES: Record<string, string[]> = {
	集中学习: ['集中学习《中国共产党纪律处分条例》', '集中学习《中国共产党廉洁自律准则》', '学习中央八项规定及其实施细则精神', '集中学习典型案例通报', '学习《中国共产党党内监督条例》'],
	专题党课: ['专题党课：严守政治纪律和政治规矩', '专题党课：以案为鉴 警钟长鸣', '专题党课：做忠诚干净担当的纪检监察干部', '专题党课：锲而不舍落实中央八项规定精神'],
	警示教育片: ['观看警示教育片《围猎》', '观看警示教育片《零容忍》', '观看警示教育片《持续发力 纵深推进》'],
	参观廉政教育基地: ['参观市廉政教育基地', '参观革命传统教育基地'],
	主题党日: ['主题党日：重温入党誓词', '主题党日：廉洁家书分享会', '主题党日：签订廉洁从政承诺书', '主题党日：廉洁文化进家庭'],
	谈心谈话: ['支部书记与党员谈心谈话', '节前廉政谈心谈话'],
	知识竞赛: ['党纪法规知识竞赛'],
	其他: ['廉洁文化作品征集展示']
};

export async function seedDemoActivity(db: DB, now = new Date()): Promise<void> {
	const random = prng(Number(localDate(now).replace(/-/g, '')));
	const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

	const unitIds: number[] = [];
	for (const p of DEMO_UNITS) {
		const unit = await findUnitByNamePath(db, p);
		if (unit) unitIds.push(unit.id);
	}
	if (unitIds.length < DEMO_UNITS.length) return;
	const [committee, b1, b2, b3, general, g1, g2] = unitIds;
	const paths = new Map((await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).all()).map((u) => [u.id, u.path]));
	const people: Person[] = (await db
		.select({ id: users.id, unitId: users.orgUnitId, isLeader: users.isLeader, username: users.username, role: users.role })
		.from(users)
		.all())
		.filter((p) => p.role !== 'admin' && (paths.get(p.unitId) ?? '').startsWith(paths.get(committee)!));
	const membersOf = (unitId: number) => people.filter((p) => (paths.get(p.unitId) ?? '').startsWith(paths.get(unitId)!));
	const byUsername = (u: string) => people.find((p) => p.username === u);
	const organizer = (unitId: number) => byUsername(unitId === b1 ? 'zb1' : unitId === b2 ? 'zb2' : 'jgdw')?.id ?? null;

	const today = parseLocalDate(localDate(now))!.getTime();
	const yearAgo = today - 364 * DAY_MS;

	/** A session at a day offset from a year ago, at a plausible hour, with attendance drawn from its unit. */
	async function session(unitId: number, kind: ActivityKind, startsAt: number, hours: number, rate: number, opts: { cancel?: boolean; visitors?: Person[]; graceMinutes?: number } = {}) {
		const endsAt = startsAt + hours * HOUR;
		const createdBy = organizer(unitId);
		const row = await db
			.insert(activities)
			.values({
				kind,
				source: 'offline',
				title: pick(SESSION_TITLES[kind] ?? ['学习活动']),
				unitId,
				startsAt: new Date(startsAt),
				endsAt: new Date(endsAt),
				place: kind === '参观廉政教育基地' ? '市廉政教育基地' : pick(['机关三楼会议室', '党员活动室', '五楼报告厅']),
				speaker: kind === '专题党课' ? pick(['周文清', '林思远', '郑雅琴']) : '',
				notes: '',
				checkinToken: generateCheckinToken(),
				checkinGraceMinutes: opts.graceMinutes ?? 30,
				createdBy,
				createdAt: new Date(startsAt - 3 * DAY_MS),
				updatedAt: new Date(startsAt - 3 * DAY_MS)
			})
			.returning({ id: activities.id })
			.get();
		if (startsAt < now.getTime()) {
			const rows: (typeof attendances.$inferInsert)[] = [];
			for (const p of [...membersOf(unitId).filter(() => random() < rate), ...(opts.visitors ?? [])]) {
				const qr = random() < 0.6;
				const at = qr ? startsAt - 20 * 60_000 + Math.floor(random() * 40 * 60_000) : endsAt + 10 * 60_000;
				if (at > now.getTime()) continue;
				rows.push({ activityId: row.id, userId: p.id, method: qr ? 'qr' : 'organizer', at: new Date(at), memberUnitId: p.unitId, recordedBy: qr ? null : createdBy });
			}
			for (let i = 0; i < rows.length; i += 200) await db.insert(attendances).values(rows.slice(i, i + 200)).onConflictDoNothing().run();
		}
		if (opts.cancel) {
			await db.update(activities)
				.set({ cancelledAt: new Date(startsAt - DAY_MS), cancelledBy: createdBy, cancelReason: pick(['与上级会议时间冲突，改期举行', '主讲人临时出差']) })
				.where(eq(activities.id, row.id))
				.run();
		}
		return row.id;
	}
	const at = (dayOffset: number, hour: number) => yearAgo + dayOffset * DAY_MS + hour * HOUR;

	await db.transaction(async () => {
		// Every 党支部: monthly 集中学习, quarterly 主题党日, 警示教育片 and 谈心谈话 twice a year.
		for (const [i, branch] of [b1, b2, b3, g1, g2].entries()) {
			for (let m = 0; m < 12; m++) {
				const visitors = random() < 0.15 ? [pick(people.filter((p) => p.unitId !== branch))] : [];
				await session(branch, '集中学习', at(m * 30 + 5 + i, 15), 2, 0.85, { visitors, cancel: m === 4 && i < 2 });
			}
			for (let q = 0; q < 4; q++) await session(branch, '主题党日', at(q * 91 + 60 + i * 2, 9), 3, 0.9);
			for (const d of [100, 280]) await session(branch, '警示教育片', at(d + i, 14), 1.5, 0.8);
			for (const d of [150, 340]) await session(branch, '谈心谈话', at(d + i, 10), 1, 0.5);
		}
		// 机关党委 and 派驻机构党总支: lectures, films, a visit, a competition and more for the whole subtree.
		for (let q = 0; q < 4; q++) await session(committee, '专题党课', at(q * 91 + 40, 14), 2.5, 0.75, { cancel: q === 1 });
		await session(committee, '警示教育片', at(75, 14), 2, 0.7);
		await session(committee, '警示教育片', at(250, 14), 2, 0.7);
		await session(committee, '参观廉政教育基地', at(200, 8), 5, 0.6);
		await session(committee, '其他', at(310, 14), 2, 0.3);
		await session(general, '专题党课', at(120, 14), 2, 0.8);
		await session(general, '集中学习', at(180, 15), 2, 0.8);
		await session(general, '参观廉政教育基地', at(290, 8), 4, 0.7);

		// This quarter is never empty: activities in the last days, one open for QR sign-in right now,
		// and a few coming up.
		await session(b2, '集中学习', today - 3 * DAY_MS + 15 * HOUR, 2, 0.8);
		await session(committee, '专题党课', today - 2 * DAY_MS + 14 * HOUR, 2, 0.7);
		await session(b1, '集中学习', Math.max(today, now.getTime() - 90 * 60_000), 3, 0.4, { graceMinutes: 60 });
		await session(b3, '主题党日', today + 3 * DAY_MS + 9 * HOUR, 3, 0);
		await session(committee, '警示教育片', today + 8 * DAY_MS + 14 * HOUR, 2, 0);
		await session(g1, '谈心谈话', today + 12 * DAY_MS + 10 * HOUR, 1, 0);
	});

	// A knowledge competition recorded the way the live module records one.
	const contest = today - 45 * DAY_MS + 15 * HOUR;
	await recordActivity(db, {
		sourceRef: 'demo:competition-1',
		title: '“学党纪 明规矩”知识竞赛',
		unitId: committee,
		startsAt: new Date(contest),
		endsAt: new Date(contest + 1.5 * HOUR),
		createdBy: organizer(committee),
		participants: membersOf(committee)
			.filter(() => random() < 0.4)
			.map((p) => ({ userId: p.id }))
	});

	// The named demo accounts start with no online learning of their own, so whoever tries the
	// demo as 陈立新 (xueyuan) reads, signs and takes quizzes from a clean slate.
	const named = new Set(DEMO_ACCOUNTS.map((a) => a.username));
	await seedLearning(db, people.filter((p) => !named.has(p.username)), random, yearAgo, now);

	// Reading lists, over whatever content is loaded.
	const courseRows = await db.select({ id: courses.id }).from(courses).where(eq(courses.active, true)).orderBy(asc(courses.sortOrder), asc(courses.slug)).all();
	const regulationRows = await db.select({ id: regulations.id }).from(regulations).where(eq(regulations.active, true)).orderBy(asc(regulations.slug)).all();
	const jgdw = organizer(committee) ?? people[0]?.id;
	const ids: number[] = [];
	if (courseRows.length && jgdw) {
		ids.push(
			await createReadingList(
				db,
				jgdw,
				{ kind: '读书思廉', title: '读书思廉：廉洁自律准则学习', unitId: committee, audience: 'all', personIds: [], startDate: localDate(new Date(today - 60 * DAY_MS)), dueDate: localDate(new Date(today + 20 * DAY_MS)), note: '请各位同志在截止日期前读完全部课时并通过测验。', countEarlier: false, items: [{ type: 'course', id: courseRows[0].id }] },
				now
			)
		);
		const items = [
			...(courseRows[1] ? [{ type: 'course' as const, id: courseRows[1].id }] : []),
			...regulationRows.slice(0, 1).map((r) => ({ type: 'regulation' as const, id: r.id }))
		];
		if (items.length) {
			ids.push(
				await createReadingList(
					db,
					jgdw,
					{ kind: '专题学习', title: '领导干部专题学习：纪律处分条例', unitId: committee, audience: 'leaders', personIds: [], startDate: localDate(new Date(today - 120 * DAY_MS)), dueDate: localDate(new Date(today - 30 * DAY_MS)), note: '领导干部带头学。', countEarlier: true, items },
					now
				)
			);
		}
	}
	const zb1 = organizer(b1);
	const caseCourse = courseRows[courseRows.length - 1];
	const caseTitle = caseCourse ? (await db.select({ title: courses.title }).from(courses).where(eq(courses.id, caseCourse.id)).get())!.title : '';
	const firstLessons = caseCourse ? await db.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.courseId, caseCourse.id), eq(lessons.active, true))).orderBy(asc(lessons.ordinal)).limit(2).all() : [];
	if (zb1 && firstLessons.length) {
		const named = membersOf(b1).slice(0, 6).map((p) => p.id);
		ids.push(
			await createReadingList(
				db,
				zb1,
				{ kind: '读书思廉', title: `第一党支部专题研读：${caseTitle}（前两课）`, unitId: b1, audience: 'named', personIds: named, startDate: localDate(new Date(today - 10 * DAY_MS)), dueDate: localDate(new Date(today + 10 * DAY_MS)), note: '', countEarlier: false, items: firstLessons.map((l) => ({ type: 'lesson' as const, id: l.id })) },
				now
			)
		);
	}
	await syncCourseCompletions(db);
	await syncReadingListCompletions(db, ids, now);

	await seedNotices(db, { committee, b1 }, people, organizer, random, today, now);
}

/** Reading check-ins and quiz attempts: each person works through some courses in order. */
async function seedLearning(db: DB, people: Person[], random: () => number, from: number, now: Date) {
	const courseRows = await db.select({ id: courses.id }).from(courses).where(eq(courses.active, true)).orderBy(asc(courses.sortOrder), asc(courses.slug)).all();
	if (!courseRows.length) return;
	const lessonRows = (await db
		.select({ id: lessons.id, courseId: lessons.courseId, versionId: lessons.currentVersionId, minReadSeconds: lessons.minReadSeconds })
		.from(lessons)
		.where(and(inArray(lessons.courseId, courseRows.map((c) => c.id)), eq(lessons.active, true)))
		.orderBy(asc(lessons.ordinal))
		.all())
		.filter((l) => l.versionId !== null);
	const sets = await db.select().from(questionSets).where(and(eq(questionSets.kind, 'course-quiz'), eq(questionSets.active, true))).all();
	const questionRows = sets.length ? await db.select().from(questions).where(and(inArray(questions.setId, sets.map((s) => s.id)), eq(questions.active, true))).orderBy(asc(questions.ordinal)).all() : [];
	const span = now.getTime() - from;

	await db.transaction(async (tx) => {
		for (const person of people) {
			const diligence = random();
			for (const course of courseRows) {
				if (random() > 0.35 + diligence * 0.6) continue;
				// Each course is taken up at some point of the year, so every quarter has reading in it.
				let t = from + Math.floor(random() * span * 0.95);
				for (const lesson of lessonRows.filter((l) => l.courseId === course.id)) {
					if (random() < 0.1 * (1 - diligence)) break;
					const read = lesson.minReadSeconds * 1000 * (1.1 + random());
					t = daytime(t + Math.floor(random() * 5 * DAY_MS) + HOUR);
					if (t + read > now.getTime()) break;
					await tx.insert(readingCheckins)
						.values({ userId: person.id, lessonId: lesson.id, lessonVersionId: lesson.versionId!, openedAt: new Date(t), signedAt: new Date(t + read) })
						.onConflictDoNothing()
						.run();
				}
				const set = sets.find((s) => s.courseId === course.id);
				const qs = set ? questionRows.filter((q) => q.setId === set.id) : [];
				for (let tries = 0; set && qs.length && tries < 3; tries++) {
					t = daytime(t + Math.floor(random() * 2 * DAY_MS) + HOUR);
					const minutes = 3 + Math.floor(random() * 12);
					if (t + minutes * 60_000 > now.getTime()) break;
					const skill = 0.55 + diligence * 0.35 + tries * 0.1;
					const answers = qs.map((q) => ({ q, response: respond(q, random() < skill) }));
					const correct = answers.filter((a) => isCorrect(a.q, a.response)).length;
					const score = scorePercent(correct, qs.length);
					const attempt = await tx
						.insert(quizAttempts)
						.values({
							userId: person.id,
							setId: set.id,
							setHash: set.contentHash,
							questionIds: qs.map((q) => q.id),
							startedAt: new Date(t),
							submittedAt: new Date(t + minutes * 60_000),
							correctCount: correct,
							totalCount: qs.length,
							score,
							passScore: set.passScore,
							passed: score >= set.passScore
						})
						.returning({ id: quizAttempts.id })
						.get();
					for (const a of answers) await tx.insert(attemptAnswers).values({ attemptId: attempt.id, questionId: a.q.id, response: a.response, correct: isCorrect(a.q, a.response) }).run();
					if (score >= set.passScore) break;
				}
			}
		}
		// Some people have read and signed whole regulation texts (法规阅后签名).
		const regs = await tx.select({ id: regulations.id }).from(regulations).where(eq(regulations.active, true)).all();
		for (const r of regs) {
			const edition = (await measureRegulationScope(tx, r.id))!;
			for (const person of people) {
				if (random() >= 0.5) continue;
				const t = daytime(from + Math.floor(random() * span * 0.95));
				const read = edition.minReadSeconds * 1000 * (1.1 + random());
				if (t + read > now.getTime()) continue;
				await tx.insert(regulationCheckins)
					.values({ userId: person.id, ...edition, openedAt: new Date(t), signedAt: new Date(t + read) })
					.onConflictDoNothing()
					.run();
			}
		}
	});
}

/** Moves a time of online study into waking hours (07:00–22:00 China time), keeping the day. */
function daytime(t: number): number {
	const hour = Math.floor(((t + 8 * HOUR) % DAY_MS) / HOUR);
	if (hour < 7) return t + (7 - hour) * HOUR + 30 * 60_000;
	if (hour >= 22) return t - (hour - 20) * HOUR;
	return t;
}

/** A plausible response: the right answer, or a wrong one of the right shape. */
function respond(q: Question, right: boolean): string[] {
	if (q.type === 'fill') return (q.answer as string[][]).map((accepted) => (right ? accepted[0] : '不清楚'));
	const answer = q.answer as string[];
	if (right) return [...answer];
	if (q.type === 'truefalse') return [answer[0] === 'true' ? 'false' : 'true'];
	const wrong = q.options.map((o) => o.key).find((k) => !answer.includes(k)) ?? answer[0];
	return q.type === 'multiple' ? [wrong] : [wrong];
}

async function seedNotices(db: DB, units: { committee: number; b1: number }, people: Person[], organizer: (unitId: number) => number | null, random: () => number, today: number, now: Date) {
	const list = [
		{
			unitId: units.committee,
			days: 40,
			title: '关于节日期间严守中央八项规定精神的廉洁提醒',
			body: '节日将至，请全体党员干部：\n\n1. 严禁违规收送礼品礼金、消费卡和电子红包；\n2. 严禁违规公款吃喝、违规操办婚丧喜庆事宜；\n3. 严禁公车私用、私车公养；\n4. 不得接受可能影响公正执行公务的宴请和旅游、健身、娱乐等活动安排。\n\n过廉洁节，树文明风。',
			readRate: 0.9
		},
		{ unitId: units.committee, days: 6, title: '关于按时完成“读书思廉”学习任务的通知', body: '请尚未完成本期读书思廉学习任务的同志抓紧时间，在截止日期前读完全部课时并通过测验。', readRate: 0.5 },
		{ unitId: units.b1, days: 2, title: '本月主题党日活动安排', body: '本月主题党日活动安排在会议室举行，内容为重温入党誓词、签订廉洁承诺书，请准时参加。', readRate: 0.4 }
	];
	await db.transaction(async (tx) => {
		for (const n of list) {
			const publishedAt = new Date(Math.min(now.getTime() - 60_000, today - n.days * DAY_MS + 9 * HOUR));
			const notice = await tx.insert(notices).values({ unitId: n.unitId, title: n.title, body: n.body, createdBy: organizer(n.unitId), publishedAt }).returning({ id: notices.id }).get();
			const unitPath = (await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, n.unitId)).get())!.path;
			const audience = await tx.select({ id: users.id, path: orgUnits.path }).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).all();
			for (const p of audience.filter((a) => a.path.startsWith(unitPath))) {
				// The demo learner keeps the recent notices unread, so the home page shows them.
				if (people.find((x) => x.id === p.id)?.username === 'xueyuan' && n.days < 10) continue;
				if (random() < n.readRate) {
					const readAt = Math.min(now.getTime(), publishedAt.getTime() + Math.floor(random() * 3 * DAY_MS));
					await tx.insert(noticeReads).values({ noticeId: notice.id, userId: p.id, readAt: new Date(readAt) }).run();
				}
			}
		}
	});
}
