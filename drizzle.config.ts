import { defineConfig } from 'drizzle-kit';

// SQLite migrations (the embedded default). PostgreSQL's: drizzle.postgres.config.ts.
// `npm run db:generate` runs both.
export default defineConfig({
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle/sqlite',
	dialect: 'sqlite',
	strict: true,
	verbose: true
});
