// Fan-out of competition events to the open server-sent-event streams of this process: who is
// subscribed, the framing, heartbeats, limits per person and per stream. It knows nothing of the
// rules: the engine hands it ready events, serialized once and written as the same bytes to every
// subscriber of a kind.

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': hb\n\n');
const HEARTBEAT_SLICES = 15;

/**
 * Streams one player (or one host) may hold open per competition. Each one is a socket and a full
 * snapshot per update; a phone needs one, a host a projector and a phone. The oldest goes first,
 * since that is the tab the person left behind.
 */
export const MAX_STREAMS_PER_VIEWER = 3;

/**
 * An open SSE connection. `write` returns false when the client is hopelessly behind (it is then
 * closed: every event is a full snapshot, so it loses nothing by reconnecting). `viewerId` is the
 * user behind a screen stream (the host), so one person's streams can be limited.
 */
export type Subscriber = { playerId: number | null; viewerId?: number | null; write(chunk: Uint8Array): boolean; close(): void };
export type StreamKind = 'player' | 'screen';

/** One SSE event: `id` lets a reconnecting stream say what it saw (Last-Event-ID). */
export function sseEvent(event: string, id: string | number, data: unknown): Uint8Array {
	return encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

type Audience = { players: Set<Subscriber>; screens: Set<Subscriber>; byPlayer: Map<number, Set<Subscriber>> };

export class Broadcaster {
	#audiences = new Map<number, Audience>();
	#heartbeat: ReturnType<typeof setInterval> | null = null;
	readonly #heartbeatMs: number;
	readonly #timers: boolean;
	/** Called when the last stream of a competition closes. */
	onEmpty: (competitionId: number) => void = () => {};

	constructor(options: { heartbeatMs?: number; timers?: boolean } = {}) {
		this.#heartbeatMs = options.heartbeatMs ?? 15_000;
		this.#timers = options.timers ?? true;
	}

	#audience(competitionId: number): Audience {
		let a = this.#audiences.get(competitionId);
		if (!a) this.#audiences.set(competitionId, (a = { players: new Set(), screens: new Set(), byPlayer: new Map() }));
		return a;
	}

	/** Adds a stream; `first` are the events it gets right away (a full snapshot). Returns the unsubscribe function. */
	add(competitionId: number, sub: Subscriber, kind: StreamKind, first: Uint8Array[]): () => void {
		const a = this.#audience(competitionId);
		if (kind === 'screen') {
			a.screens.add(sub);
			if (sub.viewerId != null) this.#limit(a, [...a.screens].filter((s) => s.viewerId === sub.viewerId));
		} else {
			a.players.add(sub);
			if (sub.playerId !== null) {
				let set = a.byPlayer.get(sub.playerId);
				if (!set) a.byPlayer.set(sub.playerId, (set = new Set()));
				set.add(sub);
				this.#limit(a, [...set]);
			}
		}
		for (const chunk of first) sub.write(chunk);
		this.#startHeartbeat();
		return () => this.#remove(competitionId, sub);
	}

	#remove(competitionId: number, sub: Subscriber): void {
		const a = this.#audiences.get(competitionId);
		if (!a) return;
		a.players.delete(sub);
		a.screens.delete(sub);
		if (sub.playerId !== null) {
			const set = a.byPlayer.get(sub.playerId);
			set?.delete(sub);
			if (set && !set.size) a.byPlayer.delete(sub.playerId);
		}
		if (!a.players.size && !a.screens.size) {
			this.#audiences.delete(competitionId);
			this.onEmpty(competitionId);
		}
	}

	/** Closes the oldest of one person's streams (sets keep insertion order) beyond the limit. */
	#limit(a: Audience, streams: Subscriber[]): void {
		for (const old of streams.slice(0, Math.max(0, streams.length - MAX_STREAMS_PER_VIEWER))) {
			a.players.delete(old);
			a.screens.delete(old);
			if (old.playerId !== null) a.byPlayer.get(old.playerId)?.delete(old);
			old.close();
		}
	}

	has(competitionId: number): boolean {
		return this.#audiences.has(competitionId);
	}

	counts(competitionId: number): { players: number; screens: number } {
		const a = this.#audiences.get(competitionId);
		return { players: a?.players.size ?? 0, screens: a?.screens.size ?? 0 };
	}

	hasScreens(competitionId: number): boolean {
		return (this.#audiences.get(competitionId)?.screens.size ?? 0) > 0;
	}

	/** The players of this process who have a stream open (for the personal events). */
	playerIds(competitionId: number): number[] {
		return [...(this.#audiences.get(competitionId)?.byPlayer.keys() ?? [])];
	}

	toPlayers(competitionId: number, chunk: Uint8Array): void {
		const a = this.#audiences.get(competitionId);
		if (a) for (const sub of a.players) if (!sub.write(chunk)) sub.close();
	}

	toPlayer(competitionId: number, playerId: number, chunk: Uint8Array): void {
		const subs = this.#audiences.get(competitionId)?.byPlayer.get(playerId);
		if (subs) for (const sub of subs) if (!sub.write(chunk)) sub.close();
	}

	toScreens(competitionId: number, chunk: Uint8Array): void {
		const a = this.#audiences.get(competitionId);
		if (a) for (const sub of a.screens) if (!sub.write(chunk)) sub.close();
	}

	/** Closes every stream of a competition (it was deleted, or the process shuts down). */
	closeAll(competitionId?: number): void {
		const ids = competitionId === undefined ? [...this.#audiences.keys()] : [competitionId];
		for (const id of ids) {
			const a = this.#audiences.get(id);
			if (!a) continue;
			for (const s of [...a.players, ...a.screens]) s.close();
			this.#audiences.delete(id);
		}
		if (competitionId === undefined && this.#heartbeat) {
			clearInterval(this.#heartbeat);
			this.#heartbeat = null;
		}
	}

	#startHeartbeat(): void {
		if (this.#heartbeat || !this.#timers) return;
		// Comments keep proxies and phone browsers from dropping an idle stream. Each stream gets one
		// every heartbeatMs, spread over HEARTBEAT_SLICES ticks, so thousands of writes never land
		// at the same instant as a burst of answers.
		let tick = 0;
		this.#heartbeat = setInterval(() => {
			tick = (tick + 1) % HEARTBEAT_SLICES;
			for (const a of this.#audiences.values()) {
				let i = 0;
				for (const sub of a.players) if (i++ % HEARTBEAT_SLICES === tick && !sub.write(HEARTBEAT)) sub.close();
				if (tick === 0) for (const sub of a.screens) if (!sub.write(HEARTBEAT)) sub.close();
			}
		}, this.#heartbeatMs / HEARTBEAT_SLICES);
		this.#heartbeat.unref?.();
	}
}
