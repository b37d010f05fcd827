import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { activities, attendances, competitions, competitionPlayerResults } from '../../src/lib/server/db/schema/index.ts';
import { competitionByCode, competitionInScope } from '../../src/lib/server/competitions/competitions.ts';
import { playerResults, questionResults } from '../../src/lib/server/competitions/results.ts';
import { resultsWorkbook } from '../../src/lib/server/competitions/export.ts';
import { setupLive } from './competition-fixture.ts';

describe('end of a competition', () => {
	it('stores results per person and per question, frees the code and records one activity with one participation per player', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ allowGuests: true, rounds: [{ kind: 'required', setId: f.setId, count: 2, points: 100, seconds: 20 }] });
		const code = (await f.db.select({ code: competitions.code }).from(competitions).where(eq(competitions.id, competitionId)).get())!.code;
		expect((await competitionByCode(f.db, code))?.id).toBe(competitionId);
		const [p1, p2] = await f.joinAll(competitionId);
		const guest = await f.engine.join(competitionId, { kind: 'guest', name: '企业嘉宾' });
		if (!guest.ok) throw new Error(guest.message);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] });
		await f.engine.answer(competitionId, p2, { questionId: q.id, clientId: 'b', response: ['C'] });
		await f.engine.answer(competitionId, guest.player.id, { questionId: q.id, clientId: 'g', response: ['B'] });
		await f.engine.reveal(competitionId);
		expect(await f.engine.end(competitionId)).toEqual({ ok: true });
		expect(await f.engine.end(competitionId)).toMatchObject({ ok: false });

		expect(await f.db.select().from(competitionPlayerResults).where(eq(competitionPlayerResults.competitionId, competitionId)).all()).toHaveLength(6);
		const people = await playerResults(f.db, competitionId);
		expect(people.slice(0, 2).map((p) => [p.rank, p.name, p.score, p.isGuest]).sort()).toEqual([
			[1, '企业嘉宾', 100, true],
			[1, '甲一', 100, false]
		]);
		expect((await questionResults(f.db, competitionId)).map((r) => [r.ordinal, r.answered, r.correct, r.accuracy])).toEqual([
			[1, 3, 2, 67],
			[2, 0, 0, null]
		]);
		// The code can be used by another competition now.
		expect(await competitionByCode(f.db, code)).toBeUndefined();

		const competition = (await f.db.select().from(competitions).where(eq(competitions.id, competitionId)).get())!;
		const activity = (await f.db.select().from(activities).where(eq(activities.id, competition.activityId!)).get())!;
		expect(activity).toMatchObject({ kind: '知识竞赛', source: 'competition', sourceRef: `competition:${competitionId}`, unitId: f.units.party, title: '测试知识竞赛' });
		// Five players with accounts: five participations; the guest has no account to count.
		const rows = await f.db.select().from(attendances).where(eq(attendances.activityId, activity.id)).all();
		expect(rows.map((r) => r.userId).sort()).toEqual(f.people.map((p) => p.id).sort());
		expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['competition']));

		const detail = (await competitionInScope(f.db, null, competitionId))!;
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
		const competitionId = await f.newCompetition();
		const b2 = (await f.db.select().from(competitions).where(eq(competitions.id, competitionId)).get())!;
		expect((await competitionInScope(f.db, { unitId: f.units.party, pathPrefix: `/${f.units.root}/${f.units.party}/` }, competitionId))?.id).toBe(b2.id);
		expect(await competitionInScope(f.db, { unitId: f.units.branch2, pathPrefix: `/${f.units.root}/${f.units.party}/${f.units.branch2}/` }, competitionId)).toBeUndefined();
	});
});
