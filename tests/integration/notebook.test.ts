import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { firstTries, notebookCards, notebookEntries, notebookReviews, questions, users } from '../../src/lib/server/db/schema/index.ts';
import { createUnit } from '../../src/lib/server/org/units.ts';
import { loadContent } from '../../src/lib/server/content/index.ts';
import { startAttempt as startQuiz, submitAttempt as submitQuiz } from '../../src/lib/server/quizzes/attempts.ts';
import { dueToday, nextReviewCard, notebookOverview, reviewCard } from '../../src/lib/server/notebook/notebook.ts';
import { weakArticles } from '../../src/lib/server/notebook/weak.ts';
import { recordGradedAnswers } from '../../src/lib/server/notebook/record.ts';

// The 错题本 fed by a course quiz, practised with FSRS, and a card sent back to learning when a new
// edition of a regulation changes the article its question cites (and only then).

const MIN = 60_000;

function contentDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'qf-notebook-'));
	mkdirSync(join(dir, 'regulations'));
	mkdirSync(join(dir, 'courses', '01-huiyi'), { recursive: true });
	writeFileSync(
		join(dir, 'regulations', 'huiyi-guiding-2018.md'),
		['---', 'title: 清风市会议纪律规定', 'edition: 2018年版', '---', '', '第一条 为了严肃会议纪律，制定本规定。', '', '第二条 参加会议应当提前十分钟到场，不得无故缺席。', '', '第三条 本规定自发布之日起施行。', ''].join('\n')
	);
	writeFileSync(join(dir, 'courses', '01-huiyi', 'course.md'), ['---', 'title: 会议纪律', 'pass_score: 100', '---', '会议纪律课程。'].join('\n'));
	writeFileSync(join(dir, 'courses', '01-huiyi', '01-daochang.md'), ['---', 'title: 按时到场', 'min_read_seconds: 1', 'refs: [huiyi-guiding-2018#2]', '---', '参加会议应当提前到场。'].join('\n'));
	writeFileSync(
		join(dir, 'courses', '01-huiyi', 'quiz.md'),
		[
			'---',
			'title: 会议纪律测验',
			'---',
			'',
			'## 单选题 {#h1}',
			'参加会议应当提前多久到场？',
			'',
			'- [ ] 五分钟',
			'- [x] 十分钟',
			'- [ ] 半小时',
			'',
			'> 解析：第二条：提前十分钟到场。',
			'> 依据：huiyi-guiding-2018#2',
			'',
			'## 判断题 {#h2}',
			'本规定自发布之日起施行。',
			'',
			'> 答案：正确',
			'> 解析：第三条。',
			'> 依据：huiyi-guiding-2018#3',
			''
		].join('\n')
	);
	return dir;
}

describe('the wrong-answer notebook', () => {
	it('takes a quiz’s wrong answers, schedules reviews with FSRS, logs them, and restarts a card whose article a new edition changed', async () => {
		const db = await createTestDatabase();
		const dir = contentDir();
		const loaded = await loadContent(db, dir);
		expect(loaded.errors).toEqual([]);
		const unit = await createUnit(db, { parentId: null, name: '错题测试单位', kind: '党支部' });
		const person = (await db.insert(users).values({ username: 'nb', name: '学员', orgUnitId: unit.id, passwordHash: 'x', mustChangePassword: false }).returning().get())!;
		const qs = await db.select().from(questions).all();
		const h1 = qs.find((q) => q.key === 'h1')!;
		const h2 = qs.find((q) => q.key === 'h2')!;

		// Both wrong in the quiz.
		const t0 = new Date(Date.UTC(2026, 10, 2, 1, 0));
		const started = await startQuiz(db, { userId: person.id, courseSlug: 'huiyi' }, t0);
		if (!started.ok) throw new Error(started.message);
		const submitted = await submitQuiz(db, { userId: person.id, attemptId: started.attemptId, answers: { [`q${h1.id}`]: ['A'], [`q${h2.id}`]: ['false'] } }, new Date(t0.getTime() + MIN));
		expect(submitted).toMatchObject({ ok: true, passed: false });
		expect((await db.select().from(notebookEntries).all()).map((e) => [e.questionId, e.source, e.response])).toEqual([
			[h1.id, 'quiz', ['A']],
			[h2.id, 'quiz', ['false']]
		]);
		expect(await db.select().from(firstTries).all()).toHaveLength(2);
		const now = t0.getTime() + 2 * MIN;
		expect(await dueToday(db, person.id, now)).toBe(2);
		const overview = await notebookOverview(db, person.id, now);
		expect(overview.articles.map((a) => a.label)).toEqual(['《清风市会议纪律规定》第二条', '《清风市会议纪律规定》第三条']);

		// Review h1: wrong again (Again, back in a minute), then right (Good, 10 minutes).
		const card = (await nextReviewCard(db, person.id, now))!;
		expect(card).toMatchObject({ remaining: 2, mistakes: [{ source: '测验', responseText: 'A. 五分钟' }] });
		const wrong = await reviewCard(db, { userId: person.id, cardId: card.cardId, values: ['C'] }, now);
		expect(wrong).toMatchObject({ ok: true, correct: false, answerText: 'B. 十分钟', nextDue: now + MIN, reset: false });
		// A double submission of the same review is refused: the card has moved on.
		const h1Card = (await db.select().from(notebookCards).where(eq(notebookCards.questionId, h1.id)).get())!;
		expect(h1Card).toMatchObject({ state: 1, reps: 1, due: now + MIN });
		const right = await reviewCard(db, { userId: person.id, cardId: h1Card.id, values: ['B'] }, now + MIN);
		expect(right).toMatchObject({ ok: true, correct: true, nextDue: now + MIN + 10 * MIN });
		const h2Card = (await db.select().from(notebookCards).where(eq(notebookCards.questionId, h2.id)).get())!;
		await reviewCard(db, { userId: person.id, cardId: h2Card.id, values: ['true'] }, now + MIN);
		const logs = await db.select().from(notebookReviews).all();
		expect(logs.map((l) => [l.cardId, l.kind, l.rating, l.correct])).toEqual([
			[h1Card.id, 'review', 1, false],
			[h1Card.id, 'review', 3, true],
			[h2Card.id, 'review', 3, true]
		]);
		expect(await reviewCard(db, { userId: person.id, cardId: h1Card.id, values: [] }, now + 2 * MIN)).toEqual({ ok: false, message: '请选择答案' });

		// Both cards learned: nothing due until their next review.
		const later = now + MIN + 11 * MIN;
		for (const c of await db.select().from(notebookCards).all()) {
			await reviewCard(db, { userId: person.id, cardId: c.id, values: c.questionId === h1.id ? ['B'] : ['true'] }, later);
		}
		expect((await db.select().from(notebookCards).all()).every((c) => c.due > later + 86_400_000 / 2)).toBe(true);
		expect(await nextReviewCard(db, person.id, later + MIN)).toBeNull();

		// A new edition rewrites 第二条 and leaves 第三条 as it was: only h1 goes back to learning.
		writeFileSync(
			join(dir, 'regulations', 'huiyi-guiding-2024.md'),
			['---', 'title: 清风市会议纪律规定', 'edition: 2024年版', '---', '', '第一条 为了严肃会议纪律，制定本规定。', '', '第二条 参加会议应当提前五分钟到场，不得无故缺席；确需请假的，应当书面请假。', '', '第三条 本规定自发布之日起施行。', ''].join('\n')
		);
		expect((await loadContent(db, dir)).errors).toEqual([]);
		const after = await notebookOverview(db, person.id, later + 2 * MIN);
		const items = after.articles.flatMap((a) => a.items);
		expect(items.find((i) => i.questionId === h1.id)).toMatchObject({ articleChanged: true, dueToday: true, stateLabel: '条款已修订，重新学习' });
		expect(items.find((i) => i.questionId === h2.id)).toMatchObject({ articleChanged: false, dueToday: false });
		// Nothing was written by reading it; the reset is recorded with the next review.
		expect(await db.select().from(notebookReviews).all()).toHaveLength(5);
		const again = (await nextReviewCard(db, person.id, later + 2 * MIN))!;
		expect(again).toMatchObject({ articleChanged: true, remaining: 1 });
		const reviewed = await reviewCard(db, { userId: person.id, cardId: again.cardId, values: ['B'] }, later + 3 * MIN);
		expect(reviewed).toMatchObject({ ok: true, reset: true, nextDue: later + 3 * MIN + 10 * MIN });
		const resetLogs = (await db.select().from(notebookReviews).all()).slice(-2).map((l) => l.kind);
		expect(resetLogs).toEqual(['reset', 'review']);
		expect((await notebookOverview(db, person.id, later + 4 * MIN)).articles.flatMap((a) => a.items).every((i) => !i.articleChanged)).toBe(true);
	});

	it('gives organizers the weakest articles of their units: the share wrong at the first try', async () => {
		const db = await createTestDatabase();
		await loadContent(db, contentDir());
		const root = await createUnit(db, { parentId: null, name: '委员会', kind: '党委' });
		const branch = await createUnit(db, { parentId: root.id, name: '一支部', kind: '党支部' });
		const other = await createUnit(db, { parentId: root.id, name: '二支部', kind: '党支部' });
		const qs = await db.select().from(questions).all();
		const h1 = qs.find((q) => q.key === 'h1')!;
		const h2 = qs.find((q) => q.key === 'h2')!;
		const people: { id: number }[] = [];
		for (const [i, unitId] of [branch.id, branch.id, branch.id, other.id].entries()) people.push((await db.insert(users).values({ username: `w${i}`, name: `人${i}`, orgUnitId: unitId, passwordHash: 'x', mustChangePassword: false }).returning().get())!);
		await db.transaction(async (tx) => {
			// In 一支部: h1 wrong twice of three at the first try, h2 right; a later right answer does not change a first try.
			await recordGradedAnswers(tx, [
				{ userId: people[0].id, questionId: h1.id, source: 'quiz', sourceId: 1, response: ['A'], correct: false, at: 1 },
				{ userId: people[1].id, questionId: h1.id, source: 'exam', sourceId: 2, response: ['A'], correct: false, at: 2 },
				{ userId: people[2].id, questionId: h1.id, source: 'competition', sourceId: 3, response: ['B'], correct: true, at: 3 },
				{ userId: people[0].id, questionId: h1.id, source: 'quiz', sourceId: 4, response: ['B'], correct: true, at: 4 },
				{ userId: people[0].id, questionId: h2.id, source: 'quiz', sourceId: 1, response: ['true'], correct: true, at: 1 },
				// In 二支部, outside the branch's view.
				{ userId: people[3].id, questionId: h2.id, source: 'quiz', sourceId: 5, response: ['false'], correct: false, at: 5 }
			]);
		});
		const branchPath = branch.path;
		expect((await weakArticles(db, { unitPath: branchPath })).map((w) => [w.label, w.tries, w.wrong, w.wrongRate])).toEqual([
			['《清风市会议纪律规定》第二条', 3, 2, 66.7],
			['《清风市会议纪律规定》第三条', 1, 0, 0]
		]);
		expect((await weakArticles(db, { unitPath: '/' })).find((w) => w.ref.endsWith('#3'))).toMatchObject({ tries: 2, wrong: 1 });
		// The notebook keeps the two wrong answers of person 0 … and person 1's, each once.
		expect(await db.select().from(notebookEntries).all()).toHaveLength(3);
	});
});
