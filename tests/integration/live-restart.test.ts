import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { liveAnswers, liveGames } from '../../src/lib/server/db/schema/index.ts';
import { fileDatabasePath, setupLive } from './live-fixture.ts';

describe('restart during a competition', () => {
	it('resumes from the database: acknowledged answers, scores, the current question and the host controls', () => {
		const path = fileDatabasePath();
		const f = setupLive({ dbPath: path });
		const gameId = f.newGame({ rounds: [{ kind: 'required', setId: f.setId, count: 3, points: 100, seconds: 20 }] });
		const [p1, p2, p3] = f.joinAll(gameId);
		f.engine.start(gameId);
		const q1 = f.engine.snapshot(gameId, p1)!.state.question!;
		f.engine.answer(gameId, p1, { questionId: q1.id, clientId: 'a1', response: ['B'] });
		f.clock.t += 4_000;
		f.engine.answer(gameId, p2, { questionId: q1.id, clientId: 'b1', response: ['B'] });
		f.engine.reveal(gameId);
		f.engine.next(gameId);
		const q2 = f.engine.snapshot(gameId, p1)!.state.question!;
		f.clock.t += 1_000;
		const acked = f.engine.answer(gameId, p1, { questionId: q2.id, clientId: 'a2', response: ['A', 'C'] });
		expect(acked.ok).toBe(true);
		const before = [p1, p2, p3].map((p) => f.engine.snapshot(gameId, p)!.me!.score);
		expect(before).toEqual([100, 90, 0]);

		// The process dies: a new connection and a new engine over the same file.
		const db2 = openDatabase(path);
		const restarted = f.makeEngine(db2);
		const snap = restarted.snapshot(gameId, p1)!;
		expect(snap.state).toMatchObject({ stage: 'open', question: { id: q2.id, ordinal: 2 } });
		expect([p1, p2, p3].map((p) => restarted.snapshot(gameId, p)!.me!.score)).toEqual(before);
		// The reloaded phone sees its answer to the current question as received.
		expect(snap.me!.answer).toMatchObject({ questionId: q2.id, clientId: 'a2', response: ['A', 'C'] });
		// A retry of the acknowledged answer gets the same acknowledgement and no second row.
		const retry = restarted.answer(gameId, p1, { questionId: q2.id, clientId: 'a2', response: ['A', 'C'] });
		if (!acked.ok || !retry.ok) throw new Error('expected acknowledgements');
		expect(retry.receivedAt).toBe(acked.receivedAt);
		expect(db2.select({ n: count() }).from(liveAnswers).where(eq(liveAnswers.gameQuestionId, q2.id)).get()!.n).toBe(1);
		// Others can still answer the open question.
		expect(restarted.answer(gameId, p2, { questionId: q2.id, clientId: 'b2', response: ['A'] }).ok).toBe(true);

		// Down again, this time past the deadline: the question is simply closed.
		f.clock.t = q2.deadlineAt + 60_000;
		const later = f.makeEngine(openDatabase(path));
		expect(later.snapshot(gameId, p3)!.state.stage).toBe('closed');
		expect(later.answer(gameId, p3, { questionId: q2.id, clientId: 'c2', response: ['A', 'C'] })).toMatchObject({ ok: false, code: 'late' });
		// The host continues.
		expect(later.reveal(gameId)).toEqual({ ok: true });
		// 100 for question 1 plus 100 × (0.5 + 0.5 × 19/20) = 98 for question 2.
		expect(later.snapshot(gameId, p1)!.me!.score).toBe(198);
		expect(later.next(gameId)).toEqual({ ok: true });
		expect(later.snapshot(gameId, p1)!.state.question!.ordinal).toBe(3);
		expect(later.end(gameId)).toEqual({ ok: true });
		expect(openDatabase(path).select({ status: liveGames.status }).from(liveGames).where(eq(liveGames.id, gameId)).get()!.status).toBe('ended');
	});

	it('keeps a pause across a restart', () => {
		const path = fileDatabasePath();
		const f = setupLive({ dbPath: path });
		const gameId = f.newGame();
		const [p1] = f.joinAll(gameId);
		f.engine.start(gameId);
		const q = f.engine.snapshot(gameId, p1)!.state.question!;
		f.clock.t += 5_000;
		f.engine.pause(gameId);
		f.clock.t += 120_000;
		const restarted = f.makeEngine(openDatabase(path));
		expect(restarted.snapshot(gameId, p1)!.state).toMatchObject({ stage: 'open', paused: true });
		restarted.resume(gameId);
		expect(restarted.snapshot(gameId, p1)!.state.question!.deadlineAt).toBe(q.deadlineAt + 120_000);
		expect(restarted.answer(gameId, p1, { questionId: q.id, clientId: 'x', response: ['B'] }).ok).toBe(true);
	});
});
