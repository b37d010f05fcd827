// What the security review of the live competition asked for: no answer on the projector before
// 公布答案, bounded guests and streams, memory that matches the tables, and safe exports.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { competitionAnswers, competitionQuestions } from '../../src/lib/server/db/schema/index.ts';
import { GUEST_JOINS_PER_ADDRESS, MAX_GUESTS_PER_COMPETITION } from '../../src/lib/server/competitions/engine.ts';
import { competitionEventStream, MAX_QUEUED_CHUNKS } from '../../src/lib/server/competitions/sse.ts';
import { MAX_STREAMS_PER_VIEWER, type Subscriber } from '../../src/lib/server/competitions/broadcaster.ts';
import { CODE_LOOKUPS, competitionInScope, lookUpJoinCode } from '../../src/lib/server/competitions/competitions.ts';
import { resultsWorkbook } from '../../src/lib/server/competitions/export.ts';
import { allowUpdates, refuseUpdates } from './db-faults.ts';
import { setupLive } from './competition-fixture.ts';

const decoder = new TextDecoder();

function recorder(playerId: number | null, viewerId: number | null = null) {
	const chunks: string[] = [];
	const state = { closed: false };
	const sub: Subscriber = { playerId, viewerId, write: (c) => (chunks.push(decoder.decode(c)), true), close: () => void (state.closed = true) };
	return { sub, chunks, state };
}

describe('the projector before 公布答案', () => {
	it('carries neither the answer nor which option is right until the answer is shown', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		const screen = recorder(null, f.organizerId);
		await f.engine.subscribe(competitionId, screen.sub, 'screen');
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] });

		// While the question is open: the stream and the first render of the projector and remote.
		const open = (await f.engine.screenSnapshot(competitionId))!;
		expect(open.stage).toBe('open');
		for (const text of [JSON.stringify(open), screen.chunks.at(-1)!]) {
			expect(text).toContain('"stage":"open"');
			expect(text).not.toContain('answerText');
			expect(text).not.toContain('explanation');
			expect(text).not.toContain('"answer"');
		}

		// Time is up but the host has not pressed 公布答案: counts per option, none marked right.
		f.clock.t = q.deadlineAt + 1;
		const closed = (await f.engine.screenSnapshot(competitionId))!;
		expect(closed.stage).toBe('closed');
		expect(closed.distribution!.map((r) => [r.key, r.count, r.correct])).toEqual([
			['A', 0, false],
			['B', 1, false],
			['C', 0, false]
		]);
		expect(closed.reveal).toBeNull();
		expect(JSON.stringify(closed)).not.toContain('answerText');

		await f.engine.reveal(competitionId);
		const revealed = (await f.engine.screenSnapshot(competitionId))!;
		expect(revealed.reveal).toMatchObject({ answer: ['B'], answerText: 'B. 四条' });
		expect(revealed.distribution!.filter((r) => r.correct).map((r) => r.key)).toEqual(['B']);
		expect((await f.engine.snapshot(competitionId, p2))!.state.reveal).toMatchObject({ answerText: 'B. 四条' });
	});
});

describe('guests', () => {
	it(`takes at most ${MAX_GUESTS_PER_COMPETITION} guests per competition; people with an account still join`, async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ allowGuests: true });
		for (let i = 0; i < MAX_GUESTS_PER_COMPETITION; i++) {
			const r = await f.engine.join(competitionId, { kind: 'guest', name: `嘉宾${i}` });
			if (!r.ok) throw new Error(`guest ${i}: ${r.message}`);
		}
		expect(await f.engine.join(competitionId, { kind: 'guest', name: '多出的嘉宾' })).toEqual({ ok: false, message: `本场竞赛的嘉宾名额（${MAX_GUESTS_PER_COMPETITION} 人）已满，请登录后参加` });
		expect((await f.engine.screenSnapshot(competitionId))!.players).toBe(MAX_GUESTS_PER_COMPETITION);
		expect(await f.joinAll(competitionId)).toHaveLength(5);
		// Another competition has its own places.
		const other = await f.newCompetition({ allowGuests: true });
		expect((await f.engine.join(other, { kind: 'guest', name: '另一场的嘉宾' })).ok).toBe(true);
	});

	it(`lets one address add ${GUEST_JOINS_PER_ADDRESS} guests a minute per competition, then asks it to wait`, async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ allowGuests: true });
		const other = await f.newCompetition({ allowGuests: true });
		const guest = async (competition: number, address: string, name = '嘉宾') => await f.engine.join(competition, { kind: 'guest', name, address });
		for (let i = 0; i < GUEST_JOINS_PER_ADDRESS; i++) expect((await guest(competitionId, '10.0.0.1')).ok).toBe(true);
		expect(await guest(competitionId, '10.0.0.1', '第二十一位')).toEqual({ ok: false, message: '嘉宾加入过于频繁，请稍等一分钟后再试' });
		expect((await f.engine.screenSnapshot(competitionId))!.players).toBe(GUEST_JOINS_PER_ADDRESS);
		// Other addresses, and the same address for another competition, are not held up.
		expect((await guest(competitionId, '10.0.0.2')).ok).toBe(true);
		expect((await guest(other, '10.0.0.1')).ok).toBe(true);
		f.clock.t += 60_000;
		expect((await guest(competitionId, '10.0.0.1')).ok).toBe(true);
	});
});

describe('streams', () => {
	it(`keeps at most ${MAX_STREAMS_PER_VIEWER} streams per player and per host, closing the oldest`, async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		const phones = Array.from({ length: MAX_STREAMS_PER_VIEWER + 2 }, () => recorder(p1));
		const other = recorder(p2);
		await f.engine.subscribe(competitionId, other.sub, 'player');
		for (const phone of phones) await f.engine.subscribe(competitionId, phone.sub, 'player');
		expect(phones.map((p) => p.state.closed)).toEqual([true, true, false, false, false]);
		expect(other.state.closed).toBe(false);
		expect(f.engine.subscriberCount(competitionId).players).toBe(MAX_STREAMS_PER_VIEWER + 1);
		// A closed stream gets nothing more; the others get the broadcast.
		const before = phones[0].chunks.length;
		await f.engine.start(competitionId);
		expect(phones[0].chunks.length).toBe(before);
		expect(phones[4].chunks.findLast((c) => c.includes('event: state'))).toContain('"stage":"open"');

		const screens = Array.from({ length: MAX_STREAMS_PER_VIEWER + 1 }, () => recorder(null, f.organizerId));
		const admin = recorder(null, f.organizerId + 1000);
		await f.engine.subscribe(competitionId, admin.sub, 'screen');
		for (const s of screens) await f.engine.subscribe(competitionId, s.sub, 'screen');
		expect(screens.map((s) => s.state.closed)).toEqual([true, false, false, false]);
		expect(admin.state.closed).toBe(false);
		expect(f.engine.subscriberCount(competitionId).screens).toBe(MAX_STREAMS_PER_VIEWER + 1);
	});

	it('ends the oldest server-sent-events response of a player who opens a fourth', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		const responses = [];
		for (let i = 0; i <= MAX_STREAMS_PER_VIEWER; i++) responses.push((await competitionEventStream(f.engine, competitionId, 'player', p1))!);
		expect(f.engine.subscriberCount(competitionId).players).toBe(MAX_STREAMS_PER_VIEWER);
		const oldest = responses[0].body!.getReader();
		let text = '';
		for (let r = await oldest.read(); !r.done; r = await oldest.read()) text += decoder.decode(r.value);
		expect(text).toContain('event: me');
		await f.engine.shutdown();
	});

	it(`closes a stream that falls ${MAX_QUEUED_CHUNKS} updates behind; a phone that reads stays`, async () => {
		expect(MAX_QUEUED_CHUNKS).toBeLessThanOrEqual(20);
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		const stalled = (await competitionEventStream(f.engine, competitionId, 'player', p1))!;
		const reader = (await competitionEventStream(f.engine, competitionId, 'player', p2))!.body!.getReader();
		await f.engine.start(competitionId);
		// Every pause and resume is a broadcast (a state event and a personal one to each phone).
		for (let i = 0; i < MAX_QUEUED_CHUNKS; i++) {
			await f.engine.pause(competitionId);
			await f.engine.resume(competitionId);
			for (let k = 0; k < 4; k++) await reader.read();
		}
		expect(f.engine.subscriberCount(competitionId).players).toBe(1);
		// The stalled phone still gets what was queued, then the end; it reconnects for a snapshot.
		const r = stalled.body!.getReader();
		let done = false;
		for (let i = 0; i < 100 && !done; i++) done = (await r.read()).done;
		expect(done).toBe(true);
		await f.engine.shutdown();
	});
});

describe('memory matches the tables', () => {
	it('does not count a buzz the table refused: the stored order decides', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ rounds: [{ kind: 'buzz', setId: f.setId, count: 1, points: 50, seconds: 15 }] });
		const [p1, p2] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		// A second engine (another process) loaded the competition before the buzzes.
		const stale = f.makeEngine();
		expect((await stale.snapshot(competitionId, p1))!.state.buzz).toEqual({ winnerId: null, winnerName: null });
		expect(await f.engine.buzz(competitionId, p2, q.id)).toMatchObject({ ok: true, won: true });
		expect(await f.engine.buzz(competitionId, p1, q.id)).toMatchObject({ ok: true, won: false });
		expect(await stale.buzz(competitionId, p1, q.id)).toMatchObject({ ok: true, won: false, winnerName: '乙二' });
		expect((await stale.snapshot(competitionId, p1))!.state.buzz).toEqual({ winnerId: p2, winnerName: '乙二' });
		expect(await stale.answer(competitionId, p1, { questionId: q.id, clientId: 'x', response: ['B'] })).toMatchObject({ ok: false, code: 'not-winner' });
	});

	it('leaves the competition as it was when storing the end fails', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1, p2] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] });
		await refuseUpdates(f.db, 'competitions', 'status', 'disk full');
		// drizzle reports the failed statement; the database's own message is its cause.
		await expect(f.engine.end(competitionId)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/disk full/) } });
		// The question is still open, in memory as in the table, and still takes answers.
		expect((await f.engine.snapshot(competitionId, p1))!.state.stage).toBe('open');
		expect(await f.db.select().from(competitionQuestions).where(eq(competitionQuestions.id, q.id)).get()).toMatchObject({ closedAt: null, revealedAt: null });
		expect((await f.engine.snapshot(competitionId, p1))!.me!.score).toBe(0);
		expect((await f.engine.answer(competitionId, p2, { questionId: q.id, clientId: 'b', response: ['B'] })).ok).toBe(true);
		await allowUpdates(f.db, 'competitions');
		expect(await f.engine.end(competitionId)).toEqual({ ok: true });
		expect((await f.engine.snapshot(competitionId, p2))!.me).toMatchObject({ score: 100 });
	});

	it('does not keep an ended competition in memory after a read, and still serves its results', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] });
		await f.engine.end(competitionId);
		expect(f.engine.isLoaded(competitionId)).toBe(false);
		// A finished player's phone reloads: who they are, and their final score.
		expect((await f.engine.playerForUser(competitionId, f.people[0].id))?.id).toBe(p1);
		expect((await f.engine.player(competitionId, p1))?.name).toBe('甲一');
		expect(await f.engine.snapshot(competitionId, p1)).toMatchObject({ state: { stage: 'ended' }, me: { score: 100, rank: 1 } });
		expect(f.engine.isLoaded(competitionId)).toBe(false);
		// A stream keeps it while it is open (heartbeats), and it leaves with the stream.
		const phone = recorder(p1);
		const unsubscribe = (await f.engine.subscribe(competitionId, phone.sub, 'player'))!;
		expect(phone.chunks.join('')).toContain('"stage":"ended"');
		expect(f.engine.isLoaded(competitionId)).toBe(true);
		unsubscribe();
		expect(f.engine.isLoaded(competitionId)).toBe(false);
	});
});

describe('results workbook', () => {
	it('writes typed text (guest names, fill-in answers) so that Excel cannot run it as a formula', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ allowGuests: true });
		const guest = await f.engine.join(competitionId, { kind: 'guest', name: '=HYPERLINK("http://x","点我")' });
		if (!guest.ok) throw new Error(guest.message);
		await f.engine.start(competitionId);
		let answeredFill = false;
		for (;;) {
			const q = (await f.engine.snapshot(competitionId, null))!.state.question!;
			if (q.type === 'fill') answeredFill = (await f.engine.answer(competitionId, guest.player.id, { questionId: q.id, clientId: 'g', response: ['+SUM(A1)'] })).ok;
			await f.engine.reveal(competitionId);
			if (!(await f.engine.next(competitionId)).ok) break;
		}
		expect(answeredFill).toBe(true);
		await f.engine.end(competitionId);
		const book = new ExcelJS.Workbook();
		const bytes = await resultsWorkbook(f.db, (await competitionInScope(f.db, null, competitionId))!);
		await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		const people = book.getWorksheet('个人成绩')!;
		expect(people.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://x","点我")`);
		const detail = book.getWorksheet('答题明细')!;
		expect(detail.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://x","点我")（嘉宾）`);
		expect(detail.getRow(2).getCell(4).value).toBe(`'+SUM(A1)`);
		// Ordinary text is left alone.
		expect(book.getWorksheet('概况')!.getRow(2).getCell(2).value).toBe('测试知识竞赛');
	});
});

describe('join codes cannot be enumerated', () => {
	it(`refuses every look-up from an address after ${CODE_LOOKUPS.limit} wrong codes in ten minutes, with the time to wait`, async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const { code } = (await competitionInScope(f.db, null, competitionId))!;
		const wrong = code === '000000' ? '000001' : '000000';
		const t0 = 1_800_000_000_000;
		for (let i = 0; i < CODE_LOOKUPS.limit; i++) {
			expect(await lookUpJoinCode(f.db, wrong, '10.1.1.1', t0 + i)).toEqual({ ok: false, message: '竞赛码无效，或该竞赛已经结束' });
		}
		// Now even the right code is refused from that address: a guesser learns nothing more.
		const refused = await lookUpJoinCode(f.db, code, '10.1.1.1', t0 + 60_000);
		expect(refused).toEqual({ ok: false, message: expect.stringMatching(/^输入错误的竞赛码次数过多，请 \d+ 分钟后再试$/) });
		// Other addresses are not affected; the right code never counts against anyone.
		expect(await lookUpJoinCode(f.db, code, '10.1.1.2', t0 + 60_000)).toMatchObject({ ok: true, competition: { id: competitionId } });
		// After the window the address may try again.
		expect(await lookUpJoinCode(f.db, code, '10.1.1.1', t0 + 11 * 60_000)).toMatchObject({ ok: true });
	});
});

describe('a question that has not started', () => {
	it('says so, instead of calling it ended, and stores nothing', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition();
		const [p1] = await f.joinAll(competitionId);
		const questions = (await f.engine.competition(competitionId))!.questions;
		// Before the start, and during question 1 for question 2.
		expect(await f.engine.answer(competitionId, p1, { questionId: questions[0].row.id, clientId: 'early1', response: ['B'] })).toEqual({
			ok: false,
			code: 'not-yet',
			message: '本题尚未开始，请等待主持人出题'
		});
		await f.engine.start(competitionId);
		expect(await f.engine.answer(competitionId, p1, { questionId: questions[1].row.id, clientId: 'early2', response: ['B'] })).toMatchObject({
			ok: false,
			message: '本题尚未开始，请等待主持人出题'
		});
		expect(await f.db.select().from(competitionAnswers).all()).toEqual([]);
	});
});
