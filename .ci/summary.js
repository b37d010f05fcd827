// Adds up the vitest and Playwright results in a test log and prints one closing line,
// "tests: N passed, M failed", so the CI log states plainly how many tests ran.
import { readFileSync } from 'node:fs';

const ESC = String.fromCharCode(27); // colour codes around the runners' figures
const text = readFileSync(process.argv[2], 'utf8').replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
let passed = 0;
let failed = 0;
// vitest: "Tests  420 passed (422)" or "Tests  2 failed | 420 passed (422)"
for (const m of text.matchAll(/^\s*Tests\s+(.*)$/gm)) {
	passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
	failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
}
// Playwright: "  11 passed (45.4s)" and "  1 failed" on lines of their own
for (const m of text.matchAll(/^\s{2}(\d+) (passed|failed|flaky)( \(.*\))?$/gm)) {
	if (m[2] === 'passed') passed += Number(m[1]);
	else failed += Number(m[1]);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
