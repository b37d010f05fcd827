import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { healthStatus } from '$lib/server/health';
import type { RequestHandler } from './$types';

// Public on purpose (monitoring): counts only, unless an administrator is asking.
export const GET: RequestHandler = async ({ locals }) =>
	json(await healthStatus(db, { details: locals.user?.role === 'admin' }), { headers: { 'cache-control': 'no-store' } });
