import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { healthStatus } from '$lib/server/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json(await healthStatus(db), { headers: { 'cache-control': 'no-store' } });
