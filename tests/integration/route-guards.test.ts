import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { snapshotAllRows } from '$lib/server/db/testing';

// The routes' own database module, replaced by a fresh database on the engine under test.
vi.mock('$lib/server/db', async () => {
	const { createTestDatabase } = await import('$lib/server/db/testing');
	return { db: await createTestDatabase() };
});
import { contentErrors, examAttempts, examCertificates, exams, orgUnits, questionSets, sessions, users } from '$lib/server/db/schema';
import { formatCode, newCertificateCode, VERIFY_FAILURES } from '$lib/server/exams/certificates';
import { ensureUnitByNamePath } from '$lib/server/org/units';
import { loadCompetitions } from '$lib/server/content/competitions/load';
import { createCompetition, competitionTitle } from '$lib/server/competitions/competitions';
import { guestCookieName, signGuest } from '$lib/server/competitions/guests';
import { competitionEngine } from '$lib/server/competitions/instance';
import { fastAnswer } from '$lib/server/competitions/answer-request';
import { GUEST_JOINS_PER_ADDRESS } from '$lib/server/competitions/engine';
import type { SessionUser } from '$lib/server/auth/sessions';
import { writeContentDir } from './competition-fixture';
import { call, callsOf, fakeEvent, globbed, onDisk, run as runWith, urlPathOf, type Call, type EventOptions } from './route-harness';

// Every load, every form action and every HTTP handler under src/routes is called as an
// anonymous visitor and must refuse by itself (a guard in a layout does not protect actions),
// writing nothing. Admin and organizer routes are also called as lower roles. The only
// exceptions are the few routes in PUBLIC_ROUTES below, each with its reason and its own checks
// (guest endpoints must still refuse a missing or forged guest identity). A new route that
// forgets its guard makes this test fail without anyone having to list it here.

/**
 * Routes that answer anonymous visitors on purpose. Keep this list short: every entry needs a
 * reason, and a test of its own in "public routes" below.
 */
const PUBLIC_ROUTES: Record<string, string> = {
	'/src/routes/+layout.server.ts': 'root layout: passes the visitor’s own session user to the page (null when anonymous), so the login page can render',
	'/src/routes/(auth)/login/+page.server.ts': 'the login form itself',
	'/src/routes/(auth)/logout/+page.server.ts': 'logging out needs no session: it only ends the one the request carries',
	'/src/routes/healthz/+server.ts': 'health probe for monitoring: status and content counts, no personal data; file names and parser messages only for administrators',
	'/src/routes/competitions/join/+page.server.ts': 'joining a competition by code or QR: invited guests (no account) join competitions that allow guests; joining with an account and joining any other competition still require login',
	'/src/routes/competitions/[id]/play/+page.server.ts': 'the phone view of a player; a guest proves who they are with the competition’s signed cookie, anyone else is sent to join or log in',
	'/src/routes/competitions/[id]/play/answer/+server.ts': 'guest player endpoint: 401 without a valid signed guest cookie of this competition (or a joined account)',
	'/src/routes/competitions/[id]/play/buzz/+server.ts': 'guest player endpoint: 401 without a valid signed guest cookie of this competition (or a joined account)',
	'/src/routes/competitions/[id]/play/stake/+server.ts': 'guest player endpoint: 401 without a valid signed guest cookie of this competition (or a joined account)',
	'/src/routes/competitions/[id]/play/events/+server.ts': 'guest player event stream: 401 without a valid signed guest cookie of this competition (or a joined account)',
	'/src/routes/verify/[[code]]/+page.server.ts': 'public check of a 合格证明 by its 100-bit code (the QR code on the paper): name, unit, exam, score and date only; wrong codes are rate-limited per address'
};

/**
 * Organizer-only routes that live outside /org: the projector and the host's remote show the
 * join code, who has answered, and carry the host's buttons.
 */
const ORGANIZER_OUTSIDE_ORG: Record<string, string> = {
	'/src/routes/competitions/[id]/screen/+page.server.ts': 'projector view with the host buttons',
	'/src/routes/competitions/[id]/screen/events/+server.ts': 'projector stream, with the host controls’ counts and who has answered',
	'/src/routes/competitions/[id]/remote/+page.server.ts': 'the host’s phone remote (start, next, reveal, end)'
};

/** URL segments that mean "for whoever runs the event": such a route must be classified as organizer or admin. */
const HOST_LIKE_SEGMENT = /^(host|screen|remote|projector|console|manage)$/;

type Requirement = 'admin' | 'organizer' | 'user';

/** Which guard a route file needs: public routes are listed; everything else needs at least a login. */
function requirementOf(file: string): Requirement | null {
	if (file in PUBLIC_ROUTES) return null;
	const url = urlPathOf(file);
	if (file.includes('/(admin)/') || url === '/admin' || url.startsWith('/admin/')) return 'admin';
	if (file.includes('/(org)/') || url === '/org' || url.startsWith('/org/') || file in ORGANIZER_OUTSIDE_ORG) return 'organizer';
	return 'user';
}

const guarded = onDisk.filter((f) => requirementOf(f) !== null);

let unitId = 0;
type Person = 'learner' | 'organizer' | 'admin' | 'otherOrganizer';
const people: Record<Person, SessionUser> = {} as never;
/** A competition in the guard unit that allows guests, one that does not, and a guest player's cookie. */
const competitions = { guests: { id: 0, code: '' }, accountsOnly: { id: 0, code: '' }, guestPlayerId: 0, guestCookie: '' };

/** A form that would change something if an unguarded action accepted it. */
function plausibleForm(): FormData {
	const form = new FormData();
	const fields: Record<string, string> = {
		username: 'guard-test',
		name: '越权测试',
		title: '科员',
		role: 'admin',
		orgUnitId: String(unitId),
		unitId: String(unitId),
		parentId: String(unitId),
		kind: '党支部',
		password: 'Guard12345',
		passwordMode: 'random',
		confirm: 'Guard12345',
		current: 'Guard12345',
		id: '1',
		userId: '1',
		code: competitions.accountsOnly.code,
		title2: '',
		isLeader: 'on'
	};
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	form.set('file', new File(['工号,姓名,所属单位\nguard-import,越权导入,越权单位\n'], 'people.csv', { type: 'text/csv' }));
	return form;
}

/** Parameter values: live routes get the real test competition so their guards see a competition that exists. */
function paramValue(file: string, name: string): string {
	if (file.startsWith('/src/routes/competitions/') && name === 'id') return String(competitions.guests.id);
	return '1';
}

/** A request as this file's tests make it: a plausible form for actions, the test competition for live routes. */
async function run(c: Call, options: Omit<EventOptions, 'param'>) {
	return await runWith(c, { form: plausibleForm, param: paramValue, ...options });
}

/** What a call threw (null when it returned normally). */
async function thrownBy(c: Call, user: SessionUser | null, cookies?: Record<string, string>): Promise<unknown> {
	return (await run(c, { user, cookies })).thrown;
}

function describeThrown(e: unknown): string {
	if (e === null) return 'returned normally (no guard?)';
	if (isRedirect(e)) return `redirect ${e.status} → ${e.location}`;
	if (isHttpError(e)) return `error ${e.status}: ${e.body.message}`;
	return `threw ${e instanceof Error ? e.message : String(e)}`;
}

const toLogin = (e: unknown) => isRedirect(e) && e.location.startsWith('/login');
const status = (e: unknown, ...codes: number[]) => isHttpError(e) && codes.includes(e.status);
const forbidden = (e: unknown) => status(e, 403);
/** How an anonymous request may be refused: sent to log in, or (for endpoints) 401/403. */
const refusesAnonymous = (e: unknown) => toLogin(e) || status(e, 401, 403);

/** Rows written since a snapshot: '' when nothing changed, else the first difference. */
const snapshot = () => snapshotAllRows(db);
function writtenSince(before: string, after: string): string {
	if (before === after) return '';
	const a = before.split('\n');
	const b = after.split('\n');
	const i = a.findIndex((line, k) => line !== b[k]);
	return `${b[i] ?? a[i]}`.slice(0, 200);
}

async function insertPerson(username: string, role: SessionUser['role'], orgUnitId: number): Promise<SessionUser> {
	const row = await db.insert(users).values({ username, name: username, role, orgUnitId, passwordHash: 'x', mustChangePassword: false }).returning().get();
	const unit = (await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId)).get())!;
	return { id: row.id, username: row.username, name: row.name, role, orgUnitId, unitPath: unit.path, isLeader: false, mustChangePassword: false };
}

beforeAll(async () => {
	const unit = await ensureUnitByNamePath(db, '守卫测试单位/第一党支部');
	const otherUnit = await ensureUnitByNamePath(db, '守卫测试单位/第二党支部');
	unitId = unit.id;
	for (const role of ['learner', 'organizer', 'admin'] as const) people[role] = await insertPerson(`guard-${role}`, role, unit.id);
	people.otherOrganizer = await insertPerson('guard-organizer-other', 'organizer', otherUnit.id);

	const loaded = await loadCompetitions(db, writeContentDir());
	if (loaded.errors.length) throw new Error(JSON.stringify(loaded.errors));
	const setId = (await db.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, 'competition/test-bank')).get())!.id;
	const newCompetition = async (allowGuests: boolean) => {
		const result = await createCompetition(db, {
			title: allowGuests ? '守卫测试竞赛（可嘉宾）' : '守卫测试竞赛',
			ownerId: people.organizer.id,
			orgUnitId: unit.id,
			format: 'individual',
			teamMode: null,
			teamDepth: null,
			teamNames: [],
			allowGuests,
			stakeSeconds: 10,
			stakes: [10, 20, 30],
			rounds: [{ kind: 'required', setId, count: 2, points: 100, seconds: 20 }]
		});
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return { id: result.competitionId, code: result.code };
	};
	competitions.guests = await newCompetition(true);
	competitions.accountsOnly = await newCompetition(false);
	const guest = await competitionEngine.join(competitions.guests.id, { kind: 'guest', name: '受邀嘉宾' });
	if (!guest.ok) throw new Error(guest.message);
	competitions.guestPlayerId = guest.player.id;
	competitions.guestCookie = signGuest((await competitionTitle(db, competitions.guests.id))!.guestSecret, competitions.guests.id, guest.player.id);
});

afterAll(async () => {
	await competitionEngine.shutdown();
});

describe('route discovery', () => {
	it('finds every route module, and the glob agrees with the file system', () => {
		expect(Object.keys(globbed).sort()).toEqual(onDisk);
		expect(onDisk).toEqual(
			expect.arrayContaining([
				'/src/routes/(admin)/+layout.server.ts',
				'/src/routes/(admin)/admin/people/[id]/+page.server.ts',
				'/src/routes/(admin)/admin/import/+page.server.ts',
				'/src/routes/(admin)/admin/import/template.csv/+server.ts',
				'/src/routes/(app)/courses/[slug]/quiz/+page.server.ts',
				'/src/routes/+page.server.ts',
				'/src/routes/account/password/+page.server.ts',
				...Object.keys(PUBLIC_ROUTES),
				...Object.keys(ORGANIZER_OUTSIDE_ORG)
			])
		);
	});

	it('keeps the public allow-list small and every entry explained', () => {
		expect(Object.keys(PUBLIC_ROUTES).length).toBeLessThanOrEqual(12);
		for (const reason of Object.values(PUBLIC_ROUTES)) expect(reason.length).toBeGreaterThan(10);
		// Nothing under the admin console or the organizer area may ever be public.
		expect(Object.keys(PUBLIC_ROUTES).filter((f) => /\/\((admin|org)\)\/|\/(admin|org)\//.test(f))).toEqual([]);
	});

	it('classifies host, projector and remote routes as organizer (or admin) routes', () => {
		const unclassified = onDisk.filter((f) => {
			const hostLike = urlPathOf(f).split('/').some((s) => HOST_LIKE_SEGMENT.test(s));
			return hostLike && requirementOf(f) !== 'organizer' && requirementOf(f) !== 'admin';
		});
		expect(unclassified).toEqual([]);
	});

	it('finds loads, actions and handlers to check', async () => {
		const calls = (await Promise.all(guarded.map(callsOf))).flat();
		const names = calls.map((c) => `${urlPathOf(c.file)} ${c.name}`);
		expect(names).toEqual(
			expect.arrayContaining([
				'/ load',
				'/admin/units/[id] move',
				'/admin/people/[id] disable',
				'/admin/import import',
				'/admin/import/template.csv GET',
				'/admin/content reload',
				'/account/password default',
				'/competitions/[id]/screen load',
				'/competitions/[id]/screen next',
				'/competitions/[id]/screen/events GET',
				'/competitions/[id]/remote end'
			])
		);
	});
});

describe.each(guarded)('%s', (file) => {
	const requirement = requirementOf(file)!;
	// Roles below the requirement: learners on organizer pages, learners and organizers on admin pages.
	const lowerRoles: Person[] = requirement === 'admin' ? ['learner', 'organizer'] : requirement === 'organizer' ? ['learner'] : [];
	const allowedRole: Person = requirement === 'user' ? 'learner' : requirement;

	it(`refuses anonymous visitors${lowerRoles.length ? ` and ${lowerRoles.join(', ')}` : ''}, writing nothing`, async () => {
		const calls = await callsOf(file);
		const problems: string[] = [];
		for (const c of calls) {
			const before = await snapshot();
			const anonymous = await thrownBy(c, null);
			if (!refusesAnonymous(anonymous)) problems.push(`${c.name} as anonymous: ${describeThrown(anonymous)}`);
			for (const role of lowerRoles) {
				const result = await thrownBy(c, people[role]);
				// Organizer routes may answer 404 to learners (ids outside one's reach do not leak).
				const refused = forbidden(result) || toLogin(result) || (requirement === 'organizer' && status(result, 404));
				if (!refused) problems.push(`${c.name} as ${role}: ${describeThrown(result)}`);
			}
			const written = writtenSince(before, await snapshot());
			if (written) problems.push(`${c.name}: written by refused requests: ${written}`);
		}
		expect(problems).toEqual([]);
		expect(await db.select().from(users).where(eq(users.username, 'guard-import')).all()).toEqual([]);
	});

	it(`lets the required role (${allowedRole}) past the guard on loads`, async () => {
		const loads = (await callsOf(file)).filter((c) => c.kind === 'load' || c.name === 'GET');
		const refused: string[] = [];
		for (const c of loads) {
			const result = await thrownBy(c, people[allowedRole]);
			if (forbidden(result) || toLogin(result) || status(result, 401)) refused.push(`${c.name}: ${describeThrown(result)}`);
		}
		// Every route is covered by the first test; this one proves the guard is a role check,
		// not a blanket refusal that would also pass it.
		expect(refused).toEqual([]);
	});
});

describe('organizer-only live routes outside /org', () => {
	it.each(Object.keys(ORGANIZER_OUTSIDE_ORG))('%s: an organizer of another branch gets 404, so the competition does not leak', async (file) => {
		const calls = await callsOf(file);
		const problems: string[] = [];
		for (const c of calls) {
			const result = await thrownBy(c, people.otherOrganizer);
			if (!status(result, 404)) problems.push(`${c.name}: ${describeThrown(result)}`);
		}
		expect(calls.length).toBeGreaterThan(0);
		expect(problems).toEqual([]);
	});
});

describe('public routes', () => {
	const checks: Record<string, () => Promise<void>> = {
		'/src/routes/+layout.server.ts': async () => {
			const load = await call('/src/routes/+layout.server.ts', 'load');
			expect(await run(load, { user: null })).toMatchObject({ thrown: null, returned: { user: null } });
		},

		'/src/routes/(auth)/login/+page.server.ts': async () => {
			const file = '/src/routes/(auth)/login/+page.server.ts';
			expect(await run(await call(file, 'load'), { user: null })).toMatchObject({ thrown: null, returned: {} });
			const sessionsBefore = (await db.select({ n: count() }).from(sessions).get())!.n;
			const form = new FormData();
			form.set('username', people.admin.username);
			form.set('password', 'not-the-password-1');
			const attempt = await run(await call(file, 'default'), { user: null, form });
			expect(isActionFailure(attempt.returned) && attempt.returned.status).toBe(400);
			expect(attempt.jar.size).toBe(0);
			expect((await db.select({ n: count() }).from(sessions).get())!.n).toBe(sessionsBefore);
		},

		'/src/routes/(auth)/logout/+page.server.ts': async () => {
			const file = '/src/routes/(auth)/logout/+page.server.ts';
			const before = await snapshot();
			const load = await thrownBy(await call(file, 'load'), null);
			expect(isRedirect(load) && load.location).toBe('/');
			expect(toLogin(await thrownBy(await call(file, 'default'), null))).toBe(true);
			expect(writtenSince(before, await snapshot())).toBe('');
		},

		'/src/routes/healthz/+server.ts': async () => {
			const problem = { file: 'regulations/机密文件名.md', line: 7, message: '编号不连续：第三条之后是第五条' };
			await db.insert(contentErrors).values(problem).run();
			try {
				const get = await call('/src/routes/healthz/+server.ts', 'GET');
				const response = (await run(get, { user: null })).returned as Response;
				expect(response.status).toBe(200);
				const text = await response.text();
				// Status and counts only: no file names or parser messages for anonymous callers.
				expect(JSON.parse(text)).toEqual({ status: 'ok', courses: expect.any(Number), regulations: expect.any(Number), contentErrors: 1 });
				for (const secret of ['机密文件名', 'regulations/', '编号不连续']) expect(text).not.toContain(secret);
				for (const p of Object.values(people)) expect(text).not.toContain(p.username);
				// Learners and organizers see the same; administrators see the details.
				for (const role of ['learner', 'organizer'] as const) expect(await ((await run(get, { user: people[role] })).returned as Response).text()).toBe(text);
				const forAdmin = await ((await run(get, { user: people.admin })).returned as Response).json();
				expect(forAdmin).toMatchObject({ contentErrors: 1, contentErrorDetails: [problem] });
			} finally {
				await db.delete(contentErrors).run();
			}
		},

		'/src/routes/competitions/join/+page.server.ts': async () => {
			const file = '/src/routes/competitions/join/+page.server.ts';
			const load = await call(file, 'load');
			// The bare join form, and the guest form of a competition that allows guests, are public…
			expect(await run(load, { user: null })).toMatchObject({ thrown: null, returned: { competition: null, loggedIn: false } });
			expect(await run(load, { user: null, search: `?code=${competitions.guests.code}` })).toMatchObject({
				thrown: null,
				returned: { competition: { allowGuests: true } }
			});
			// …a competition for accounts only sends the visitor to log in.
			expect(toLogin((await run(load, { user: null, search: `?code=${competitions.accountsOnly.code}` })).thrown)).toBe(true);

			const before = await snapshot();
			const asAccount = new FormData();
			asAccount.set('code', competitions.guests.code);
			expect(toLogin((await run(await call(file, 'join'), { user: null, form: asAccount })).thrown)).toBe(true);
			const guestOfClosedCompetition = new FormData();
			guestOfClosedCompetition.set('code', competitions.accountsOnly.code);
			guestOfClosedCompetition.set('name', '冒名嘉宾');
			expect(toLogin((await run(await call(file, 'guest'), { user: null, form: guestOfClosedCompetition })).thrown)).toBe(true);
			expect(writtenSince(before, await snapshot())).toBe('');

			// A guest who joins gets the competition's signed cookie and lands on the phone view.
			const guest = new FormData();
			guest.set('code', competitions.guests.code);
			guest.set('name', '新嘉宾');
			const joined = await run(await call(file, 'guest'), { user: null, form: guest });
			expect(isRedirect(joined.thrown) && joined.thrown.location).toBe(`/competitions/${competitions.guests.id}/play`);
			expect(joined.jar.get(guestCookieName(competitions.guests.id))).toMatch(/^\d+\.[A-Za-z0-9_-]{32}$/);

			// Guest joins are counted per client address: a script on one address is soon asked to wait.
			let refused: unknown = null;
			for (let i = 0; i < GUEST_JOINS_PER_ADDRESS && !refused; i++) {
				const another = new FormData();
				another.set('code', competitions.guests.code);
				another.set('name', `脚本嘉宾${i}`);
				const outcome = await run(await call(file, 'guest'), { user: null, form: another });
				if (isActionFailure(outcome.returned)) refused = outcome.returned;
			}
			expect(refused).toMatchObject({ status: 400, data: { errors: { _form: '嘉宾加入过于频繁，请稍等一分钟后再试' } } });
		},

		'/src/routes/competitions/[id]/play/+page.server.ts': async () => {
			const load = await call('/src/routes/competitions/[id]/play/+page.server.ts', 'load');
			const name = guestCookieName(competitions.guests.id);
			// To the bare join form: walking competition ids must not reveal any competition's join code.
			const sentToJoin = (e: unknown) => isRedirect(e) && e.location === '/competitions/join';
			for (const cookies of await forgedIdentities()) {
				const outcome = await run(load, { user: null, cookies });
				expect(sentToJoin(outcome.thrown), JSON.stringify(cookies)).toBe(true);
			}
			// A learner who has not joined is sent to join as well, never shown the competition.
			expect(sentToJoin((await run(load, { user: people.learner })).thrown)).toBe(true);
			const valid = await run(load, { user: null, cookies: { [name]: competitions.guestCookie } });
			expect(valid).toMatchObject({ thrown: null, returned: { competitionId: competitions.guests.id, snapshot: { me: { playerId: competitions.guestPlayerId, name: '受邀嘉宾', isGuest: true } } } });
		},

		'/src/routes/verify/[[code]]/+page.server.ts': async () => {
			const file = '/src/routes/verify/[[code]]/+page.server.ts';
			const load = await call(file, 'load');
			const exam = await db
				.insert(exams)
				.values({ title: '守卫测试考试', unitId, audience: 'all', paperMode: 'random', sections: [], opensAt: 0, closesAt: 1, timeLimitMinutes: 10, passScore: 6, totalPoints: 10, seedSecret: 's', createdAt: 0, updatedAt: 0 })
				.returning()
				.get();
			const attempt = await db.insert(examAttempts).values({ examId: exam.id, userId: people.learner.id, number: 1, unitId, paper: [], totalPoints: 10, startedAt: 0, deadlineAt: 1, closedAt: 1, closeReason: 'submitted', score: 9, correctCount: 9, passed: true }).returning().get();
			const code = newCertificateCode();
			const issuedAt = Date.UTC(2026, 10, 2, 2);
			await db.insert(examCertificates).values({ code, examId: exam.id, userId: people.learner.id, attemptId: attempt.id, name: '守卫学员', unitName: '第一党支部', examTitle: '守卫测试考试', score: 9, totalPoints: 10, issuedAt }).run();
			// The empty form, and a typed code (any case, with dashes) sent to its own address.
			expect(await runWith(load, { user: null, param: () => '' })).toMatchObject({ thrown: null, returned: { code: null, result: null } });
			const typed = (await runWith(load, { user: null, param: () => '', search: `?code=${formatCode(code).toLowerCase()}` })).thrown;
			expect(isRedirect(typed) && typed.location).toBe(`/verify/${code}`);
			// A genuine code shows name, unit, exam, score and date — nothing that identifies the account.
			const shown = await runWith(load, { user: null, param: () => code });
			expect(shown.thrown).toBeNull();
			const result = (shown.returned as { result: Record<string, unknown> }).result;
			expect(result).toEqual({ ok: true, code: formatCode(code), name: '守卫学员', unitName: '第一党支部', examTitle: '守卫测试考试', score: 9, totalPoints: 10, issuedAt, revokedAt: null });
			expect(JSON.stringify(shown.returned)).not.toContain(people.learner.username);
			// Wrong codes: a clear refusal, and after VERIFY_FAILURES.limit of them a wait, even for a genuine code.
			for (let i = 0; i < VERIFY_FAILURES.limit; i++) {
				const miss = await runWith(load, { user: null, param: () => `WRONG${i}` });
				expect((miss.returned as { result: { ok: boolean; message: string } }).result).toMatchObject({ ok: false, message: expect.stringContaining('没有找到') });
			}
			const limited = await runWith(load, { user: null, param: () => code });
			expect((limited.returned as { result: { ok: boolean; message: string } }).result).toMatchObject({ ok: false, message: expect.stringContaining('输错次数过多') });
		},

		'/src/routes/competitions/[id]/play/answer/+server.ts': async () => await checkGuestEndpoint('/src/routes/competitions/[id]/play/answer/+server.ts', 'POST'),
		'/src/routes/competitions/[id]/play/buzz/+server.ts': async () => await checkGuestEndpoint('/src/routes/competitions/[id]/play/buzz/+server.ts', 'POST'),
		'/src/routes/competitions/[id]/play/stake/+server.ts': async () => await checkGuestEndpoint('/src/routes/competitions/[id]/play/stake/+server.ts', 'POST'),
		'/src/routes/competitions/[id]/play/events/+server.ts': async () => await checkGuestEndpoint('/src/routes/competitions/[id]/play/events/+server.ts', 'GET')
	};

	/** No cookie, garbage, a forged signature, another competition's genuine cookie, and a cookie for another player id. */
	async function forgedIdentities(): Promise<Record<string, string>[]> {
		const name = guestCookieName(competitions.guests.id);
		const otherCompetitionSecret = (await competitionTitle(db, competitions.accountsOnly.id))!.guestSecret;
		const [playerId, signature] = competitions.guestCookie.split('.');
		return [
			{},
			{ [name]: 'guest' },
			{ [name]: `${playerId}.${'A'.repeat(32)}` },
			{ [name]: `${Number(playerId) + 1}.${signature}` },
			{ [name]: signGuest(otherCompetitionSecret, competitions.accountsOnly.id, Number(playerId)) },
			{ [guestCookieName(competitions.accountsOnly.id)]: signGuest(otherCompetitionSecret, competitions.accountsOnly.id, Number(playerId)) }
		];
	}

	async function checkGuestEndpoint(file: string, method: string) {
		const handler = await call(file, method);
		const before = await snapshot();
		const problems: string[] = [];
		for (const cookies of await forgedIdentities()) {
			const thrown = await thrownBy(handler, null, cookies);
			if (!status(thrown, 401)) problems.push(`${JSON.stringify(cookies)}: ${describeThrown(thrown)}`);
		}
		const learner = await thrownBy(handler, people.learner);
		if (!status(learner, 401)) problems.push(`learner who has not joined: ${describeThrown(learner)}`);
		expect(problems).toEqual([]);
		expect(writtenSince(before, await snapshot())).toBe('');
		// The genuine guest gets past the identity check (to the body check, or the stream).
		const genuine = await run(handler, { user: null, cookies: { [guestCookieName(competitions.guests.id)]: competitions.guestCookie } });
		expect(status(genuine.thrown, 401)).toBe(false);
		expect(genuine.thrown === null || status(genuine.thrown, 400)).toBe(true);
	}

	it('the fast path of live answers (hooks.server.ts) passes every request it may not answer on to the route, body intact', async () => {
		const c = await call('/src/routes/competitions/[id]/play/answer/+server.ts', 'POST');
		const before = await snapshot();
		const jsonEvent = (cookies: Record<string, string>, user: SessionUser | null, body: string) => {
			const event = fakeEvent(c, { user, cookies, param: paramValue });
			event.request = new Request(event.request.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			return event;
		};
		const answer = JSON.stringify({ questionId: 1, clientId: 'fastpath-1', response: ['B'] });
		for (const cookies of await forgedIdentities()) expect(await fastAnswer(jsonEvent(cookies, null, answer)), JSON.stringify(cookies)).toBeNull();
		expect(await fastAnswer(jsonEvent({}, people.learner, answer))).toBeNull();
		expect(writtenSince(before, await snapshot())).toBe('');
		// The genuine guest with a body the route refuses: passed on with the same bytes, which the route then refuses.
		const guest = { [guestCookieName(competitions.guests.id)]: competitions.guestCookie };
		for (const body of ['{"questionId":', '[1]', JSON.stringify({ questionId: 1, clientId: 'x', response: [] }), JSON.stringify({ pad: 'x'.repeat(5000) })]) {
			const event = jsonEvent(guest, null, body);
			expect(await fastAnswer(event)).toBeNull();
			expect(await event.request.text()).toBe(body);
		}
	});

	it('has a check for every public route, and every public route exists', () => {
		expect(Object.keys(checks).sort()).toEqual(Object.keys(PUBLIC_ROUTES).sort());
		expect(onDisk).toEqual(expect.arrayContaining(Object.keys(PUBLIC_ROUTES)));
	});

	it.each(Object.keys(PUBLIC_ROUTES))('%s answers anonymous visitors only as intended', async (file) => {
		await checks[file]();
	});
});
