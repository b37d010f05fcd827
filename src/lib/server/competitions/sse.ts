import type { CompetitionEngine } from './engine.ts';
import type { Subscriber } from './state.ts';

/**
 * Chunks a stream may fall behind before it is dropped. Every update is a full snapshot, so a
 * slow reader loses nothing by being closed: it reconnects and gets the current state. A short
 * queue keeps a stalled phone from holding a pile of stale snapshots in the server's memory.
 */
export const MAX_QUEUED_CHUNKS = 20;
const RETRY = new TextEncoder().encode('retry: 2000\n\n');

/**
 * A server-sent-events response for one competition. The first event is a full snapshot, so a phone
 * that reconnects (EventSource does so by itself, sending Last-Event-ID) needs no replay of
 * missed events. The subscription ends when the client goes away.
 */
export function liveEventStream(
	engine: CompetitionEngine,
	competitionId: number,
	kind: 'player' | 'screen',
	playerId: number | null,
	signal?: AbortSignal,
	/** The host behind a screen stream: limits how many one person keeps open. */
	viewerId: number | null = null
): Response | null {
	let unsubscribe: (() => void) | null = null;
	let closed = false;
	const cleanup = () => {
		closed = true;
		unsubscribe?.();
		unsubscribe = null;
		signal?.removeEventListener('abort', cleanup);
	};
	let found = true;
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			const sub: Subscriber = {
				playerId,
				viewerId,
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
			controller.enqueue(RETRY);
			unsubscribe = await engine.subscribe(competitionId, sub, kind);
			if (!unsubscribe) {
				found = false;
				closed = true;
				controller.close();
			}
		},
		cancel: cleanup
	});
	if (!found) return null;
	signal?.addEventListener('abort', cleanup);
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-store, no-transform',
			'x-accel-buffering': 'no'
		}
	});
}
