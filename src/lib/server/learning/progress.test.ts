import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { questions } from '../db/schema/index.ts';
import { signLesson, startLesson } from '../reading/checkins.ts';
import { lessonPage } from '../reading/lesson.ts';
import { startAttempt, submitAttempt } from '../quizzes/attempts.ts';
import { at, courseFixture, makeUser, type Fixture } from './test-fixtures.ts';
import { courseProgressForUser, homeLearning, hoursFromSeconds, quizSeconds, readingSeconds } from './progress.ts';

let f: Fixture;
let userId: number;
beforeEach(async () => {
	f = await courseFixture({
		'courses/02-noquiz/course.md': '---\ntitle: 无测验课程\n---\n',
		'courses/02-noquiz/01-only.md': '---\ntitle: 唯一一课\nmin_read_seconds: 20\n---\n正文。\n'
	});
	userId = await makeUser(f.db, 'learner');
});
afterEach(() => f.cleanup());

async function start(courseSlug: string, lessonSlug: string, openAt: Date) {
	const page = (await lessonPage(f.db, { userId, courseSlug, lessonSlug }, openAt))!;
	const started = await startLesson(f.db, { userId, courseSlug, lessonSlug, versionId: page.version.id }, openAt);
	if (!started.ok) throw new Error(started.message);
	return page;
}

async function read(courseSlug: string, lessonSlug: string, openAt: Date, signAt: Date) {
	const page = await start(courseSlug, lessonSlug, openAt);
	const r = await signLesson(f.db, { userId, courseSlug, lessonSlug, versionId: page.version.id }, signAt);
	if (!r.ok) throw new Error(r.message);
}

async function takeQuiz(right: boolean, startAt: Date, submitAt: Date) {
	const s = await startAttempt(f.db, { userId, courseSlug: 'demo' }, startAt);
	if (!s.ok) throw new Error(s.message);
	const q = Object.fromEntries((await f.db.select().from(questions).orderBy(asc(questions.ordinal)).all()).map((x) => [x.key, x.id]));
	const answers = { [`q${q.s}`]: [right ? 'B' : 'A'], [`q${q.m}`]: [right ? 'A' : 'B', 'C'], [`q${q.t}`]: ['false'], [`q${q.f}`]: ['四风', '八项规定'] };
	const r = await submitAttempt(f.db, { userId, attemptId: s.attemptId, answers }, submitAt);
	if (!r.ok) throw new Error(r.message);
	return r;
}

const demo = async () => (await courseProgressForUser(f.db, userId)).find((c) => c.slug === 'demo')!;

describe('course completion', () => {
	it('is complete only when every lesson is signed and the quiz passed, dated when the last requirement was met', async () => {
		expect(await demo()).toMatchObject({ started: false, complete: false, lessonsSigned: 0, lessonsTotal: 2 });
		await read('demo', 'first', at('09:00:00'), at('09:01:00'));
		expect(await demo()).toMatchObject({ started: true, complete: false, lessonsSigned: 1 });
		expect(await takeQuiz(false, at('09:02:00'), at('09:04:00'))).toMatchObject({ passed: false });
		await read('demo', 'second', at('09:05:00'), at('09:06:00'));
		expect(await demo()).toMatchObject({ complete: false, lessonsSigned: 2, quiz: { passed: false, bestScore: 50, attempts: 1 } });
		await takeQuiz(true, at('09:10:00'), at('09:12:00'));
		expect(await demo()).toMatchObject({ complete: true, completedAt: at('09:12:00'), quiz: { passed: true, bestScore: 100, attempts: 2, passedAt: at('09:12:00') } });
	});

	it('is complete for a course without a quiz once all lessons are signed', async () => {
		const noquiz = async () => (await courseProgressForUser(f.db, userId)).find((c) => c.slug === 'noquiz')!;
		expect(await noquiz()).toMatchObject({ complete: false, quiz: null });
		await read('noquiz', 'only', at('09:00:00'), at('09:00:20'));
		expect(await noquiz()).toMatchObject({ complete: true, completedAt: at('09:00:20') });
	});

	it('stays complete after a lesson text changes (the signed version counts) and shows the new version', async () => {
		await read('demo', 'first', at('09:00:00'), at('09:01:00'));
		await read('demo', 'second', at('09:02:00'), at('09:03:00'));
		await takeQuiz(true, at('09:04:00'), at('09:05:00'));
		f.write('courses/01-demo/01-first.md', '---\ntitle: 第一课\nmin_read_seconds: 30\n---\n修订后的正文。\n');
		await f.reload();
		const after = await demo();
		expect(after).toMatchObject({ complete: true, completedAt: at('09:05:00'), lessonsWithNewVersion: 1 });
		expect(after.lessons.map((l) => l.status)).toEqual(['new-version', 'signed']);
	});

	it('is no longer complete when a lesson is added to the course', async () => {
		await read('noquiz', 'only', at('09:00:00'), at('09:00:20'));
		f.write('courses/02-noquiz/02-added.md', '---\ntitle: 新增一课\n---\n新增正文。\n');
		await f.reload();
		expect((await courseProgressForUser(f.db, userId)).find((c) => c.slug === 'noquiz')).toMatchObject({ complete: false, lessonsSigned: 1, lessonsTotal: 2 });
	});

	it("does not count another person's check-ins or attempts", async () => {
		await read('noquiz', 'only', at('09:00:00'), at('09:00:20'));
		const other = await makeUser(f.db, 'other');
		expect((await courseProgressForUser(f.db, other)).every((c) => !c.started && !c.complete)).toBe(true);
	});
});

describe('我的学习 and learning hours', () => {
	it('caps reading time at twice the minimum and quiz time at the limit or 2 minutes a question', () => {
		expect(readingSeconds(at('09:00:00'), at('09:00:45'), 30)).toBe(45);
		expect(readingSeconds(at('09:00:00'), at('18:00:00'), 30)).toBe(60);
		expect(quizSeconds({ startedAt: at('09:00:00'), submittedAt: at('09:03:00'), deadlineAt: null, totalCount: 4 })).toBe(180);
		expect(quizSeconds({ startedAt: at('09:00:00'), submittedAt: at('11:00:00'), deadlineAt: null, totalCount: 4 })).toBe(480);
		expect(quizSeconds({ startedAt: at('09:00:00'), submittedAt: at('09:20:00'), deadlineAt: at('09:10:00'), totalCount: 4 })).toBe(600);
		expect(hoursFromSeconds(3 * 3600 + 1000)).toBe(3.3);
	});

	it('puts courses in progress first on the home page, then courses not started', async () => {
		await start('noquiz', 'only', at('09:00:00'));
		expect((await homeLearning(f.db, userId)).continueCourses.map((c) => c.slug)).toEqual(['noquiz', 'demo']);
		await read('demo', 'first', at('09:01:00'), at('09:02:00'));
		await takeQuiz(true, at('09:03:00'), at('09:04:00'));
		const home = await homeLearning(f.db, userId);
		expect(home.continueCourses.map((c) => c.slug)).toEqual(['demo', 'noquiz']);
		expect(home.recentAttempts.map((a) => a.score)).toEqual([100]);
	});
});
