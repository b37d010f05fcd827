import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Whether `npm start` must build the app first: the build is missing, or something it is made
// from changed after it was made. Content (content/) and migrations (drizzle/) are read at run
// time and need no build; tests are not part of the build.

/** What the build is made from, relative to the project root. */
export const BUILD_INPUTS = ['src', 'static', 'package.json', 'package-lock.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];
const NOT_BUILT = /\.test\.[jt]s$/;

/**
 * Newest modification time (ms) of a file or of the files under a folder; 0 when absent.
 * @param {string} path
 * @returns {number}
 */
export function newestChange(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return NOT_BUILT.test(path) ? 0 : stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
	return newest;
}

/**
 * Why a build is needed ('missing' or 'outdated'), or null when build/ is up to date.
 * @param {string} root the project root
 * @param {string} output the built server's entry, e.g. build/index.js
 */
export function buildNeeded(root, output) {
	const target = join(root, output);
	if (!existsSync(target)) return 'missing';
	const built = statSync(target).mtimeMs;
	return BUILD_INPUTS.some((input) => newestChange(join(root, input)) > built) ? 'outdated' : null;
}
