import { sql } from 'drizzle-orm';
import { selectRow, type DB } from './db/client.ts';

/**
 * The time every app process agrees on, for the instants that decide things between processes:
 * competition deadlines and answer receipts. With SQLite there is one process and its own clock.
 * With several processes on PostgreSQL, each reads the database server's clock (halfway through a
 * round trip) at start and every minute, and runs on local time plus that offset, so a deadline
 * means the same instant whichever process takes the answer.
 */
export class ServerClock {
	#offset = 0;
	#timer: ReturnType<typeof setInterval> | null = null;

	readonly now = (): number => Date.now() + this.#offset;

	get offsetMs(): number {
		return this.#offset;
	}

	async sync(db: DB): Promise<void> {
		if (db.$engine.dialect !== 'postgres') return;
		let best: { rtt: number; offset: number } | null = null;
		for (let i = 0; i < 3; i++) {
			const sent = Date.now();
			const row = await selectRow<{ t: number }>(db, sql`select (extract(epoch from clock_timestamp()) * 1000)::bigint as t`);
			const received = Date.now();
			const rtt = received - sent;
			const offset = Number(row!.t) - (sent + rtt / 2);
			if (!best || rtt < best.rtt) best = { rtt, offset };
		}
		this.#offset = Math.round(best!.offset);
	}

	/** Syncs now and then every minute (no-op on SQLite). */
	async start(db: DB): Promise<void> {
		if (db.$engine.dialect !== 'postgres' || this.#timer) return;
		await this.sync(db);
		this.#timer = setInterval(() => void this.sync(db).catch(() => {}), 60_000);
		this.#timer.unref?.();
	}
}

const CLOCK_KEY = Symbol.for('qingfeng.server.clock');
const clockHolder = globalThis as typeof globalThis & { [CLOCK_KEY]?: ServerClock };

/** The process's one clock (kept on globalThis, so a dev-server reload keeps its offset): live competitions and exam deadlines. */
export const appClock: ServerClock = (clockHolder[CLOCK_KEY] ??= new ServerClock());
