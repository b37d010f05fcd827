import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../src/lib/server/competitions/state.ts';
import { liveEventStream } from '../../src/lib/server/competitions/sse.ts';
import { setupLive } from './competition-fixture.ts';

const decoder = new TextDecoder();

function recorder(playerId: number | null) {
	const chunks: Uint8Array[] = [];
	const sub: Subscriber = { playerId, write: (c) => (chunks.push(c), true), close: () => {} };
	const events = () =>
		chunks
			.map((c) => decoder.decode(c))
			.filter((t) => t.includes('event:'))
			.map((t) => ({ event: /event: (\w+)/.exec(t)![1], data: JSON.parse(/data: (.*)/.exec(t)![1]) }));
	return { sub, chunks, events };
}

describe('fan-out', () => {
	it('writes one serialized state to every phone and a personal score event after the answer is shown', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const players = await f.joinAll(competitionId);
		const phones = players.map((p) => recorder(p));
		for (const phone of phones) await f.engine.subscribe(competitionId, phone.sub, 'player');
		const screen = recorder(null);
		await f.engine.subscribe(competitionId, screen.sub, 'screen');
		// On connect: a snapshot of the competition and of the player.
		expect(phones[0].events().map((e) => e.event)).toEqual(['state', 'me']);
		expect(phones[0].events()[1].data).toMatchObject({ playerId: players[0], name: '甲一', score: 0 });

		await f.engine.start(competitionId);
		const started = phones.map((p) => p.chunks.at(-1)!);
		// The same bytes, not merely equal strings: serialized once for the whole competition.
		for (const chunk of started) expect(chunk).toBe(started[0]);
		const state = phones[0].events().at(-1)!.data;
		expect(state).toMatchObject({ stage: 'open', question: { ordinal: 1 } });
		// The phones never see the correct answer before it is shown.
		expect(JSON.stringify(state)).not.toContain('"answer"');
		expect(state.reveal).toBeNull();

		await f.engine.answer(competitionId, players[0], { questionId: state.question.id, clientId: 'x', response: ['B'] });
		await f.engine.reveal(competitionId);
		const revealed = phones[0].events().slice(-2);
		expect(revealed.map((e) => e.event)).toEqual(['state', 'me']);
		expect(revealed[0].data.reveal).toMatchObject({ answer: ['B'], answerText: 'B. 四条' });
		expect(revealed[1].data).toMatchObject({ score: 100, rank: 1 });
		expect(phones[1].events().at(-1)!.data).toMatchObject({ playerId: players[1], score: 0, rank: 2 });
		expect(screen.events().at(-1)).toMatchObject({ event: 'screen', data: { stage: 'revealed', answered: 1, players: 5 } });
		expect(screen.events().at(-1)!.data.distribution).toContainEqual({ key: 'B', label: 'B. 四条', count: 1, correct: true });
	});

	it('streams server-sent events and unsubscribes when the phone goes away', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		const abort = new AbortController();
		const response = liveEventStream(f.engine, competitionId, 'player', p1, abort.signal)!;
		expect(response.headers.get('content-type')).toContain('text/event-stream');
		const reader = response.body!.getReader();
		let text = '';
		while (!text.includes('event: me')) text += decoder.decode((await reader.read()).value);
		expect(text).toMatch(/^retry: \d+\n\n/);
		expect(text).toContain('event: state');
		expect(f.engine.subscriberCount(competitionId).players).toBe(1);
		abort.abort();
		expect(f.engine.subscriberCount(competitionId).players).toBe(0);
		expect(liveEventStream(f.engine, 999_999, 'player', null)).toBeNull();
	});
});
