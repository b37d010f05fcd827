import { defineConfig } from 'drizzle-kit';

// PostgreSQL migrations, from the tables schema-postgres.ts derives from the one schema.
export default defineConfig({
	schema: './src/lib/server/db/schema-postgres.cjs',
	out: './drizzle/postgres',
	dialect: 'postgresql',
	strict: true,
	verbose: true
});
