import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../src/lib/server/competitions/broadcaster.ts';
import { competitionEventStream } from '../../src/lib/server/competitions/sse.ts';
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
		const isState = (c: Uint8Array) => decoder.decode(c).includes('event: state');
		const started = phones.map((p) => p.chunks.findLast(isState)!);
		// The same bytes, not merely equal strings: serialized once for the whole competition.
		for (const chunk of started) expect(chunk).toBe(started[0]);
		// And each phone its own view for the new question (nothing answered, staked or buzzed yet).
		expect(phones.map((p) => p.events().at(-1)!)).toEqual(players.map((playerId) => expect.objectContaining({ event: 'me', data: expect.objectContaining({ playerId, answer: null, buzzed: false }) })));
		const state = phones[0].events().findLast((e) => e.event === 'state')!.data;
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
		const response = (await competitionEventStream(f.engine, competitionId, 'player', p1, { signal: abort.signal }))!;
		expect(response.headers.get('content-type')).toContain('text/event-stream');
		const reader = response.body!.getReader();
		let text = '';
		while (!text.includes('event: me')) text += decoder.decode((await reader.read()).value);
		expect(text).toMatch(/^retry: \d+\n\n/);
		expect(text).toContain('event: state');
		expect(f.engine.subscriberCount(competitionId).players).toBe(1);
		abort.abort();
		expect(f.engine.subscriberCount(competitionId).players).toBe(0);
		expect(await competitionEventStream(f.engine, 999_999, 'player', null)).toBeNull();
	});
});

describe('抢答 on consecutive questions', () => {
	it('lets the player who buzzed first on one 抢答 question buzz again on the next, and tells every phone so', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'buzz', setId: f.setId, count: 2, points: 50, seconds: 15 }] });
		const [p1, p2, p3] = (await f.joinAll(competitionId)).slice(0, 3);
		const phones = [p1, p2, p3].map((p) => recorder(p));
		for (const phone of phones) await f.engine.subscribe(competitionId, phone.sub, 'player');
		await f.engine.start(competitionId);
		const first = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(await f.engine.buzz(competitionId, p1, first.id)).toMatchObject({ ok: true, won: true });
		expect(await f.engine.buzz(competitionId, p2, first.id)).toMatchObject({ ok: true, won: false });
		expect(await f.engine.buzz(competitionId, p3, first.id)).toMatchObject({ ok: true, won: false });
		await f.engine.answer(competitionId, p1, { questionId: first.id, clientId: 'b1', response: ['B'] });
		await f.engine.reveal(competitionId);
		await f.engine.next(competitionId);

		const second = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(second.ordinal).toBe(2);
		// Every phone hears, with the new question, that it has not buzzed on it.
		for (const phone of phones) expect(phone.events().findLast((e) => e.event === 'me')!.data).toMatchObject({ buzzed: false, stake: null });
		expect((await f.engine.snapshot(competitionId, p1))!.me).toMatchObject({ buzzed: false });
		expect(await f.engine.buzz(competitionId, p1, second.id)).toMatchObject({ ok: true, won: true });
		expect(await f.engine.buzz(competitionId, p3, second.id)).toMatchObject({ ok: true, won: false });
		expect(await f.engine.answer(competitionId, p1, { questionId: second.id, clientId: 'b2', response: ['B'] })).toMatchObject({ ok: true });
	});
});
