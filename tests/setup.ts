import { afterAll } from 'vitest';
import { closeTestDatabases } from '../src/lib/server/db/testing.ts';

// Each test file's databases are closed (and on PostgreSQL dropped) when the file is done.
afterAll(closeTestDatabases);
