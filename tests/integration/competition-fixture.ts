// Shared set-up for the live-competition tests: a small org tree, a few people, one competition
// file loaded through the real loader, and an engine on a fake clock with timers off.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { applyMigrations, openDatabase, type DB } from '../../src/lib/server/db/client.ts';
import { createTestDatabase } from '../../src/lib/server/db/testing.ts';
import { questionSets, users } from '../../src/lib/server/db/schema/index.ts';
import { createUnit } from '../../src/lib/server/org/units.ts';
import { loadCompetitions } from '../../src/lib/server/content/competitions/load.ts';
import { CompetitionEngine } from '../../src/lib/server/competitions/engine.ts';
import { createCompetition, type CreateCompetitionInput, type RoundInput } from '../../src/lib/server/competitions/competitions.ts';

export const COMPETITION_MD = `---
title: 测试竞赛题库
---

## 单选题 {#q1}
党员干部廉洁自律规范共有几条？

- [ ] 二条
- [x] 四条
- [ ] 六条

> 解析：第五至第八条，共四条。
> 依据：lianjie-zilv-zhunze-2015#5

## 多选题 {#q2}
下列哪些属于六项纪律？

- [x] 政治纪律
- [ ] 财经纪律
- [x] 群众纪律

> 解析：六项纪律包括政治纪律和群众纪律等。
> 依据：jilv-chufen-tiaoli-2023#7

## 判断题 {#q3}
八项规定精神适用于全体党员。

> 答案：正确
> 解析：示例解析。
> 依据：baxiang-guiding-2012#1

## 填空题 {#q4}
党员领导干部应当廉洁用权，____________。

> 答案：不谋私利
> 解析：示例解析。
> 依据：lianjie-zilv-zhunze-2015#5

## 单选题 {#q5}
第五题？

- [x] 甲
- [ ] 乙

> 解析：示例。
> 依据：lianjie-zilv-zhunze-2015#6

## 单选题 {#q6}
第六题？

- [ ] 甲
- [x] 乙

> 解析：示例。
> 依据：lianjie-zilv-zhunze-2015#7
`;

export type Fixture = {
	db: DB;
	engine: CompetitionEngine;
	clock: { t: number };
	setId: number;
	units: { root: number; party: number; branch1: number; branch2: number };
	organizerId: number;
	people: { id: number; name: string; orgUnitId: number }[];
	makeEngine(db?: DB): CompetitionEngine;
	newCompetition(overrides?: Partial<CreateCompetitionInput> & { rounds?: RoundInput[] }): Promise<number>;
	joinAll(competitionId: number, engine?: CompetitionEngine): Promise<number[]>;
};

export function writeContentDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'qf-live-content-'));
	mkdirSync(join(dir, 'competitions'));
	writeFileSync(join(dir, 'competitions', 'test-bank.md'), COMPETITION_MD);
	return dir;
}

/** A database file (not in memory) when a test needs a second connection, as after a restart. */
export function fileDatabasePath(): string {
	return join(mkdtempSync(join(tmpdir(), 'qf-live-db-')), 'live.db');
}

export async function setupLive(options: { dbPath?: string } = {}): Promise<Fixture> {
	let db: DB;
	if (options.dbPath) {
		db = openDatabase(options.dbPath);
		await applyMigrations(db);
	} else db = await createTestDatabase();
	const root = await createUnit(db, { parentId: null, name: '市纪委监委', kind: '单位' });
	const party = await createUnit(db, { parentId: root.id, name: '机关党委', kind: '党委' });
	const branch1 = await createUnit(db, { parentId: party.id, name: '第一党支部', kind: '党支部' });
	const branch2 = await createUnit(db, { parentId: party.id, name: '第二党支部', kind: '党支部' });
	const insertUser = async (username: string, name: string, orgUnitId: number, role: 'learner' | 'organizer' = 'learner') =>
		await db.insert(users).values({ username, name, orgUnitId, role, passwordHash: 'x', mustChangePassword: false }).returning().get();
	const organizer = await insertUser('org', '周组织', party.id, 'organizer');
	const people: Fixture['people'] = [];
	for (const [username, name, unitId] of [
		['p1', '甲一', branch1.id],
		['p2', '乙二', branch1.id],
		['p3', '丙三', branch1.id],
		['p4', '丁四', branch2.id],
		['p5', '戊五', branch2.id]
	] as const) {
		const u = await insertUser(username, name, unitId);
		people.push({ id: u.id, name: u.name, orgUnitId: u.orgUnitId });
	}
	const report = await loadCompetitions(db, writeContentDir());
	if (report.errors.length) throw new Error(JSON.stringify(report.errors));
	const setId = (await db.select({ id: questionSets.id }).from(questionSets).where(eq(questionSets.slug, 'competition/test-bank')).get())!.id;
	const clock = { t: 1_700_000_000_000 };
	const makeEngine = (on: DB = db) => new CompetitionEngine(on, { now: () => clock.t, timers: false });
	const engine = makeEngine();
	const fixture: Fixture = {
		db,
		engine,
		clock,
		setId,
		units: { root: root.id, party: party.id, branch1: branch1.id, branch2: branch2.id },
		organizerId: organizer.id,
		people,
		makeEngine,
		async newCompetition(overrides = {}) {
			const result = await createCompetition(
				db,
				{
					title: '测试知识竞赛',
					ownerId: organizer.id,
					orgUnitId: party.id,
					format: 'individual',
					teamMode: null,
					teamDepth: null,
					teamNames: [],
					allowGuests: false,
					stakeSeconds: 10,
					stakes: [10, 20, 30],
					rounds: [{ kind: 'required', setId, count: 6, points: 100, seconds: 20 }],
					...overrides
				},
				clock.t
			);
			if (!result.ok) throw new Error(JSON.stringify(result.errors));
			return result.competitionId;
		},
		async joinAll(competitionId, on = engine) {
			const ids: number[] = [];
			for (const p of people) {
				const r = await on.join(competitionId, { kind: 'user', userId: p.id, name: p.name, orgUnitId: p.orgUnitId });
				if (!r.ok) throw new Error(r.message);
				ids.push(r.player.id);
			}
			return ids;
		}
	};
	return fixture;
}
