// Route discovery and fake request events, shared by the tests that call every route module
// directly: route-guards.test.ts (every load, action and handler refuses who it must) and
// loads-record-nothing.test.ts (no page load writes a counted record).
import type { RequestEvent } from '@sveltejs/kit';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SessionUser } from '$lib/server/auth/sessions';

const ROUTES_DIR = join(process.cwd(), 'src/routes');
const ROUTE_FILE = /^\+(page\.server|layout\.server|server)\.ts$/;

/** The URL path a route file serves, with (groups) removed: src/routes/(admin)/admin/x → /admin/x. */
export function urlPathOf(file: string): string {
	const dir = file.replace(/\/[^/]+$/, '');
	const segments = dir.split('/').slice(3).filter((s) => !/^\(.*\)$/.test(s));
	return '/' + segments.join('/');
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return walk(full);
		return ROUTE_FILE.test(entry.name) ? ['/' + relative(process.cwd(), full).split('\\').join('/')] : [];
	});
}

export const globbed = import.meta.glob(['/src/routes/**/+page.server.ts', '/src/routes/**/+layout.server.ts', '/src/routes/**/+server.ts']);
/** Every route module on disk, as /src/routes/… paths. */
export const onDisk = walk(ROUTES_DIR).sort();

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'] as const;

export type Handler = (event: RequestEvent) => unknown;
export type Call = { file: string; kind: 'load' | 'action' | 'handler'; name: string; method: string; fn: Handler };

/** The load, the form actions and the HTTP handlers a route module exports. */
export async function callsOf(file: string): Promise<Call[]> {
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

export async function call(file: string, name: string): Promise<Call> {
	const found = (await callsOf(file)).find((c) => c.name === name);
	if (!found) throw new Error(`${file} has no ${name}`);
	return found;
}

export type EventOptions = {
	user: SessionUser | null;
	cookies?: Record<string, string>;
	search?: string;
	form?: FormData | (() => FormData);
	signal?: AbortSignal;
	/** The value of a route parameter ([id], [slug], optional [[code]] …) for this file; '1' when absent. */
	param?: (file: string, name: string) => string;
};

export function fakeEvent(c: Call, options: EventOptions): RequestEvent & { jar: Map<string, string> } {
	const params: Record<string, string> = {};
	const path = urlPathOf(c.file).replace(/\[\[?(?:\.\.\.)?([^[\]=]+)(?:=[^\]]+)?\]\]?/g, (_, name: string) => {
		params[name] = options.param?.(c.file, name) ?? '1';
		return params[name];
	});
	const search = options.search ?? (c.kind === 'action' ? (c.name === 'default' ? '' : `?/${c.name}`) : '');
	const url = new URL(`http://localhost${path}${search}`);
	const hasBody = !['GET', 'HEAD'].includes(c.method);
	const form = typeof options.form === 'function' ? options.form() : options.form;
	const request = new Request(url, {
		method: c.method,
		headers: { origin: 'http://localhost' },
		body: hasBody ? (form ?? new FormData()) : undefined,
		signal: options.signal
	});
	const routeId = c.file.replace(/^\/src\/routes/, '').replace(/\/[^/]+$/, '') || '/';
	const jar = new Map(Object.entries(options.cookies ?? {}));
	const event = {
		locals: { user: options.user, session: null },
		params,
		url,
		request,
		route: { id: routeId },
		cookies: {
			get: (name: string) => jar.get(name),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (name: string, value: string) => void jar.set(name, value),
			delete: (name: string) => void jar.delete(name),
			serialize: () => ''
		},
		fetch: async () => await Promise.reject(new Error('fetch is not expected in a guarded route')),
		getClientAddress: () => '127.0.0.1',
		platform: undefined,
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		parent: async () => ({ user: options.user }),
		depends: () => {},
		untrack: <T>(fn: () => T) => fn(),
		jar
	};
	return event as unknown as RequestEvent & { jar: Map<string, string> };
}

export type Outcome = { thrown: unknown; returned: unknown; jar: Map<string, string> };

/** Runs a load/action/handler; streams it opens are closed right after. */
export async function run(c: Call, options: EventOptions): Promise<Outcome> {
	const abort = new AbortController();
	const event = fakeEvent(c, { ...options, signal: abort.signal });
	try {
		const returned = await c.fn(event);
		return { thrown: null, returned, jar: event.jar };
	} catch (e) {
		return { thrown: e, returned: undefined, jar: event.jar };
	} finally {
		abort.abort();
	}
}
