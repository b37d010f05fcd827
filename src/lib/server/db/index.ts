import { building } from '$app/environment';
import { openDatabase } from './client.ts';

export const DATABASE_PATH = process.env.DATABASE_PATH ?? 'data/qingfeng.db';

/**
 * The app's single connection. better-sqlite3 is synchronous, so one connection serves all
 * requests. While `vite build` analyses the server code nothing may touch the real file, so the
 * build gets a throwaway in-memory database.
 */
export const db = openDatabase(building ? ':memory:' : DATABASE_PATH);
export type { DB } from './client.ts';
