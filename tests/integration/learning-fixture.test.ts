import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { users } from '../../src/lib/server/db/schema/index.ts';
import { loadContent } from '../../src/lib/server/content/index.ts';
import { createUnit } from '../../src/lib/server/org/units.ts';
import { lessonPage } from '../../src/lib/server/reading/lesson.ts';
import { attemptResult, startAttempt, submitAttempt, attemptForm } from '../../src/lib/server/quizzes/attempts.ts';

// The browser tests rely on this fixture: one small course whose refs resolve to the sample
// regulation, so a broken fixture should fail here first, with a readable message.
describe('e2e fixture content', () => {
	it('loads without errors, and lessons and quiz explanations link to the sample regulation', async () => {
		const db = await createTestDatabase();
		const report = await loadContent(db, 'tests/e2e/fixtures/content');
		expect(report.errors).toEqual([]);
		expect(report).toMatchObject({ courses: 1, lessons: 2, questions: 4 });

		const unit = await createUnit(db, { parentId: null, name: '测试单位' });
		const userId = (await db.insert(users).values({ username: 't', name: '测试', orgUnitId: unit.id, passwordHash: 'x' }).returning().get()).id;
		const page = (await lessonPage(db, { userId, courseSlug: 'e2e-demo', lessonSlug: 'gongwu-huodong' }))!;
		expect(page.lesson.minReadSeconds).toBe(3);
		expect(page.citations.map((c) => c.href)).toEqual(['/regulations/sample-lianzheng-guize/4', '/regulations/sample-lianzheng-guize/7']);

		const start = await startAttempt(db, { userId, courseSlug: 'e2e-demo' });
		if (!start.ok) throw new Error(start.message);
		const form = await attemptForm(db, { userId, attemptId: start.attemptId });
		if (form?.status !== 'open') throw new Error('expected an open attempt');
		expect(form.questions.map((q) => q.type)).toEqual(['single', 'multiple', 'truefalse', 'fill']);
		const [s, m, t, f] = form.questions.map((q) => `q${q.id}`);
		// Two right (single, fill) of four: 50, below the pass score of 75.
		expect(await submitAttempt(db, { userId, attemptId: start.attemptId, answers: { [s]: ['B'], [m]: ['A'], [t]: ['true'], [f]: ['从简'] } })).toMatchObject({ ok: true, score: 50, passed: false });
		const result = await attemptResult(db, { userId, attemptId: start.attemptId });
		if (result?.status !== 'submitted') throw new Error('expected a result');
		expect(result.items.every((i) => i.citations.every((c) => c.href?.startsWith('/regulations/sample-lianzheng-guize/')))).toBe(true);
	});
});
