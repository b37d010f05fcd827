import { openDatabase } from './client.ts';

export const DATABASE_PATH = process.env.DATABASE_PATH ?? 'data/qingfeng.db';

/** The app's single connection. better-sqlite3 is synchronous, so one connection serves all requests. */
export const db = openDatabase(DATABASE_PATH);
export type { DB } from './client.ts';
