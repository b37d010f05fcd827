import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { attendances, users } from '../db/schema/index.ts';
import { createUnit } from '../org/units.ts';
import { createSession } from './activities.ts';
import { membersForTicking, saveTickedAttendance } from './attendance.ts';
import { parseLocalDateTime } from '../../time.ts';

const at = (s: string) => parseLocalDateTime(s)!;

/** 机关党委 with 第十一、第二 and 第一支部 (created in that order), two people each, and a session of the 党委. */
async function setup() {
	const db = await createTestDatabase();
	const root = await createUnit(db, { parentId: null, name: '机关党委', kind: '党委' });
	const units = {
		eleventh: await createUnit(db, { parentId: root.id, name: '第十一支部', kind: '党支部' }),
		second: await createUnit(db, { parentId: root.id, name: '第二支部', kind: '党支部' }),
		first: await createUnit(db, { parentId: root.id, name: '第一支部', kind: '党支部' })
	};
	const person = async (username: string, name: string, unitId: number) =>
		await db.insert(users).values({ username, name, orgUnitId: unitId, passwordHash: '!', mustChangePassword: false }).returning().get();
	const organizer = await person('z0001', '组织员', root.id);
	await person('z1101', '张伟', units.eleventh.id);
	await person('z1102', '李娜', units.eleventh.id);
	await person('z0201', '王芳', units.second.id);
	await person('z0202', '张敏', units.second.id);
	await person('z0101', '刘洋', units.first.id);
	await person('z0102', '陈静', units.first.id);
	const session = await createSession(db, organizer.id, {
		kind: '集中学习',
		title: '集中学习',
		unitId: root.id,
		startsAt: at('2026-03-10T14:00'),
		endsAt: at('2026-03-10T16:00'),
		place: '',
		speaker: '',
		courseId: null,
		regulationId: null,
		notes: '',
		checkinGraceMinutes: 20
	});
	return { db, units, organizer, session };
}

describe('the attendance tick list', () => {
	it('lists members unit by unit in unit order (第一、第二 … 第十一), not by character code or creation', async () => {
		const { db, session } = await setup();
		const members = await membersForTicking(db, session);
		expect([...new Set(members.map((m) => m.unitName))]).toEqual(['机关党委', '第一支部', '第二支部', '第十一支部']);
	});

	it('filters by part of the name or of the 工号', async () => {
		const { db, session } = await setup();
		expect((await membersForTicking(db, session, { query: '张' })).map((m) => m.name)).toEqual(['张敏', '张伟']);
		expect((await membersForTicking(db, session, { query: 'Z110' })).map((m) => m.username)).toEqual(['z1101', 'z1102']);
		expect(await membersForTicking(db, session, { query: '不存在' })).toEqual([]);
	});

	it('ticks a whole unit at once, among the people the form listed', async () => {
		const { db, units, organizer, session } = await setup();
		const listed = (await membersForTicking(db, session)).map((m) => m.id);
		const wang = (await db.select().from(users).where(eq(users.username, 'z0201')).get())!;
		const result = await saveTickedAttendance(db, { activityId: session.id, actorId: organizer.id, listed, ticked: [wang.id], tickWholeUnit: units.eleventh.id });
		expect(result).toEqual({ ok: true, added: 3, removed: 0 });
		const attended = await db.select({ username: users.username }).from(attendances).innerJoin(users, eq(users.id, attendances.userId)).all();
		expect(attended.map((a) => a.username).sort()).toEqual(['z0201', 'z1101', 'z1102']);
		// A filtered list (only 张) ticks only the listed people of that unit.
		const onlyZhang = (await membersForTicking(db, session, { query: '张' })).map((m) => m.id);
		expect(await saveTickedAttendance(db, { activityId: session.id, actorId: organizer.id, listed: onlyZhang, ticked: [], tickWholeUnit: units.second.id })).toEqual({ ok: true, added: 1, removed: 1 });
		const after = await db.select({ username: users.username }).from(attendances).innerJoin(users, eq(users.id, attendances.userId)).all();
		expect(after.map((a) => a.username).sort()).toEqual(['z0201', 'z0202', 'z1102']);
	});
});
