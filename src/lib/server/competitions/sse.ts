import type { CompetitionEngine } from './engine.ts';
import type { StreamKind, Subscriber } from './broadcaster.ts';

/**
 * Chunks a stream may fall behind before it is dropped. Every update is a full snapshot, so a
 * slow reader loses nothing by being closed: it reconnects and gets the current state. A short
 * queue keeps a stalled phone from holding a pile of stale snapshots in the server's memory.
 */
export const MAX_QUEUED_CHUNKS = 20;
const RETRY = new TextEncoder().encode('retry: 2000\n\n');

/** The version a reconnecting EventSource says it saw (the id of its last event), if any. */
export function lastEventId(request: Request): number | null {
	const value = Number(request.headers.get('last-event-id'));
	return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * A server-sent-events response for one competition, or null when it does not exist. The first
 * event is a full snapshot, so a phone that reconnects (EventSource does so by itself, sending
 * Last-Event-ID — possibly to another app process) needs no replay of missed events. The
 * subscription ends when the client goes away.
 */
export async function competitionEventStream(
	engine: CompetitionEngine,
	competitionId: number,
	kind: StreamKind,
	playerId: number | null,
	options: { signal?: AbortSignal; viewerId?: number | null; lastEventId?: number | null } = {}
): Promise<Response | null> {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	let closed = false;
	let unsubscribe: (() => void) | null = null;
	const cleanup = () => {
		closed = true;
		unsubscribe?.();
		unsubscribe = null;
		options.signal?.removeEventListener('abort', cleanup);
	};
	const body = new ReadableStream<Uint8Array>({
		start(c) {
			controller = c;
			c.enqueue(RETRY);
		},
		cancel: cleanup
	});
	const sub: Subscriber = {
		playerId,
		viewerId: options.viewerId ?? null,
		write(chunk) {
			if (closed) return true;
			if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return false;
			controller.enqueue(chunk);
			return true;
		},
		close() {
			if (closed) return;
			cleanup();
			try {
				controller.close();
			} catch {
				// already closed by the client
			}
		}
	};
	unsubscribe = await engine.subscribe(competitionId, sub, kind, options.lastEventId ?? null);
	if (!unsubscribe) return null;
	if (options.signal?.aborted) cleanup();
	else options.signal?.addEventListener('abort', cleanup);
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-store, no-transform',
			'x-accel-buffering': 'no'
		}
	});
}
