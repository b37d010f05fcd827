import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../db/testing.ts';
import { sessions, users } from '../db/schema/index.ts';
import { ensureUnitByNamePath } from '../org/units.ts';
import { attemptLogin } from '../auth/login.ts';
import { createSession, generateSessionToken, validateSessionToken } from '../auth/sessions.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { createPerson, generateInitialPassword, getPerson, listPeople, resetPassword, setDisabled, updatePerson } from './accounts.ts';

async function setup() {
	const db = await createTestDatabase();
	const branch1 = await ensureUnitByNamePath(db, '市纪委/机关党委/第一党支部');
	const branch2 = await ensureUnitByNamePath(db, '市纪委/机关党委/第二党支部');
	const root = await ensureUnitByNamePath(db, '市纪委');
	const admin = await db.insert(users).values({ username: 'admin', name: '管理员', orgUnitId: root.id, role: 'admin', passwordHash: 'x', mustChangePassword: false }).returning().get();
	return { db, branch1, branch2, root, admin };
}

const fields = { title: '科员', isLeader: false, role: 'learner' as const };

describe('creating people', () => {
	it('creates an account that must change the password, with a generated password shown once', async () => {
		const { db, branch1 } = await setup();
		const result = await createPerson(db, { username: '20260001', name: '王某', orgUnitId: branch1.id, ...fields });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const row = (await db.select().from(users).where(eq(users.id, result.value.id)).get())!;
		expect(row.mustChangePassword).toBe(true);
		expect(row.passwordHash).not.toContain(result.value.initialPassword);
		expect(await verifyPassword(row.passwordHash, result.value.initialPassword)).toBe(true);
		const login = await attemptLogin(db, { username: '20260001', password: result.value.initialPassword, address: '1.1.1.1' });
		expect(login.ok && login.user.mustChangePassword).toBe(true);
	});

	it('uses the password the admin set, and refuses weak passwords, duplicates and missing units', async () => {
		const { db, branch1 } = await setup();
		const ok = await createPerson(db, { username: 'li', name: '李某', orgUnitId: branch1.id, password: 'chushi2026', ...fields });
		expect(ok.ok && ok.value.initialPassword).toBe('chushi2026');
		const bad = await createPerson(db, { username: 'li', name: '', orgUnitId: 999, password: 'short', ...fields });
		expect(bad).toEqual({
			ok: false,
			errors: { username: '工号/用户名“li”已存在', name: '请填写姓名', orgUnitId: '所属单位不存在', password: '密码至少需要 8 位' }
		});
		expect(await db.select().from(users).all()).toHaveLength(2);
	});

	it('generates initial passwords that pass the password rules', () => {
		expect.hasAssertions();
		for (let i = 0; i < 20; i++) expect(generateInitialPassword()).toMatch(/^(?=.*[A-Za-z])(?=.*[2-9])[A-Za-z2-9]{10}$/);
	});
});

describe('editing people', () => {
	it('changes name, unit, title, leader flag and role', async () => {
		const { db, branch1, branch2, admin } = await setup();
		const created = await createPerson(db, { username: 'zhao', name: '赵某', orgUnitId: branch1.id, ...fields });
		if (!created.ok) throw new Error('setup');
		const result = await updatePerson(db, { id: created.value.id, actorId: admin.id, name: '赵某某', orgUnitId: branch2.id, title: '科长', isLeader: true, role: 'organizer' });
		expect(result.ok).toBe(true);
		expect(await getPerson(db, created.value.id)).toMatchObject({ name: '赵某某', unitPath: '市纪委/机关党委/第二党支部', title: '科长', isLeader: true, role: 'organizer' });
	});

	it('does not let an admin take away their own admin role', async () => {
		const { db, root, admin } = await setup();
		const result = await updatePerson(db, { id: admin.id, actorId: admin.id, name: '管理员', orgUnitId: root.id, title: '', isLeader: false, role: 'learner' });
		expect(result.ok).toBe(false);
		expect((await getPerson(db, admin.id))!.role).toBe('admin');
	});
});

describe('passwords and disabling', () => {
	it('resetting a password requires a change at next login and ends every session', async () => {
		const { db, branch1 } = await setup();
		const created = await createPerson(db, { username: 'sun', name: '孙某', orgUnitId: branch1.id, password: 'chushi2026', ...fields });
		if (!created.ok) throw new Error('setup');
		const id = created.value.id;
		await db.update(users).set({ mustChangePassword: false }).where(eq(users.id, id)).run();
		const token = generateSessionToken();
		await createSession(db, token, id);
		await createSession(db, generateSessionToken(), id);

		const reset = await resetPassword(db, { id });
		expect(reset.ok).toBe(true);
		if (!reset.ok) return;
		const row = (await db.select().from(users).where(eq(users.id, id)).get())!;
		expect(row.mustChangePassword).toBe(true);
		expect(await verifyPassword(row.passwordHash, reset.value.password)).toBe(true);
		expect(await verifyPassword(row.passwordHash, 'chushi2026')).toBe(false);
		expect(await db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
		expect((await validateSessionToken(db, token)).user).toBeNull();
	});

	it('refuses a weak reset password and keeps the old one', async () => {
		const { db, branch1 } = await setup();
		const created = await createPerson(db, { username: 'qian', name: '钱某', orgUnitId: branch1.id, password: 'chushi2026', ...fields });
		if (!created.ok) throw new Error('setup');
		expect(await resetPassword(db, { id: created.value.id, password: 'qian12345' })).toEqual({ ok: false, errors: { password: '密码不能包含用户名' } });
		const row = (await db.select().from(users).where(eq(users.id, created.value.id)).get())!;
		expect(await verifyPassword(row.passwordHash, 'chushi2026')).toBe(true);
	});

	it('disabling ends all sessions and blocks login; enabling allows it again', async () => {
		const { db, branch1, admin } = await setup();
		const created = await createPerson(db, { username: 'zhou', name: '周某', orgUnitId: branch1.id, password: 'chushi2026', ...fields });
		if (!created.ok) throw new Error('setup');
		const id = created.value.id;
		const token = generateSessionToken();
		await createSession(db, token, id);
		const other = generateSessionToken();
		await createSession(db, other, admin.id);

		expect(await setDisabled(db, { id, disabled: true, actorId: admin.id })).toEqual({ ok: true });
		expect(await db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
		expect((await validateSessionToken(db, token)).user).toBeNull();
		expect((await validateSessionToken(db, other)).user?.id).toBe(admin.id);
		expect(await attemptLogin(db, { username: 'zhou', password: 'chushi2026', address: '1.1.1.1' })).toEqual({ ok: false, message: '该账号已停用，请联系管理员' });

		expect(await setDisabled(db, { id, disabled: false, actorId: admin.id })).toEqual({ ok: true });
		expect((await attemptLogin(db, { username: 'zhou', password: 'chushi2026', address: '1.1.1.1' })).ok).toBe(true);
	});

	it('an admin cannot disable their own account', async () => {
		const { db, admin } = await setup();
		expect(await setDisabled(db, { id: admin.id, disabled: true, actorId: admin.id })).toEqual({ ok: false, message: '不能停用自己的账号' });
		expect((await getPerson(db, admin.id))!.disabled).toBe(false);
	});
});

describe('listing people', () => {
	it('filters by unit subtree, search text and status, and paginates', async () => {
		const { db, branch1, branch2, admin } = await setup();
		const hash = 'x';
		for (let i = 1; i <= 30; i++) {
			await db.insert(users).values({ username: `b1-${String(i).padStart(2, '0')}`, name: `一支部${i}号`, orgUnitId: branch1.id, passwordHash: hash }).run();
		}
		await db.insert(users).values({ username: 'b2-01', name: '二支部_甲', orgUnitId: branch2.id, passwordHash: hash, title: '支部书记' }).run();
		const committee = await ensureUnitByNamePath(db, '市纪委/机关党委');

		const page2 = await listPeople(db, { unitId: branch1.id, pageSize: 20, page: 2 });
		expect(page2).toMatchObject({ total: 30, pages: 2, page: 2 });
		expect(page2.rows.map((r) => r.username)).toEqual(Array.from({ length: 10 }, (_, i) => `b1-${21 + i}`));
		expect((await listPeople(db, { unitId: committee.id })).total).toBe(31);
		expect((await listPeople(db, { q: '书记' })).rows.map((r) => r.username)).toEqual(['b2-01']);
		// "_" is a LIKE wildcard; searching for it must match it literally.
		expect((await listPeople(db, { q: '_' })).rows.map((r) => r.username)).toEqual(['b2-01']);
		expect((await listPeople(db, { unitId: 12345 })).total).toBe(0);

		await setDisabled(db, { id: page2.rows[0].id, disabled: true, actorId: admin.id });
		expect((await listPeople(db, { status: 'disabled' })).rows.map((r) => r.username)).toEqual(['b1-21']);
		expect((await listPeople(db, { status: 'active' })).total).toBe(31);
	});
});
