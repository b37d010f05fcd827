import { building } from '$app/environment';
import { configuredLocation, openDatabase } from './client.ts';

export const DATABASE_LOCATION = configuredLocation();

/**
 * The app's database. On SQLite one engine serves every request (better-sqlite3 is synchronous;
 * the engine serializes writes); on PostgreSQL a connection pool. While `vite build` analyses
 * the server code nothing may touch the real database, so the build gets an in-memory one.
 */
export const db = openDatabase(building ? ':memory:' : DATABASE_LOCATION);
export type { DB } from './client.ts';
