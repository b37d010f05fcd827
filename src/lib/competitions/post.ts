// Posting to the live endpoints from a phone on a shaky network: retried with the same body (the
// answer's client id makes a retry harmless), and every outcome turned into something to show.

export type PostOutcome<T> = { status: number; body: T } | { status: 0; body: null };

export async function postJson<T>(url: string, payload: unknown, attempts = 4): Promise<PostOutcome<T>> {
	let delay = 400;
	for (let i = 0; i < attempts; i++) {
		try {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
			if (response.status < 500) return { status: response.status, body: (await response.json().catch(() => null)) as T };
		} catch {
			// network error: retry below
		}
		await new Promise((r) => setTimeout(r, delay));
		delay *= 2;
	}
	return { status: 0, body: null };
}

/**
 * A random id for one tap. crypto.randomUUID exists only on https or localhost; intranet servers
 * are often plain http, where getRandomValues still works.
 */
export function newClientId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
