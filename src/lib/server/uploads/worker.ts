import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Parsing an upload (exceljs, and later .docx readers) is slow, synchronous work in chunks that
// would stall every other request on the one event loop. It runs in a worker thread instead,
// with its own memory cap and a time limit, so a file that is huge or crafted to be slow costs
// one import its answer and nobody else anything.

export type WorkerLimits = {
	/** The worker is stopped after this long. */
	timeoutMs: number;
	/** Heap of the worker (V8 old generation); beyond it the worker dies, not the server. */
	maxMemoryMb: number;
};

export type WorkerOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'memory' | 'crashed'; detail: string };

/**
 * Runs a worker on one input and returns the one message it posts back. The worker's source is
 * CommonJS text (imported with `?raw`, so it travels inside the built app) and finds its
 * packages through `modules`, paths resolved here: the built server's chunks live in folders of
 * their own where a worker file next to its caller would not exist.
 */
export async function runWorker<T>(source: string, modules: Record<string, string>, input: unknown, limits: WorkerLimits): Promise<WorkerOutcome<T>> {
	return await new Promise((resolve) => {
		const worker = new Worker(source, {
			eval: true,
			workerData: { modules, input },
			resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, limits.maxMemoryMb / 4) }
		});
		let settled = false;
		const settle = (outcome: WorkerOutcome<T>) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			void worker.terminate();
			resolve(outcome);
		};
		const timer = setTimeout(() => settle({ ok: false, reason: 'timeout', detail: `worker stopped after ${limits.timeoutMs} ms` }), limits.timeoutMs);
		worker.once('message', (value: T) => settle({ ok: true, value }));
		worker.once('error', (e: Error & { code?: string }) =>
			settle({ ok: false, reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed', detail: e.message })
		);
		worker.once('exit', (code) => settle({ ok: false, reason: 'crashed', detail: `worker exited with code ${code}` }));
	});
}

const require = createRequire(import.meta.url);

/** A package's entry file, resolved from the app (for runWorker's `modules`). */
export function resolvePackage(name: string): string {
	return require.resolve(name);
}
