import type { DB } from './engine.ts';

// drizzle builds a query's SQL from its builder objects on every call, which costs more than
// running it (about 25–75 µs against 5 µs for a small indexed read). A query on every page view
// is built once per database instead, with sql.placeholder('name') for its parameters:
//
//   const checkinsOf = preparedQuery((db) => db.select().from(readingCheckins)
//     .where(eq(readingCheckins.userId, sql.placeholder('userId'))).prepare());
//   await checkinsOf(db).all({ userId });
//
// The prepared query runs through the same driver, so inside a transaction it runs there.

export function preparedQuery<Q>(build: (db: DB) => Q): (db: DB) => Q {
	const byDb = new WeakMap<DB, Q>();
	return (db) => {
		let query = byDb.get(db);
		if (query === undefined) byDb.set(db, (query = build(db)));
		return query;
	};
}
