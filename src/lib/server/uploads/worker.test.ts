import { describe, expect, it } from 'vitest';
import { runWorker } from './worker.ts';

describe('running parsers in a worker', () => {
	it('returns what the worker posts', async () => {
		const source = `const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage(workerData.input.n * 2);`;
		expect(await runWorker(source, {}, { n: 21 }, { timeoutMs: 5000, maxMemoryMb: 64 })).toEqual({ ok: true, value: 42 });
	});

	it('stops a worker that takes too long, and the server goes on', async () => {
		const outcome = await runWorker('for (;;) {}', {}, null, { timeoutMs: 300, maxMemoryMb: 64 });
		expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
	});

	it('lets a worker that runs out of its memory die alone', async () => {
		const source = `const keep = []; for (;;) keep.push(new Array(100000).fill({ x: Math.random() }));`;
		const outcome = await runWorker(source, {}, null, { timeoutMs: 20_000, maxMemoryMb: 32 });
		expect(outcome).toMatchObject({ ok: false, reason: 'memory' });
	});

	it('reports a worker that throws', async () => {
		expect(await runWorker(`throw new Error('boom')`, {}, null, { timeoutMs: 5000, maxMemoryMb: 64 })).toMatchObject({ ok: false, reason: 'crashed', detail: 'boom' });
	});
});
