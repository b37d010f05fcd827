import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNeeded } from './build-freshness.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project() {
	root = mkdtempSync(join(tmpdir(), 'qf-build-'));
	mkdirSync(join(root, 'src/routes'), { recursive: true });
	mkdirSync(join(root, 'build'));
	const file = (path: string, seconds: number) => {
		writeFileSync(join(root, path), 'x');
		utimesSync(join(root, path), seconds, seconds);
	};
	file('src/routes/+page.svelte', 1000);
	file('package-lock.json', 1000);
	return file;
}

describe('npm start builds only when needed', () => {
	it('builds when there is no build yet', () => {
		project();
		expect(buildNeeded(root, 'build/index.js')).toBe('missing');
	});

	it('does not build again when nothing changed since the last build', () => {
		const file = project();
		file('build/index.js', 2000);
		expect(buildNeeded(root, 'build/index.js')).toBeNull();
		// Tests and content are not part of the build.
		file('src/routes/page.test.ts', 3000);
		expect(buildNeeded(root, 'build/index.js')).toBeNull();
	});

	it('builds again after the code or the dependencies changed', () => {
		const file = project();
		file('build/index.js', 2000);
		file('src/routes/+page.svelte', 3000);
		expect(buildNeeded(root, 'build/index.js')).toBe('outdated');
		file('src/routes/+page.svelte', 1000);
		file('package-lock.json', 3000);
		expect(buildNeeded(root, 'build/index.js')).toBe('outdated');
	});
});
