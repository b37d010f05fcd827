import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { activities, attendances, liveGames, livePlayerResults } from '../../src/lib/server/db/schema/index.ts';
import { gameByCode, gameInScope } from '../../src/lib/server/live/games.ts';
import { playerResults, questionResults } from '../../src/lib/server/live/results.ts';
import { resultsWorkbook } from '../../src/lib/server/live/export.ts';
import { setupLive } from './live-fixture.ts';

describe('end of a competition', () => {
	it('stores results per person and per question, frees the code and records one activity with one participation per player', async () => {
		const f = await setupLive();
		const gameId = await f.newGame({ allowGuests: true, rounds: [{ kind: 'required', setId: f.setId, count: 2, points: 100, seconds: 20 }] });
		const code = (await f.db.select({ code: liveGames.code }).from(liveGames).where(eq(liveGames.id, gameId)).get())!.code;
		expect((await gameByCode(f.db, code))?.id).toBe(gameId);
		const [p1, p2] = await f.joinAll(gameId);
		const guest = await f.engine.join(gameId, { kind: 'guest', name: '企业嘉宾' });
		if (!guest.ok) throw new Error(guest.message);
		await f.engine.start(gameId);
		const q = (await f.engine.snapshot(gameId, p1))!.state.question!;
		await f.engine.answer(gameId, p1, { questionId: q.id, clientId: 'a', response: ['B'] });
		await f.engine.answer(gameId, p2, { questionId: q.id, clientId: 'b', response: ['C'] });
		await f.engine.answer(gameId, guest.player.id, { questionId: q.id, clientId: 'g', response: ['B'] });
		await f.engine.reveal(gameId);
		expect(await f.engine.end(gameId)).toEqual({ ok: true });
		expect(await f.engine.end(gameId)).toMatchObject({ ok: false });

		expect(await f.db.select().from(livePlayerResults).where(eq(livePlayerResults.gameId, gameId)).all()).toHaveLength(6);
		const people = await playerResults(f.db, gameId);
		expect(people.slice(0, 2).map((p) => [p.rank, p.name, p.score, p.isGuest]).sort()).toEqual([
			[1, '企业嘉宾', 100, true],
			[1, '甲一', 100, false]
		]);
		expect((await questionResults(f.db, gameId)).map((r) => [r.ordinal, r.answered, r.correct, r.accuracy])).toEqual([
			[1, 3, 2, 67],
			[2, 0, 0, null]
		]);
		// The code can be used by another game now.
		expect(await gameByCode(f.db, code)).toBeUndefined();

		const game = (await f.db.select().from(liveGames).where(eq(liveGames.id, gameId)).get())!;
		const activity = (await f.db.select().from(activities).where(eq(activities.id, game.activityId!)).get())!;
		expect(activity).toMatchObject({ kind: '知识竞赛', source: 'live', sourceRef: `live:${gameId}`, unitId: f.units.party, title: '测试知识竞赛' });
		// Five players with accounts: five participations; the guest has no account to count.
		const rows = await f.db.select().from(attendances).where(eq(attendances.activityId, activity.id)).all();
		expect(rows.map((r) => r.userId).sort()).toEqual(f.people.map((p) => p.id).sort());
		expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['live']));

		const detail = (await gameInScope(f.db, null, gameId))!;
		const book = new ExcelJS.Workbook();
		const bytes = await resultsWorkbook(f.db, detail);
		await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '个人成绩', '逐题统计', '答题明细']);
		const sheet = book.getWorksheet('个人成绩')!;
		expect(sheet.getRow(1).values).toContain('得分');
		expect(sheet.rowCount).toBe(7);
		const guestRow = sheet.getRows(2, 6)!.find((r) => r.getCell(2).value === '企业嘉宾')!;
		expect(guestRow.getCell(4).value).toBe('嘉宾');
		expect(book.getWorksheet('答题明细')!.rowCount).toBe(4);
	});

	it('keeps organizers to their own subtree', async () => {
		const f = await setupLive();
		const gameId = await f.newGame();
		const b2 = (await f.db.select().from(liveGames).where(eq(liveGames.id, gameId)).get())!;
		expect((await gameInScope(f.db, { unitId: f.units.party, pathPrefix: `/${f.units.root}/${f.units.party}/` }, gameId))?.id).toBe(b2.id);
		expect(await gameInScope(f.db, { unitId: f.units.branch2, pathPrefix: `/${f.units.root}/${f.units.party}/${f.units.branch2}/` }, gameId)).toBeUndefined();
	});
});
