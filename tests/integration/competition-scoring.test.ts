import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { competitionAnswers } from '../../src/lib/server/db/schema/index.ts';
import { setupLive, type Fixture } from './competition-fixture.ts';

const me = async (f: Fixture, competitionId: number, playerId: number) => (await f.engine.snapshot(competitionId, playerId))!.me!;

describe('个人赛 必答 (speed-scored)', () => {
	it('scores correct answers by time left on the server clock; ties share a rank', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2, p3, p4, p5] = await f.joinAll(competitionId);
		expect(await f.engine.start(competitionId)).toEqual({ ok: true });
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(q.stem).toContain('几条');
		const t0 = f.clock.t;
		const answer = async (player: number, at: number, response: string[]) => {
			f.clock.t = t0 + at;
			return await f.engine.answer(competitionId, player, { questionId: q.id, clientId: `c-${player}`, response });
		};
		expect((await answer(p1, 2_000, ['B'])).ok).toBe(true);
		expect((await answer(p2, 10_000, ['B'])).ok).toBe(true);
		expect((await answer(p3, 10_000, ['A'])).ok).toBe(true);
		expect((await answer(p4, 10_000, ['B'])).ok).toBe(true);
		// Not counted before the answer is shown, so a score cannot give away who was right.
		expect((await me(f, competitionId, p1)).score).toBe(0);
		expect(await f.engine.reveal(competitionId)).toEqual({ ok: true });
		// 100 × (0.5 + 0.5 × 18/20) = 95; 100 × (0.5 + 0.5 × 10/20) = 75.
		expect(await Promise.all([p1, p2, p3, p4, p5].map(async (p) => [(await me(f, competitionId, p)).score, (await me(f, competitionId, p)).rank]))).toEqual([
			[95, 1],
			[75, 2],
			[0, 4],
			[75, 2],
			[0, 4]
		]);
		expect((await me(f, competitionId, p1)).answer).toMatchObject({ correct: true, points: 95 });
	});

	it('grades multiple choice, true/false and fill-in on the server', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const play = async (answers: [number, string[]][]) => {
			const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
			for (const [p, r] of answers) expect((await f.engine.answer(competitionId, p, { questionId: q.id, clientId: `${q.id}-${p}`, response: r })).ok).toBe(true);
			await f.engine.reveal(competitionId);
			return q;
		};
		await play([[p1, ['B']]]);
		await f.engine.next(competitionId);
		const multi = await play([
			[p1, ['C', 'A']],
			[p2, ['A']]
		]);
		expect(multi.type).toBe('multiple');
		await f.engine.next(competitionId);
		await play([
			[p1, ['true']],
			[p2, ['false']]
		]);
		await f.engine.next(competitionId);
		await play([
			[p1, ['不谋私利。']],
			[p2, ['以权谋私']]
		]);
		// Every answer came at the first instant: full 100 points each when right.
		expect((await me(f, competitionId, p1)).score).toBe(400);
		expect((await me(f, competitionId, p2)).score).toBe(0);
	});

	it('refuses malformed responses and stores nothing', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		for (const response of [[], ['Z'], ['A', 'B'], [1 as unknown as string]]) {
			expect(await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'x', response })).toMatchObject({ ok: false, code: 'invalid' });
		}
		expect((await f.db.select({ n: count() }).from(competitionAnswers).get())!.n).toBe(0);
	});
});

describe('deadlines and replays', () => {
	it('refuses an answer that reaches the server at or after the deadline', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		f.clock.t = q.deadlineAt - 1;
		expect((await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] })).ok).toBe(true);
		f.clock.t = q.deadlineAt;
		expect(await f.engine.answer(competitionId, p2, { questionId: q.id, clientId: 'b', response: ['B'] })).toMatchObject({ ok: false, code: 'late' });
		expect((await f.db.select({ n: count() }).from(competitionAnswers).get())!.n).toBe(1);
	});

	it('returns the same acknowledgement for a replayed answer and stores one row', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		f.clock.t += 3_000;
		const first = await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'tap-1', response: ['B'] });
		expect(first).toMatchObject({ ok: true, replay: false });
		// The phone lost the response and retries after the deadline: the stored answer stands.
		f.clock.t = q.deadlineAt + 5_000;
		const retry = await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'tap-1', response: ['B'] });
		expect(retry).toMatchObject({ ok: true, replay: true });
		if (!first.ok || !retry.ok) throw new Error('unreachable');
		expect(retry.receivedAt).toBe(first.receivedAt);
		// A second tap with another answer cannot change it either.
		const other = await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'tap-2', response: ['A'] });
		expect(other).toMatchObject({ ok: true, replay: true, clientId: 'tap-1', response: ['B'], receivedAt: first.receivedAt });
		expect((await f.db.select({ n: count() }).from(competitionAnswers).where(eq(competitionAnswers.playerId, p1)).get())!.n).toBe(1);
	});

	it('closes a question as soon as every player has answered', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const players = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, players[0]))!.state.question!;
		for (const p of players) await f.engine.answer(competitionId, p, { questionId: q.id, clientId: `c${p}`, response: ['A'] });
		expect((await f.engine.snapshot(competitionId, null))!.state.stage).toBe('closed');
	});

	it('freezes the clock while paused and moves the deadline by the pause', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		f.clock.t += 5_000;
		expect(await f.engine.pause(competitionId)).toEqual({ ok: true });
		f.clock.t += 60_000;
		expect(await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] })).toMatchObject({ ok: false, code: 'paused' });
		expect((await f.engine.snapshot(competitionId, p1))!.state).toMatchObject({ stage: 'open', paused: true });
		expect(await f.engine.resume(competitionId)).toEqual({ ok: true });
		const resumed = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(resumed.deadlineAt).toBe(q.deadlineAt + 60_000);
		// 15 s were left at the pause: still 15 s left now.
		f.clock.t += 14_000;
		expect((await f.engine.answer(competitionId, p2, { questionId: q.id, clientId: 'b', response: ['B'] })).ok).toBe(true);
	});
});

describe('抢答 (buzz)', () => {
	it('gives the answer to the first buzz the server processed and locks the others out', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'buzz', setId: f.setId, count: 3, points: 50, seconds: 15 }] });
		const [p1, p2, p3] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		// Before anyone buzzes, nobody may answer.
		expect(await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'early', response: ['B'] })).toMatchObject({ ok: false, code: 'not-winner' });
		f.clock.t += 1_000;
		const first = await f.engine.buzz(competitionId, p2, q.id);
		const second = await f.engine.buzz(competitionId, p1, q.id);
		expect(first).toMatchObject({ ok: true, won: true, winnerName: '乙二' });
		expect(second).toMatchObject({ ok: true, won: false, winnerName: '乙二' });
		expect((await f.engine.snapshot(competitionId, p3))!.state.buzz).toEqual({ winnerId: p2, winnerName: '乙二' });
		expect(await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'x', response: ['B'] })).toMatchObject({ ok: false, code: 'not-winner' });
		// The winner answers wrong: loses the points.
		expect((await f.engine.answer(competitionId, p2, { questionId: q.id, clientId: 'w', response: ['A'] })).ok).toBe(true);
		expect((await f.engine.snapshot(competitionId, null))!.state.stage).toBe('closed');
		await f.engine.reveal(competitionId);
		expect((await me(f, competitionId, p2)).score).toBe(-50);
		expect((await me(f, competitionId, p1)).score).toBe(0);

		// Second question: right answer earns the points.
		await f.engine.next(competitionId);
		const q2 = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(await f.engine.buzz(competitionId, p1, q2.id)).toMatchObject({ won: true });
		expect((await f.engine.answer(competitionId, p1, { questionId: q2.id, clientId: 'r', response: ['A', 'C'] })).ok).toBe(true);
		await f.engine.reveal(competitionId);
		expect((await me(f, competitionId, p1)).score).toBe(50);

		// Third: the winner stays silent until the answer window passes: loses the points.
		await f.engine.next(competitionId);
		const q3 = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		f.clock.t += 14_000;
		expect(await f.engine.buzz(competitionId, p3, q3.id)).toMatchObject({ won: true });
		// The answer window (15 s) starts at the buzz, not at the question.
		expect((await f.engine.snapshot(competitionId, p3))!.state.question!.deadlineAt).toBe(f.clock.t + 15_000);
		f.clock.t += 15_000;
		expect(await f.engine.answer(competitionId, p3, { questionId: q3.id, clientId: 's', response: ['true'] })).toMatchObject({ ok: false, code: 'late' });
		await f.engine.reveal(competitionId);
		expect((await me(f, competitionId, p3)).score).toBe(-50);
	});

	it('decides the race by insertion order after a restart too', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'buzz', setId: f.setId, count: 1, points: 50, seconds: 15 }] });
		const [p1, p2] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		await f.engine.buzz(competitionId, p2, q.id);
		await f.engine.buzz(competitionId, p1, q.id);
		const fresh = f.makeEngine();
		expect((await fresh.snapshot(competitionId, p1))!.state.buzz!.winnerId).toBe(p2);
		expect(await fresh.buzz(competitionId, p1, q.id)).toMatchObject({ ok: true, won: false });
	});
});

describe('风险题 (stakes)', () => {
	it('takes the stake before the question is shown; right +stake, wrong or silent −stake', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'risk', setId: f.setId, count: 1, points: 0, seconds: 20 }], stakeSeconds: 10 });
		const [p1, p2, p3, p4] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const staking = (await f.engine.snapshot(competitionId, p1))!.state;
		expect(staking.stage).toBe('staking');
		// The question itself is not visible while stakes are chosen.
		expect(staking.question).toMatchObject({ stem: '', options: [], stakes: [10, 20, 30] });
		expect(await f.engine.answer(competitionId, p1, { questionId: staking.question!.id, clientId: 'e', response: ['B'] })).toMatchObject({ ok: false, code: 'not-open' });
		expect(await f.engine.stake(competitionId, p1, staking.question!.id, 30)).toMatchObject({ ok: true, stake: 30 });
		expect(await f.engine.stake(competitionId, p2, staking.question!.id, 20)).toMatchObject({ ok: true });
		expect(await f.engine.stake(competitionId, p3, staking.question!.id, 10)).toMatchObject({ ok: true });
		expect(await f.engine.stake(competitionId, p3, staking.question!.id, 30)).toMatchObject({ ok: false, code: 'already' });
		expect(await f.engine.stake(competitionId, p4, staking.question!.id, 25)).toMatchObject({ ok: false, code: 'invalid' });
		f.clock.t += 10_000;
		const open = (await f.engine.snapshot(competitionId, p1))!.state;
		expect(open.stage).toBe('open');
		expect(open.question!.stem).toContain('几条');
		expect(await f.engine.stake(competitionId, p4, open.question!.id, 10)).toMatchObject({ ok: false, code: 'late' });
		expect(await f.engine.answer(competitionId, p4, { questionId: open.question!.id, clientId: 'n', response: ['B'] })).toMatchObject({ ok: false, code: 'no-stake' });
		expect((await f.engine.answer(competitionId, p1, { questionId: open.question!.id, clientId: 'a', response: ['B'] })).ok).toBe(true);
		expect((await f.engine.answer(competitionId, p2, { questionId: open.question!.id, clientId: 'b', response: ['C'] })).ok).toBe(true);
		f.clock.t += 20_000;
		await f.engine.reveal(competitionId);
		expect(await Promise.all([p1, p2, p3, p4].map(async (p) => (await me(f, competitionId, p)).score))).toEqual([30, -20, -10, 0]);
	});
});

describe('rounds mixed in one competition', () => {
	it('plays 必答, 抢答 and 风险题 in order and adds the scores', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({
			rounds: [
				{ kind: 'required', setId: f.setId, count: 1, points: 100, seconds: 20 },
				{ kind: 'buzz', setId: f.setId, count: 1, points: 40, seconds: 10 },
				{ kind: 'risk', setId: f.setId, count: 1, points: 0, seconds: 20 }
			]
		});
		const [p1] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		let q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(q.round).toBe('required');
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: '1', response: ['B'] });
		await f.engine.reveal(competitionId);
		await f.engine.next(competitionId);
		q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(q).toMatchObject({ round: 'buzz', ordinal: 2, roundNo: 2 });
		await f.engine.buzz(competitionId, p1, q.id);
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: '2', response: ['A', 'C'] });
		await f.engine.next(competitionId);
		q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		expect(q).toMatchObject({ round: 'risk', ordinal: 3, roundNo: 3 });
		await f.engine.stake(competitionId, p1, q.id, 20);
		expect(await f.engine.openNow(competitionId)).toEqual({ ok: true });
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: '3', response: ['true'] });
		await f.engine.reveal(competitionId);
		expect((await me(f, competitionId, p1)).score).toBe(100 + 40 + 20);
		expect(await f.engine.next(competitionId)).toMatchObject({ ok: false });
		expect(await f.engine.end(competitionId)).toEqual({ ok: true });
		expect((await f.engine.snapshot(competitionId, p1))!.state.stage).toBe('ended');
	});
});
