import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { competitionTeamResults } from '../../src/lib/server/db/schema/index.ts';
import { setupLive } from './competition-fixture.ts';

describe('团体赛', () => {
	it('forms teams from units at the chosen depth and scores each team as the average of its members', async () => {
		const f = await setupLive();
		// Depth 3 = the 党支部 level (市纪委监委 / 机关党委 / 第N党支部).
		const competitionId = await f.newCompetition({ format: 'team', teamMode: 'unit', teamDepth: 3, allowGuests: true, rounds: [{ kind: 'required', setId: f.setId, count: 1, points: 90, seconds: 20 }] });
		const [p1, p2, p3, p4, p5] = await f.joinAll(competitionId);
		const guest = await f.engine.join(competitionId, { kind: 'guest', name: '王嘉宾' });
		if (!guest.ok) throw new Error(guest.message);
		expect((await f.engine.player(competitionId, p1))!.teamName).toBe('第一党支部');
		expect((await f.engine.player(competitionId, p4))!.teamName).toBe('第二党支部');
		expect(guest.player.teamName).toBe('嘉宾');
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		// 第一党支部: 90 + 90 + 0 over 3 members = 60; 第二党支部: 90 + 0 over 2 = 45; 嘉宾: 90.
		for (const p of [p1, p2, p4, guest.player.id]) await f.engine.answer(competitionId, p, { questionId: q.id, clientId: `c${p}`, response: ['B'] });
		await f.engine.answer(competitionId, p3, { questionId: q.id, clientId: 'x', response: ['A'] });
		expect((await f.engine.snapshot(competitionId, p5))!.state.stage).toBe('open');
		await f.engine.reveal(competitionId);
		const screen = (await f.engine.screenSnapshot(competitionId))!;
		expect(screen.teams).toEqual([
			{ rank: 1, name: '嘉宾', members: 1, score: 90 },
			{ rank: 2, name: '第一党支部', members: 3, score: 60 },
			{ rank: 3, name: '第二党支部', members: 2, score: 45 }
		]);
		expect((await f.engine.snapshot(competitionId, p3))!.me).toMatchObject({ teamName: '第一党支部', teamScore: 60, teamRank: 2, score: 0 });
		await f.engine.end(competitionId);
		const stored = await f.db.select().from(competitionTeamResults).where(eq(competitionTeamResults.competitionId, competitionId)).all();
		expect(stored.map((t) => [t.teamName, t.members, t.score, t.rank]).sort()).toEqual([
			['嘉宾', 1, 90, 1],
			['第一党支部', 3, 60, 2],
			['第二党支部', 2, 45, 3]
		]);
	});

	it('gives equal averages the same rank, whatever the team sizes', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ format: 'team', teamMode: 'unit', teamDepth: 3, rounds: [{ kind: 'required', setId: f.setId, count: 1, points: 60, seconds: 20 }] });
		const [p1, , , p4] = await f.joinAll(competitionId);
		await f.engine.start(competitionId);
		const q = (await f.engine.snapshot(competitionId, p1))!.state.question!;
		// 第一党支部 (3 members): 60 at once → 60 / 3 = 20.
		await f.engine.answer(competitionId, p1, { questionId: q.id, clientId: 'a', response: ['B'] });
		// 第二党支部 (2 members): with a third of the time left, 60 × (0.5 + 0.5/3) = 40 → 40 / 2 = 20.
		f.clock.t = q.deadlineAt - 6_667;
		await f.engine.answer(competitionId, p4, { questionId: q.id, clientId: 'd', response: ['B'] });
		await f.engine.reveal(competitionId);
		const teams = (await f.engine.screenSnapshot(competitionId))!.teams;
		expect(teams.map((t) => [t.name, t.score, t.rank]).sort()).toEqual([
			['第一党支部', 20, 1],
			['第二党支部', 20, 1]
		]);
	});

	it('lets players pick a team formed in the lobby and change it before the start', async () => {
		const f = await setupLive();
		const competitionId = await f.newCompetition({ format: 'team', teamMode: 'lobby', teamNames: ['红队', '蓝队'] });
		const who = { kind: 'user' as const, userId: f.people[0].id, name: f.people[0].name, orgUnitId: f.people[0].orgUnitId };
		expect(await f.engine.join(competitionId, who)).toEqual({ ok: false, message: '请选择所在队伍' });
		expect(await f.engine.join(competitionId, who, 0)).toMatchObject({ ok: true, player: { teamName: '红队' } });
		expect(await f.engine.join(competitionId, who, 1)).toMatchObject({ ok: true, player: { teamName: '蓝队' } });
		// Rejoining without a choice (a reload) keeps the team.
		expect(await f.engine.join(competitionId, who)).toMatchObject({ ok: true, player: { teamName: '蓝队' } });
		await f.engine.start(competitionId);
		expect(await f.engine.join(competitionId, who, 0)).toMatchObject({ ok: true, player: { teamName: '蓝队' } });
		expect((await f.makeEngine().player(competitionId, (await f.engine.playerForUser(competitionId, who.userId))!.id))!.teamName).toBe('蓝队');
	});
});
