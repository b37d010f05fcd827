import { and, asc, count, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { orgUnits, users } from '../db/schema/index.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { recordLearningProgress } from '../reading-lists/progress.ts';
import { getUnit, inScopeCondition, unitNamePaths, type Scope } from '../org/units.ts';
import { ROLES, type Role } from '../../vocabulary.ts';

export const ROLE_LABELS: Record<Role, string> = { learner: '学员', organizer: '组织员', admin: '管理员' };
export const ROLE_VALUES = ROLES;

export const USERNAME_MAX = 64;
export const PERSON_NAME_MAX = 50;
export const TITLE_MAX = 100;

export type PersonRow = {
	id: number;
	username: string;
	name: string;
	title: string;
	role: Role;
	isLeader: boolean;
	disabled: boolean;
	mustChangePassword: boolean;
	orgUnitId: number;
	unitPath: string;
};

export type PeoplePage = { rows: PersonRow[]; total: number; page: number; pages: number; pageSize: number };

export type PeopleQuery = {
	/** Matches username, name or title. */
	q?: string;
	/** Only people in this unit's subtree. */
	unitId?: number | null;
	status?: 'active' | 'disabled' | 'all';
	page?: number;
	pageSize?: number;
	/** Organizer scope; null (admins) sees everyone. */
	scope?: Scope;
};

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A searchable, paginated list of people, ordered by unit then username. */
export async function listPeople(db: DB, query: PeopleQuery = {}): Promise<PeoplePage> {
	const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 500);
	const conditions = [inScopeCondition(query.scope ?? null)];
	const q = query.q?.trim();
	if (q) {
		const pattern = `%${escapeLike(q)}%`;
		conditions.push(
			or(
				sql`${users.username} like ${pattern} escape '\\'`,
				sql`${users.name} like ${pattern} escape '\\'`,
				sql`${users.title} like ${pattern} escape '\\'`
			)!
		);
	}
	if (query.unitId) {
		const unit = await getUnit(db, query.unitId);
		// An unknown unit matches nobody rather than everybody.
		conditions.push(unit ? like(orgUnits.path, `${unit.path}%`) : sql`0 = 1`);
	}
	if (query.status === 'active') conditions.push(isNull(users.disabledAt));
	if (query.status === 'disabled') conditions.push(isNotNull(users.disabledAt));
	const where = and(...conditions);

	const total = (await db.select({ n: count() }).from(users).innerJoin(orgUnits, eq(users.orgUnitId, orgUnits.id)).where(where).get())!.n;
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(Math.trunc(query.page ?? 1), 1), pages);
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			name: users.name,
			title: users.title,
			role: users.role,
			isLeader: users.isLeader,
			disabledAt: users.disabledAt,
			mustChangePassword: users.mustChangePassword,
			orgUnitId: users.orgUnitId
		})
		.from(users)
		.innerJoin(orgUnits, eq(users.orgUnitId, orgUnits.id))
		.where(where)
		.orderBy(asc(orgUnits.path), asc(users.username))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all();
	const paths = await unitNamePaths(db);
	return {
		rows: rows.map(({ disabledAt, ...r }) => ({ ...r, disabled: disabledAt !== null, unitPath: paths.get(r.orgUnitId) ?? '' })),
		total,
		page,
		pages,
		pageSize
	};
}

export async function getPerson(db: DB, id: number): Promise<PersonRow | undefined> {
	const user = await db.select().from(users).where(eq(users.id, id)).get();
	if (!user) return undefined;
	return {
		id: user.id,
		username: user.username,
		name: user.name,
		title: user.title,
		role: user.role,
		isLeader: user.isLeader,
		disabled: user.disabledAt !== null,
		mustChangePassword: user.mustChangePassword,
		orgUnitId: user.orgUnitId,
		unitPath: (await unitNamePaths(db)).get(user.orgUnitId) ?? ''
	};
}

export async function usernameExists(db: DB, username: string): Promise<boolean> {
	return !!await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
}

/** Returns a Chinese message when the username cannot be used, or null. */
export function usernameProblem(username: string): string | null {
	if (!username) return '工号/用户名不能为空';
	if (username.length > USERNAME_MAX) return `工号/用户名不能超过 ${USERNAME_MAX} 个字符`;
	if (/\s/.test(username)) return '工号/用户名不能包含空格';
	return null;
}

// Without look-alike characters (0/O, 1/l/I), because initial passwords are read out or printed.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random initial password of 10 characters that passes passwordProblem. */
export function generateInitialPassword(): string {
	for (;;) {
		const bytes = crypto.getRandomValues(new Uint8Array(10));
		// 256 is not a multiple of the alphabet size; the slight bias does not matter for a
		// one-time password that must be changed at first login.
		const password = Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
		if (!passwordProblem(password)) return password;
	}
}

export type PersonFields = {
	name: string;
	orgUnitId: number;
	title: string;
	isLeader: boolean;
	role: Role;
};

export type FieldResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

async function fieldProblems(db: DB, input: PersonFields): Promise<Record<string, string>> {
	const errors: Record<string, string> = {};
	if (!input.name.trim()) errors.name = '请填写姓名';
	else if (input.name.trim().length > PERSON_NAME_MAX) errors.name = `姓名不能超过 ${PERSON_NAME_MAX} 个字`;
	if (input.title.trim().length > TITLE_MAX) errors.title = `职务不能超过 ${TITLE_MAX} 个字`;
	if (!await getUnit(db, input.orgUnitId)) errors.orgUnitId = '所属单位不存在';
	return errors;
}

/**
 * Creates an account that must change its password at first login (unless the caller says the
 * password was chosen by its owner, as create-admin does). When no password is given a random one
 * is generated; either way it is returned once so the admin can hand it over.
 */
export async function createPerson(
	db: DB,
	input: PersonFields & { username: string; password?: string; mustChangePassword?: boolean }
): Promise<FieldResult<{ id: number; initialPassword: string }>> {
	const username = input.username.trim();
	const errors = await fieldProblems(db, input);
	const uProblem = usernameProblem(username);
	if (uProblem) errors.username = uProblem;
	else if (await usernameExists(db, username)) errors.username = `工号/用户名“${username}”已存在`;
	const password = input.password || generateInitialPassword();
	const pProblem = passwordProblem(password, username);
	if (pProblem) errors.password = pProblem;
	if (Object.keys(errors).length) return { ok: false, errors };

	const passwordHash = await hashPassword(password);
	// Re-checked after the slow hash: another request may have taken the username meanwhile.
	if (await usernameExists(db, username)) return { ok: false, errors: { username: `工号/用户名“${username}”已存在` } };
	const row = await db
		.insert(users)
		.values({
			username,
			name: input.name.trim(),
			orgUnitId: input.orgUnitId,
			title: input.title.trim(),
			isLeader: input.isLeader,
			role: input.role,
			passwordHash,
			mustChangePassword: input.mustChangePassword ?? true
		})
		.returning({ id: users.id })
		.get();
	return { ok: true, value: { id: row.id, initialPassword: password } };
}

/** Edits name, unit, title, leader flag and role. An admin cannot take away their own admin role. */
export async function updatePerson(db: DB, input: PersonFields & { id: number; actorId: number }): Promise<FieldResult<null>> {
	const person = await db.select().from(users).where(eq(users.id, input.id)).get();
	if (!person) return { ok: false, errors: { _form: '人员不存在' } };
	const errors = await fieldProblems(db, input);
	if (input.id === input.actorId && person.role === 'admin' && input.role !== 'admin') {
		errors.role = '不能取消自己的管理员角色（以免无人能管理系统），请由其他管理员操作';
	}
	if (Object.keys(errors).length) return { ok: false, errors };
	await db.transaction(async (tx) => {
		await tx.update(users)
			.set({ name: input.name.trim(), orgUnitId: input.orgUnitId, title: input.title.trim(), isLeader: input.isLeader, role: input.role })
			.where(eq(users.id, input.id))
			.run();
		// A move or the 领导干部 flag can bring the person into reading lists they have already done.
		if (input.orgUnitId !== person.orgUnitId || input.isLeader !== person.isLeader) await recordLearningProgress(tx, input.id);
	});
	return { ok: true, value: null };
}

/**
 * Sets a new password (given, or generated) that must be changed at next login, and ends every
 * session of the account so whoever held it is logged out.
 */
export async function resetPassword(
	db: DB,
	input: { id: number; password?: string }
): Promise<FieldResult<{ password: string }>> {
	const person = await db.select().from(users).where(eq(users.id, input.id)).get();
	if (!person) return { ok: false, errors: { _form: '人员不存在' } };
	const password = input.password || generateInitialPassword();
	const problem = passwordProblem(password, person.username);
	if (problem) return { ok: false, errors: { password: problem } };
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, input.id)).run();
		await invalidateUserSessions(tx as unknown as DB, input.id);
	});
	return { ok: true, value: { password } };
}

/** Disabling ends every session at once; enabling lets the person log in again. */
export async function setDisabled(
	db: DB,
	input: { id: number; disabled: boolean; actorId: number },
	now = new Date()
): Promise<{ ok: true } | { ok: false; message: string }> {
	const person = await db.select().from(users).where(eq(users.id, input.id)).get();
	if (!person) return { ok: false, message: '人员不存在' };
	if (input.disabled && input.id === input.actorId) return { ok: false, message: '不能停用自己的账号' };
	await db.transaction(async (tx) => {
		await tx.update(users)
			.set({ disabledAt: input.disabled ? (person.disabledAt ?? now) : null })
			.where(eq(users.id, input.id))
			.run();
		if (input.disabled) await invalidateUserSessions(tx as unknown as DB, input.id);
		else if (person.disabledAt) await recordLearningProgress(tx, input.id); // back in the lists of their unit
	});
	return { ok: true };
}
