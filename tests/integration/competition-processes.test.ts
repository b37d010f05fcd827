import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TEST_ENGINE } from '../../src/lib/server/db/testing.ts';
import { openPostgres, type PostgresEngine } from '../../src/lib/server/db/postgres.ts';
import { competitionAnswers } from '../../src/lib/server/db/schema/index.ts';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/sessions.ts';
import { CompetitionEngine } from '../../src/lib/server/competitions/engine.ts';
import type { Subscriber } from '../../src/lib/server/competitions/broadcaster.ts';
import { setupLive } from './competition-fixture.ts';

// Two app processes behind a proxy share one PostgreSQL: here, two engines over two connection
// pools to the same database, each hearing the other only through the database (notifications and
// the rows themselves). The browser test tests/e2e/postgres-processes.spec.ts does the same with
// two real server processes, one of them killed.

const decoder = new TextDecoder();

function recorder(playerId: number | null) {
	const events: { id: number; event: string; data: Record<string, unknown> }[] = [];
	const sub: Subscriber = {
		playerId,
		write: (c) => {
			const t = decoder.decode(c);
			const m = /id: (\d+)\nevent: (\w+)\ndata: (.*)/.exec(t);
			if (m) events.push({ id: Number(m[1]), event: m[2], data: JSON.parse(m[3]) });
			return true;
		},
		close: () => {}
	};
	return { sub, events, last: (event: string) => events.findLast((e) => e.event === event) };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out waiting for the other process');
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe.skipIf(TEST_ENGINE !== 'postgres')('two app processes on one PostgreSQL', () => {
	async function twoProcesses() {
		const f = await setupLive();
		const url = (f.db.$engine as PostgresEngine).url;
		const other = openPostgres(url, { max: 4 });
		const a = new CompetitionEngine(f.db, { now: () => f.clock.t, timers: false });
		const b = new CompetitionEngine(other.db, { now: () => f.clock.t, timers: false });
		await a.listen();
		await b.listen();
		const stop = async () => {
			await a.shutdown();
			await b.shutdown();
			await other.close();
		};
		return { f, a, b, other: other.db, stop };
	}

	it('accepts a session created through one process on the other', async () => {
		const { f, other, stop } = await twoProcesses();
		const token = generateSessionToken();
		await createSession(f.db, token, f.people[0].id);
		expect((await validateSessionToken(other, token)).user).toMatchObject({ id: f.people[0].id, name: '甲一' });
		await stop();
	});

	it('lets a player join through one process and answer through the other; a retry anywhere is stored once', async () => {
		const { f, a, b, stop } = await twoProcesses();
		const competitionId = await f.newCompetition();
		const p = f.people[0];
		const joined = await a.join(competitionId, { kind: 'user', userId: p.id, name: p.name, orgUnitId: p.orgUnitId });
		if (!joined.ok) throw new Error(joined.message);
		// Process B's mirror was loaded before the start and the join: it catches up when asked.
		expect(await b.playerForUser(competitionId, p.id)).toMatchObject({ id: joined.player.id });
		expect((await a.start(competitionId)).ok).toBe(true);
		const q = (await a.snapshot(competitionId, joined.player.id))!.state.question!;
		f.clock.t += 2000;
		const ack = await b.answer(competitionId, joined.player.id, { questionId: q.id, clientId: 'tap-1', response: ['B'] });
		expect(ack).toMatchObject({ ok: true, replay: false });
		f.clock.t += 500;
		const retryA = await a.answer(competitionId, joined.player.id, { questionId: q.id, clientId: 'tap-1', response: ['B'] });
		const retryB = await b.answer(competitionId, joined.player.id, { questionId: q.id, clientId: 'tap-1', response: ['B'] });
		for (const retry of [retryA, retryB]) expect(retry).toEqual({ ...ack, replay: true });
		expect(await f.db.select().from(competitionAnswers).where(eq(competitionAnswers.competitionQuestionId, q.id)).all()).toHaveLength(1);
		await stop();
	});

	it('decides each transition once, and every process hears it: two hosts pressing 下一题 move on one question', async () => {
		const { f, a, b, stop } = await twoProcesses();
		const competitionId = await f.newCompetition();
		const players = await f.joinAll(competitionId, a);
		const phoneOnA = recorder(players[0]);
		await a.subscribe(competitionId, phoneOnA.sub, 'player');
		expect((await b.start(competitionId)).ok).toBe(true);
		// The phone's stream is on A; the start happened on B.
		await until(() => phoneOnA.last('state')?.data.stage === 'open');
		f.clock.t += 30_000;
		await Promise.all([a.reveal(competitionId), b.reveal(competitionId)]);
		const [one, two] = await Promise.all([a.next(competitionId), b.next(competitionId)]);
		expect([one.ok, two.ok].filter(Boolean)).toHaveLength(1);
		await until(() => (phoneOnA.last('state')?.data.question as { ordinal: number } | null)?.ordinal === 2);
		await b.sync(competitionId);
		expect((await b.competition(competitionId))!.row.currentOrdinal).toBe(2);
		await stop();
	});

	it('answers a stream that reconnects to the other process with Last-Event-ID from where it was, never from before', async () => {
		const { f, a, b, stop } = await twoProcesses();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId, a);
		const first = recorder(p1);
		await a.subscribe(competitionId, first.sub, 'player');
		await b.competition(competitionId); // B holds an older mirror from before the start
		await a.start(competitionId);
		f.clock.t += 30_000;
		await a.reveal(competitionId);
		const seen = first.last('state')!;
		expect(seen.data.stage).toBe('revealed');
		// The phone's connection drops; the proxy sends the reconnect to B.
		const again = recorder(p1);
		await b.subscribe(competitionId, again.sub, 'player', seen.id);
		expect(again.events[0]).toMatchObject({ event: 'state', data: { stage: 'revealed' } });
		expect(again.events[0].id).toBeGreaterThanOrEqual(seen.id);
		await stop();
	});

	it('loses no acknowledged answer when the process that took it dies', async () => {
		const { f, a, b, stop } = await twoProcesses();
		const competitionId = await f.newCompetition();
		const players = await f.joinAll(competitionId, a);
		await a.start(competitionId);
		const q = (await a.snapshot(competitionId, players[0]))!.state.question!;
		f.clock.t += 1000;
		const acks = [];
		for (const [i, player] of players.slice(0, 3).entries()) acks.push(await a.answer(competitionId, player, { questionId: q.id, clientId: `a${i}`, response: ['B'] }));
		expect(acks.every((x) => x.ok)).toBe(true);
		// Process A is gone (its mirror and streams with it); B carries on from the tables.
		await a.shutdown();
		f.clock.t += 30_000;
		expect((await b.reveal(competitionId)).ok).toBe(true);
		const scores = await Promise.all(players.map(async (p) => (await b.snapshot(competitionId, p))!.me!.score));
		expect(scores.slice(0, 3).every((s) => s > 0)).toBe(true);
		expect(scores.slice(3)).toEqual([0, 0]);
		await stop();
	});
});
