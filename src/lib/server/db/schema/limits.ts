import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/**
 * Attempts counted against a limit per key and time window (failed competition-code look-ups and
 * guest joins per address). In the database, so every app process counts the same attempts.
 */
export const rateLimitHits = sqliteTable(
	'rate_limit_hits',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** What is limited, e.g. 'competition-code' or 'guest-join'. */
		bucket: text('bucket').notNull(),
		/** Who is limited: usually the client address, possibly with a competition id. */
		key: text('key').notNull(),
		at: integer('at').notNull()
	},
	(t) => [index('rate_limit_hits_bucket_key_at').on(t.bucket, t.key, t.at)]
);
