// Client side of the live streams: an EventSource with reconnection, tracking the offset between
// the server's clock and the phone's, so countdowns follow the server's deadlines even when the
// phone's clock is wrong.

type Handler = (data: never) => void;

export class EventStream {
	connected = $state(false);
	/** Server clock minus local clock (ms), from the `now` field of the latest event. */
	offset = $state(0);
	#url: string;
	#handlers: Record<string, Handler>;
	#source: EventSource | null = null;
	#retryMs = 1000;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#stopped = true;

	constructor(url: string, handlers: Record<string, Handler>) {
		this.#url = url;
		this.#handlers = handlers;
	}

	start(): void {
		this.#stopped = false;
		this.#open();
		document.addEventListener('visibilitychange', this.#onVisibility);
	}

	stop(): void {
		this.#stopped = true;
		document.removeEventListener('visibilitychange', this.#onVisibility);
		if (this.#timer) clearTimeout(this.#timer);
		this.#source?.close();
		this.#source = null;
		this.connected = false;
	}

	/** The server's clock as this page best knows it. */
	serverNow(localNow = Date.now()): number {
		return localNow + this.offset;
	}

	#open(): void {
		this.#source?.close();
		const source = new EventSource(this.#url);
		this.#source = source;
		source.onopen = () => {
			this.connected = true;
			this.#retryMs = 1000;
		};
		source.onerror = () => {
			this.connected = false;
			// EventSource retries by itself after a dropped connection (sending Last-Event-ID);
			// after an HTTP error it gives up, so try again with a growing delay.
			if (source.readyState === EventSource.CLOSED && !this.#stopped) this.#reopenLater();
		};
		for (const [name, handler] of Object.entries(this.#handlers)) {
			source.addEventListener(name, (event) => {
				const data = JSON.parse((event as MessageEvent<string>).data);
				if (data && typeof data.now === 'number') this.offset = data.now - Date.now();
				this.connected = true;
				(handler as (d: unknown) => void)(data);
			});
		}
	}

	#reopenLater(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			if (!this.#stopped) this.#open();
		}, this.#retryMs);
		this.#retryMs = Math.min(this.#retryMs * 2, 15_000);
	}

	// A phone that slept may hold a dead connection: reconnect on wake and take a fresh snapshot.
	#onVisibility = () => {
		if (document.visibilityState === 'visible' && !this.#stopped) this.#open();
	};
}

/** A clock that ticks a few times per second while a countdown is on screen. */
export class Ticker {
	now = $state(Date.now());
	#interval: ReturnType<typeof setInterval> | null = null;

	start(ms = 200): void {
		this.stop();
		this.#interval = setInterval(() => (this.now = Date.now()), ms);
	}

	stop(): void {
		if (this.#interval) clearInterval(this.#interval);
		this.#interval = null;
	}
}
