import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { competitionAnswers, competitions } from '../../src/lib/server/db/schema/index.ts';
import { fileDatabasePath, setupLive } from './competition-fixture.ts';

describe('restart during a competition', () => {
	it('resumes from the database: acknowledged answers, scores, the current question and the host controls', async () => {
		const path = fileDatabasePath();
		const f = await setupLive({ dbPath: path });
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'required', setId: f.setId, count: 3, points: 100, seconds: 20 }] });
		const [p1, p2, p3] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q1 = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		await f.engine.answer(competitionId, p1, { questionId: q1.id, clientId: 'a1', response: ['B'] });
		f.clock.t += 4_000;
		await f.engine.answer(competitionId, p2, { questionId: q1.id, clientId: 'b1', response: ['B'] });
		await f.engine.reveal(competitionId);
		await f.engine.next(competitionId);
		const q2 = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		f.clock.t += 1_000;
		const acked = await f.engine.answer(competitionId, p1, { questionId: q2.id, clientId: 'a2', response: ['A', 'C'] });
		expect(acked.ok).toBe(true);
		const before = [];
		for (const p of [p1, p2, p3]) before.push((await f.engine.snapshot(competitionId, p))!.me!.score);
		expect(before).toEqual([100, 90, 0]);

		// The process dies: a new connection and a new engine over the same file.
		const db2 = openDatabase(path);
		const restarted = f.makeEngine(db2);
		const snap = (await restarted.snapshot(competitionId, p1))!;
		expect(snap.state).toMatchObject({ stage: 'open', question: { id: q2.id, ordinal: 2 } });
		const after = [];
		for (const p of [p1, p2, p3]) after.push((await restarted.snapshot(competitionId, p))!.me!.score);
		expect(after).toEqual(before);
		// The reloaded phone sees its answer to the current question as received.
		expect(snap.me!.answer).toMatchObject({ questionId: q2.id, clientId: 'a2', response: ['A', 'C'] });
		// A retry of the acknowledged answer gets the same acknowledgement and no second row.
		const retry = await restarted.answer(competitionId, p1, { questionId: q2.id, clientId: 'a2', response: ['A', 'C'] });
		if (!acked.ok || !retry.ok) throw new Error('expected acknowledgements');
		expect(retry.receivedAt).toBe(acked.receivedAt);
		expect((await db2.select({ n: count() }).from(competitionAnswers).where(eq(competitionAnswers.competitionQuestionId, q2.id)).get())!.n).toBe(1);
		// Others can still answer the open question.
		expect((await restarted.answer(competitionId, p2, { questionId: q2.id, clientId: 'b2', response: ['A'] })).ok).toBe(true);

		// Down again, this time past the deadline: the question is simply closed.
		f.clock.t = q2.deadlineAt + 60_000;
		const later = f.makeEngine(openDatabase(path));
		expect((await later.snapshot(competitionId, p3))!.state.stage).toBe('closed');
		expect(await later.answer(competitionId, p3, { questionId: q2.id, clientId: 'c2', response: ['A', 'C'] })).toMatchObject({ ok: false, code: 'late' });
		// The host continues.
		expect(await later.reveal(competitionId)).toEqual({ ok: true });
		// 100 for question 1 plus 100 × (0.5 + 0.5 × 19/20) = 98 for question 2.
		expect((await later.snapshot(competitionId, p1))!.me!.score).toBe(198);
		expect(await later.next(competitionId)).toEqual({ ok: true });
		expect((await later.snapshot(competitionId, p1))!.state.question!.ordinal).toBe(3);
		expect(await later.end(competitionId)).toEqual({ ok: true });
		expect((await openDatabase(path).select({ status: competitions.status }).from(competitions).where(eq(competitions.id, competitionId)).get())!.status).toBe('ended');
	});

	it('keeps a pause across a restart', async () => {
		const path = fileDatabasePath();
		const f = await setupLive({ dbPath: path });
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		f.clock.t += 5_000;
		await f.engine.pause(competitionId);
		f.clock.t += 120_000;
		const restarted = f.makeEngine(openDatabase(path));
		expect((await restarted.snapshot(competitionId, p1))!.state).toMatchObject({ stage: 'open', paused: true });
		await restarted.resume(competitionId);
		expect((await restarted.snapshot(competitionId, p1))!.state.question!.deadlineAt).toBe(q.deadlineAt + 120_000);
		expect((await restarted.answer(competitionId, p1, { questionId: q.id, clientId: 'x', response: ['B'] })).ok).toBe(true);
	});
});

describe('answers arriving together', () => {
	it('stores each once and acknowledges it only when it is in the database (SQLite commits them as one group)', async () => {
		const path = fileDatabasePath();
		const f = await setupLive({ dbPath: path });
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'required', setId: f.setId, count: 2, points: 100, seconds: 20 }] });
		const players = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, players[0]))!.state.question!;
		f.clock.t += 1_000;
		// Every phone at once, two of them tapping twice, and one answer that is no answer at all.
		const taps = [
			...players.map((p, i) => ({ p, clientId: `t${i}`, response: [i % 2 ? 'A' : 'B'] })),
			{ p: players[0], clientId: 't0', response: ['B'] },
			{ p: players[1], clientId: 't1', response: ['A'] }
		];
		const [acks, refused] = await Promise.all([
			Promise.all(taps.map((t) => f.engine.answer(competitionId, t.p, { questionId: q.id, clientId: t.clientId, response: t.response }))),
			f.engine.answer(competitionId, players[2], { questionId: q.id + 999, clientId: 'nowhere', response: ['B'] })
		]);
		expect(refused.ok).toBe(false);
		expect(acks.every((a) => a.ok)).toBe(true);
		// What each phone was told is what another connection finds in the file, once per player.
		const rows = await openDatabase(path).select().from(competitionAnswers).where(eq(competitionAnswers.competitionQuestionId, q.id)).all();
		expect(rows).toHaveLength(players.length);
		for (const [i, t] of taps.entries()) {
			const ack = acks[i];
			if (!ack.ok) throw new Error('expected an acknowledgement');
			const row = rows.find((r) => r.playerId === t.p)!;
			expect({ clientId: row.clientId, receivedAt: row.receivedAt }).toEqual({ clientId: ack.clientId, receivedAt: ack.receivedAt });
		}
		// The last answer closed the question, as one at a time would.
		expect((await f.engine.snapshot(competitionId, players[0]))!.state.stage).toBe('closed');
	});
});
