// Starts the built app for the browser tests on a fresh database in tests/.tmp, with the
// e2e fixture content (short reading minimums) plus the shipped content.
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve('tests/.tmp/e2e');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
process.env.DATABASE_PATH = resolve(dir, 'e2e.db');
process.env.FILES_DIR = resolve(dir, 'files');
process.env.BODY_SIZE_LIMIT ??= '20M'; // as npm start sets it
process.env.CONTENT_DIR ??= resolve('tests/e2e/fixtures/content');
process.env.ORIGIN = `http://localhost:${process.env.PORT}`;
process.env.QF_DEMO = '1';
// A computed specifier keeps svelte-check from type-checking the generated build.
await import(pathToFileURL(resolve('build/index.js')).href);
