import { beforeAll, describe, expect, it } from 'vitest';
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { applyMigrations } from '$lib/server/db/client';
import { users } from '$lib/server/db/schema';
import { ensureUnitByNamePath } from '$lib/server/org/units';
import type { SessionUser } from '$lib/server/auth/sessions';

// Every load, every form action and every HTTP handler of the admin console (and of the
// organizer pages) is called as an anonymous visitor and as a lower role. Each must refuse by
// itself — a guard in a layout does not protect actions — and must write nothing. A new route
// that forgets its guard makes this test fail without anyone having to list it here.

const ROUTES_DIR = join(process.cwd(), 'src/routes');
const ROUTE_FILE = /^\+(page\.server|layout\.server|server)\.ts$/;

/** The URL path a route file serves, with (groups) removed: src/routes/(admin)/admin/x → /admin/x. */
function urlPathOf(file: string): string {
	const dir = file.replace(/\/[^/]+$/, '');
	const segments = dir.split('/').slice(1).filter((s) => !/^\(.*\)$/.test(s));
	return '/' + segments.join('/');
}

type Requirement = 'admin' | 'organizer';

/** Which guard a route file needs: by its group folder, or by its URL when it lives elsewhere. */
function requirementOf(file: string): Requirement | null {
	const url = urlPathOf(file);
	if (file.includes('/(admin)/') || url === '/admin' || url.startsWith('/admin/')) return 'admin';
	if (file.includes('/(org)/') || url === '/org' || url.startsWith('/org/')) return 'organizer';
	return null;
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return walk(full);
		return ROUTE_FILE.test(entry.name) ? ['/' + relative(process.cwd(), full).split('\\').join('/')] : [];
	});
}

const globbed = import.meta.glob(['/src/routes/**/+page.server.ts', '/src/routes/**/+layout.server.ts', '/src/routes/**/+server.ts']);
const onDisk = walk(ROUTES_DIR);
const guarded = onDisk.filter((f) => requirementOf(f) !== null).sort();

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'] as const;

type Handler = (event: RequestEvent) => unknown;
type Call = { file: string; kind: 'load' | 'action' | 'handler'; name: string; method: string; fn: Handler };

async function callsOf(file: string): Promise<Call[]> {
	const mod = (await globbed[file]()) as Record<string, unknown>;
	const calls: Call[] = [];
	if (typeof mod.load === 'function') calls.push({ file, kind: 'load', name: 'load', method: 'GET', fn: mod.load as Handler });
	if (mod.actions && typeof mod.actions === 'object') {
		for (const [name, fn] of Object.entries(mod.actions as Record<string, unknown>)) {
			if (typeof fn === 'function') calls.push({ file, kind: 'action', name, method: 'POST', fn: fn as Handler });
		}
	}
	for (const method of HTTP_METHODS) {
		if (typeof mod[method] === 'function') {
			calls.push({ file, kind: 'handler', name: method, method: method === 'fallback' ? 'POST' : method, fn: mod[method] as Handler });
		}
	}
	return calls;
}

let unitId = 0;
const people: Record<'learner' | 'organizer' | 'admin', SessionUser> = {} as never;

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
		confirm: 'Guard12345',
		id: '1',
		userId: '1',
		title2: '',
		isLeader: 'on'
	};
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	form.set('file', new File(['工号,姓名,所属单位\nguard-import,越权导入,越权单位\n'], 'people.csv', { type: 'text/csv' }));
	return form;
}

function fakeEvent(file: string, call: Call, user: SessionUser | null): RequestEvent {
	const params: Record<string, string> = {};
	const path = urlPathOf(file).replace(/\[(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]/g, (_, name: string) => {
		params[name] = '1';
		return '1';
	});
	const search = call.kind === 'action' ? (call.name === 'default' ? '' : `?/${call.name}`) : '';
	const url = new URL(`http://localhost${path}${search}`);
	const hasBody = !['GET', 'HEAD'].includes(call.method);
	const request = new Request(url, { method: call.method, headers: { origin: 'http://localhost' }, body: hasBody ? plausibleForm() : undefined });
	const routeId = file.replace(/^\/src\/routes/, '').replace(/\/[^/]+$/, '') || '/';
	const event = {
		locals: { user, session: null },
		params,
		url,
		request,
		route: { id: routeId },
		cookies: { get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, serialize: () => '' },
		fetch: () => Promise.reject(new Error('fetch is not expected in a guarded route')),
		getClientAddress: () => '127.0.0.1',
		platform: undefined,
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		parent: async () => ({ user }),
		depends: () => {},
		untrack: <T>(fn: () => T) => fn()
	};
	return event as unknown as RequestEvent;
}

/** Runs a load/action/handler and returns what it threw (or null when it returned normally). */
async function thrownBy(call: Call, user: SessionUser | null): Promise<unknown> {
	try {
		await call.fn(fakeEvent(call.file, call, user));
		return null;
	} catch (e) {
		return e;
	}
}

function describeThrown(e: unknown): string {
	if (e === null) return 'returned normally (no guard?)';
	if (isRedirect(e)) return `redirect ${e.status} → ${e.location}`;
	if (isHttpError(e)) return `error ${e.status}: ${e.body.message}`;
	return `threw ${e instanceof Error ? e.message : String(e)}`;
}

const toLogin = (e: unknown) => isRedirect(e) && e.location.startsWith('/login');
const forbidden = (e: unknown) => isHttpError(e) && e.status === 403;

function totalChanges(): number {
	return (db.$client.prepare('select total_changes() as n').get() as { n: number }).n;
}

beforeAll(() => {
	applyMigrations(db);
	const unit = ensureUnitByNamePath(db, '守卫测试单位/第一党支部');
	unitId = unit.id;
	for (const role of ['learner', 'organizer', 'admin'] as const) {
		const row = db
			.insert(users)
			.values({ username: `guard-${role}`, name: `${role}`, role, orgUnitId: unit.id, passwordHash: 'x', mustChangePassword: false })
			.returning()
			.get();
		people[role] = { id: row.id, username: row.username, name: row.name, role, orgUnitId: unit.id, isLeader: false, mustChangePassword: false };
	}
});

describe('route discovery', () => {
	it('finds every route module under (admin), and the glob agrees with the file system', () => {
		const globbedGuarded = Object.keys(globbed).filter((f) => requirementOf(f) !== null).sort();
		expect(globbedGuarded).toEqual(guarded);
		expect(guarded).toEqual(
			expect.arrayContaining([
				'/src/routes/(admin)/+layout.server.ts',
				'/src/routes/(admin)/admin/+page.server.ts',
				'/src/routes/(admin)/admin/units/+page.server.ts',
				'/src/routes/(admin)/admin/units/[id]/+page.server.ts',
				'/src/routes/(admin)/admin/people/+page.server.ts',
				'/src/routes/(admin)/admin/people/new/+page.server.ts',
				'/src/routes/(admin)/admin/people/[id]/+page.server.ts',
				'/src/routes/(admin)/admin/import/+page.server.ts',
				'/src/routes/(admin)/admin/import/template.csv/+server.ts',
				'/src/routes/(admin)/admin/content/+page.server.ts'
			])
		);
	});

	it('finds loads, actions and handlers to check in the admin modules', async () => {
		const calls = (await Promise.all(guarded.filter((f) => requirementOf(f) === 'admin').map(callsOf))).flat();
		const names = calls.map((c) => `${c.file.replace('/src/routes/(admin)', '')} ${c.name}`);
		expect(names).toEqual(
			expect.arrayContaining([
				'/+layout.server.ts load',
				'/admin/units/[id]/+page.server.ts move',
				'/admin/people/[id]/+page.server.ts disable',
				'/admin/import/+page.server.ts import',
				'/admin/import/template.csv/+server.ts GET',
				'/admin/content/+page.server.ts reload'
			])
		);
	});
});

describe.each(guarded)('%s', (file) => {
	const requirement = requirementOf(file)!;
	// Roles below the requirement: learners everywhere, organizers on admin pages too.
	const lowerRoles: ('learner' | 'organizer')[] = requirement === 'admin' ? ['learner', 'organizer'] : ['learner'];

	it('refuses anonymous visitors (redirect to /login) and lower roles (403), writing nothing', async () => {
		const calls = await callsOf(file);
		const problems: string[] = [];
		for (const call of calls) {
			const before = totalChanges();
			const anonymous = await thrownBy(call, null);
			if (!toLogin(anonymous)) problems.push(`${call.name} as anonymous: ${describeThrown(anonymous)}`);
			for (const role of lowerRoles) {
				const result = await thrownBy(call, people[role]);
				if (!forbidden(result) && !toLogin(result)) problems.push(`${call.name} as ${role}: ${describeThrown(result)}`);
			}
			const written = totalChanges() - before;
			if (written !== 0) problems.push(`${call.name}: ${written} row(s) written by refused requests`);
		}
		expect(problems).toEqual([]);
		const stray = db.select().from(users).where(eq(users.username, 'guard-import')).all();
		expect(stray).toEqual([]);
	});

	it(`lets the required role (${requirement}) past the guard on loads`, async () => {
		const loads = (await callsOf(file)).filter((c) => c.kind === 'load' || c.name === 'GET');
		const user = people[requirement];
		const refused: string[] = [];
		for (const call of loads) {
			const result = await thrownBy(call, user);
			if (forbidden(result) || toLogin(result)) refused.push(`${call.name}: ${describeThrown(result)}`);
		}
		// Every route is covered by the first test; this one proves the guard is a role check,
		// not a blanket refusal that would also pass it.
		expect(refused).toEqual([]);
	});
});
