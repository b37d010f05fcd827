import { sql } from 'drizzle-orm';
import type { DB } from '../../src/lib/server/db/client.ts';

// A disk-full or constraint failure in the middle of a write, on either engine: a trigger that
// refuses updates of one column, to prove that a failed write leaves memory and tables as they were.

export async function refuseUpdates(db: DB, table: string, column: string, message: string): Promise<void> {
	if (db.$engine.dialect === 'postgres') {
		await db.run(sql.raw(`create or replace function qf_refuse() returns trigger as $$ begin raise exception '${message}'; end $$ language plpgsql`));
		await db.run(sql.raw(`create trigger qf_refuse before update of ${column} on ${table} for each row execute function qf_refuse()`));
	} else {
		await db.run(sql.raw(`create trigger qf_refuse before update of ${column} on ${table} begin select raise(abort, '${message}'); end`));
	}
}

export async function allowUpdates(db: DB, table: string): Promise<void> {
	await db.run(sql.raw(db.$engine.dialect === 'postgres' ? `drop trigger qf_refuse on ${table}` : 'drop trigger qf_refuse'));
}
