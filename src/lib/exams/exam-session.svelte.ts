// The exam page's live state in the browser: the countdown (from the time left that the server
// sent, measured on the monotonic clock, so a wrong clock on the phone changes nothing), saving
// each answer as it is given (one request in flight per question, the newest value next, retried
// until the server answers), and telling the server when the page is left and comes back.
// Everything that counts is decided on the server; this only reports and shows.

export type SaveState = 'saved' | 'saving' | 'retrying' | 'refused';
type Pending = { values: string[]; inFlight: boolean };

export class ExamSession {
	remainingMs = $state(0);
	leaves = $state(0);
	/** Per question: the revision the server last acknowledged, and how saving stands. */
	revisions = $state<Record<number, number>>({});
	states = $state<Record<number, SaveState>>({});
	messages = $state<Record<number, string>>({});
	/** Set when the server says the attempt is over (time up, handed in, too many leaves). */
	closedMessage = $state<string | null>(null);
	unsaved = $derived(Object.values(this.states).filter((s) => s !== 'saved').length);

	readonly #base: string;
	readonly #deadline: number;
	// Bookkeeping of requests, never shown: a plain Map on purpose (the shown state is `states`).
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #pending = new Map<number, Pending>();
	#away = false;
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(examId: number, remainingMs: number, leaves: number, revisions: Record<number, number>) {
		this.#base = `/exams/${examId}/take`;
		this.#deadline = performance.now() + remainingMs;
		this.remainingMs = remainingMs;
		this.leaves = leaves;
		this.revisions = { ...revisions };
	}

	start(onTimeUp: () => void): () => void {
		this.#timer = setInterval(() => {
			this.remainingMs = Math.max(0, this.#deadline - performance.now());
			if (this.remainingMs === 0) {
				this.stop();
				onTimeUp();
			}
		}, 250);
		const hidden = () => (document.visibilityState === 'hidden' ? this.#left('hidden') : this.#back('hidden'));
		const blur = () => this.#left('blur');
		const focus = () => this.#back('blur');
		document.addEventListener('visibilitychange', hidden);
		window.addEventListener('blur', blur);
		window.addEventListener('focus', focus);
		return () => {
			this.stop();
			document.removeEventListener('visibilitychange', hidden);
			window.removeEventListener('blur', blur);
			window.removeEventListener('focus', focus);
		};
	}

	stop() {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** Saves a question's answer now (the newest value wins; earlier unsent values are dropped). */
	save(questionId: number, values: string[]) {
		const p = this.#pending.get(questionId);
		if (p) {
			p.values = values;
			if (p.inFlight) return;
		} else this.#pending.set(questionId, { values, inFlight: false });
		this.states[questionId] = 'saving';
		void this.#send(questionId, 0);
	}

	/** Resolves when every answer given so far has been acknowledged (or refused). */
	async flush(timeoutMs = 8000): Promise<boolean> {
		const end = performance.now() + timeoutMs;
		while (this.#pending.size && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
		return this.#pending.size === 0;
	}

	async #send(questionId: number, attempt: number): Promise<void> {
		const p = this.#pending.get(questionId);
		if (!p) return;
		p.inFlight = true;
		const values = p.values;
		try {
			const response = await fetch(`${this.#base}/answer`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ questionId, values, revision: this.revisions[questionId] ?? 0 })
			});
			const body = (await response.json().catch(() => null)) as { ok?: boolean; revision?: number; code?: string; message?: string } | null;
			if (response.ok && body?.ok) {
				this.revisions[questionId] = body.revision ?? 0;
				delete this.messages[questionId];
				if (p.values === values) {
					this.#pending.delete(questionId);
					this.states[questionId] = 'saved';
				} else void this.#send(questionId, 0);
				return;
			}
			if (response.status === 409 || response.status === 400 || response.status === 401 || response.status === 403) {
				this.#pending.delete(questionId);
				this.states[questionId] = 'refused';
				this.messages[questionId] = body?.message ?? '答案未保存';
				if (body?.code === 'late' || body?.code === 'closed') this.closedMessage = body.message ?? '考试已结束';
				return;
			}
			throw new Error(`HTTP ${response.status}`);
		} catch {
			// The network or the server is away: the same answer again, soon (a retry is recognised by the server).
			this.states[questionId] = 'retrying';
			setTimeout(() => void this.#send(questionId, attempt + 1), Math.min(5000, 500 * 2 ** Math.min(attempt, 4)));
		}
	}

	#left(kind: 'hidden' | 'blur') {
		if (this.#away || this.closedMessage) return;
		this.#away = true;
		void this.#report(kind, 'leave');
	}

	#back(kind: 'hidden' | 'blur') {
		if (!this.#away || document.visibilityState === 'hidden') return;
		this.#away = false;
		void this.#report(kind, 'return');
	}

	async #report(kind: 'hidden' | 'blur', phase: 'leave' | 'return') {
		try {
			// keepalive: the request still goes out when the page is being hidden or closed.
			const response = await fetch(`${this.#base}/leave`, { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind, phase }) });
			const body = (await response.json().catch(() => null)) as { ok?: boolean; leaves?: number; closed?: boolean; message?: string } | null;
			if (body?.ok) {
				this.leaves = body.leaves ?? this.leaves;
				if (body.closed) this.closedMessage = '离开页面次数已达上限，系统已自动交卷';
			} else if (response.status === 409) this.closedMessage = body?.message ?? '考试已结束';
		} catch {
			// Not reachable now: the leave is not recorded (the organizer sees what the server saw).
		}
	}
}

/** 12:05 */
export function clockText(ms: number): string {
	const s = Math.ceil(ms / 1000);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = s % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	return h ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}
