import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../db/testing.ts';
import { contentErrors, courses, users } from '../db/schema/index.ts';
import { ensureUnitByNamePath } from '../org/units.ts';
import { setDisabled } from '../people/accounts.ts';
import { adminOverview, contentOverview } from './overview.ts';

describe('admin overview', () => {
	it('counts units, active and disabled people, first logins pending, content and its errors', async () => {
		const db = await createTestDatabase();
		const unit = await ensureUnitByNamePath(db, '市纪委/第一党支部');
		const [a, b] = await Promise.all(['a', 'b'].map((u) => db.insert(users).values({ username: u, name: u, orgUnitId: unit.id, passwordHash: 'x', mustChangePassword: u === 'a' }).returning().get()));
		await setDisabled(db, { id: b.id, disabled: true, actorId: a.id });
		await db.insert(courses).values({ slug: 'c1', title: '课程一', sourcePath: 'courses/c1', contentHash: 'h1' }).run();
		await db.insert(courses).values({ slug: 'c2', title: '已下线', sourcePath: 'courses/c2', contentHash: 'h2', active: false }).run();
		await db.insert(contentErrors).values({ file: 'courses/x/course.md', line: 3, message: '缺少 title' }).run();

		expect(await adminOverview(db)).toEqual({ units: 2, people: 1, disabledPeople: 1, pendingFirstLogin: 1, courses: 1, regulations: 0, contentErrors: 1 });
		const content = await contentOverview(db);
		expect(content.courses.map((c) => [c.slug, c.active, c.lessons])).toEqual([['c1', true, 0], ['c2', false, 0]]);
		expect(content.errors).toMatchObject([{ file: 'courses/x/course.md', line: 3, message: '缺少 title' }]);
	});
});
