import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, count, desc, eq, isNotNull, like, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { competitionQuestions, competitions, competitionPlayers, orgUnits, questionSets, questions, users, type Competition } from '../db/schema/index.ts';
import type { Scope } from '../org/units.ts';
import { countAttempt, isLimited, minutesText, type RateLimit } from '../rate-limit.ts';
import { type CompetitionFormat, type CompetitionTeamMode, type RoundKind } from '../../vocabulary.ts';

// Creating and finding competitions (the organizer's side, outside play).

export const DEFAULT_STAKES = [10, 20, 30];

export type RoundInput = { kind: RoundKind; setId: number; count: number; points: number; seconds: number };

export type CreateCompetitionInput = {
	title: string;
	ownerId: number;
	orgUnitId: number;
	format: CompetitionFormat;
	teamMode: CompetitionTeamMode | null;
	teamDepth: number | null;
	teamNames: string[];
	allowGuests: boolean;
	stakeSeconds: number;
	stakes: number[];
	rounds: RoundInput[];
};

export type CreateCompetitionResult = { ok: true; competitionId: number; code: string } | { ok: false; errors: Record<string, string> };

export type QuestionSetOption = { id: number; title: string; kind: 'course-quiz' | 'competition' | 'bank'; questions: number };

/** Active question sets with their number of active questions; competition banks first. */
export async function questionSetOptions(db: DB): Promise<QuestionSetOption[]> {
	return await db
		.select({ id: questionSets.id, title: questionSets.title, kind: questionSets.kind, questions: count(questions.id) })
		.from(questionSets)
		.innerJoin(questions, and(eq(questions.setId, questionSets.id), eq(questions.active, true)))
		.where(eq(questionSets.active, true))
		.groupBy(questionSets.id)
		.orderBy(desc(sql`${questionSets.kind} = 'competition'`), asc(questionSets.title))
		.all();
}

/** A 6-digit code no open competition is using. Leading zeros are part of the code. */
export async function generateJoinCode(db: DB): Promise<string> {
	for (let i = 0; i < 50; i++) {
		const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
		if (!await db.select({ id: competitions.id }).from(competitions).where(eq(competitions.joinCode, code)).get()) return code;
	}
	throw new Error('无法生成竞赛码：进行中的竞赛过多');
}

export async function createCompetition(db: DB, input: CreateCompetitionInput, now = Date.now()): Promise<CreateCompetitionResult> {
	const errors: Record<string, string> = {};
	if (!input.rounds.length) errors.rounds = '请至少设置一轮题目';
	if (input.format === 'team') {
		if (!input.teamMode) errors.teamMode = '请选择分队方式';
		if (input.teamMode === 'unit' && !input.teamDepth) errors.teamDepth = '请选择按哪一级单位分队';
		if (input.teamMode === 'lobby') {
			const names = input.teamNames;
			if (names.length < 2) errors.teamNames = '现场分组至少需要两个队伍名称（每行一个）';
			else if (new Set(names).size !== names.length) errors.teamNames = '队伍名称不能重复';
		}
	}
	if (input.rounds.some((r) => r.kind === 'risk')) {
		if (!input.stakes.length || input.stakes.some((s) => !Number.isInteger(s) || s <= 0 || s > 1000)) errors.stakes = '风险题分值应为 1 到 1000 之间的整数，用逗号分隔，如 10,20,30';
	}
	// Rounds drawing from the same set continue where the previous round stopped, so no question repeats.
	const used = new Set<number>();
	const picked: { round: RoundInput; roundNo: number; questionIds: number[] }[] = [];
	for (const [i, round] of input.rounds.entries()) {
		const set = await db.select().from(questionSets).where(and(eq(questionSets.id, round.setId), eq(questionSets.active, true))).get();
		if (!set) {
			errors[`round${i + 1}`] = `第 ${i + 1} 轮：请选择题库`;
			continue;
		}
		const available = (await db
			.select({ id: questions.id })
			.from(questions)
			.where(and(eq(questions.setId, set.id), eq(questions.active, true)))
			.orderBy(asc(questions.ordinal))
			.all())
			.map((q) => q.id)
			.filter((id) => !used.has(id));
		if (round.count > available.length) {
			errors[`round${i + 1}`] = `第 ${i + 1} 轮：《${set.title}》只剩 ${available.length} 道题可用（之前的轮次已用掉其余的题）`;
			continue;
		}
		const ids = available.slice(0, round.count);
		for (const id of ids) used.add(id);
		picked.push({ round, roundNo: i + 1, questionIds: ids });
	}
	if (Object.keys(errors).length) return { ok: false, errors };

	const code = await generateJoinCode(db);
	const competitionId = await db.transaction(async (tx) => {
		const competition = await tx
			.insert(competitions)
			.values({
				title: input.title,
				ownerId: input.ownerId,
				orgUnitId: input.orgUnitId,
				format: input.format,
				teamMode: input.format === 'team' ? input.teamMode : null,
				teamDepth: input.format === 'team' && input.teamMode === 'unit' ? input.teamDepth : null,
				teamNames: input.format === 'team' && input.teamMode === 'lobby' ? input.teamNames : [],
				allowGuests: input.allowGuests,
				stakeSeconds: input.stakeSeconds,
				code,
				joinCode: code,
				guestSecret: randomBytes(32).toString('base64url'),
				createdAt: now
			})
			.returning({ id: competitions.id })
			.get();
		let ordinal = 0;
		const rows = picked.flatMap(({ round, roundNo, questionIds }) =>
			questionIds.map((questionId) => ({
				competitionId: competition.id,
				ordinal: ++ordinal,
				questionId,
				round: round.kind,
				roundNo,
				points: round.points,
				seconds: round.seconds,
				stakes: round.kind === 'risk' ? input.stakes : []
			}))
		);
		await tx.insert(competitionQuestions).values(rows).run();
		return competition.id;
	});
	return { ok: true, competitionId, code };
}

export type CompetitionListRow = {
	id: number;
	title: string;
	status: Competition['status'];
	format: CompetitionFormat;
	code: string;
	unitName: string;
	ownerName: string;
	createdAt: number;
	endedAt: number | null;
	players: number;
};

const scopeWhere = (scope: Scope) => (scope === null ? undefined : like(orgUnits.path, `${scope.pathPrefix}%`));

export async function listCompetitions(db: DB, scope: Scope): Promise<CompetitionListRow[]> {
	return await db
		.select({
			id: competitions.id,
			title: competitions.title,
			status: competitions.status,
			format: competitions.format,
			code: competitions.code,
			unitName: orgUnits.name,
			ownerName: users.name,
			createdAt: competitions.createdAt,
			endedAt: competitions.endedAt,
			players: sql<number>`(select count(*) from ${competitionPlayers} where ${competitionPlayers.competitionId} = ${competitions.id})`
		})
		.from(competitions)
		.innerJoin(orgUnits, eq(orgUnits.id, competitions.orgUnitId))
		.innerJoin(users, eq(users.id, competitions.ownerId))
		.where(scopeWhere(scope))
		.orderBy(desc(competitions.createdAt), desc(competitions.id))
		.all();
}

export type CompetitionDetail = Competition & { unitName: string; ownerName: string; questionCount: number; rounds: { roundNo: number; kind: RoundKind; count: number; points: number; seconds: number }[] };

/** A competition the organizer may see and host, or undefined (also for competitions outside their subtree). */
export async function competitionInScope(db: DB, scope: Scope, competitionId: number): Promise<CompetitionDetail | undefined> {
	const row = await db
		.select({ competition: competitions, unitName: orgUnits.name, ownerName: users.name })
		.from(competitions)
		.innerJoin(orgUnits, eq(orgUnits.id, competitions.orgUnitId))
		.innerJoin(users, eq(users.id, competitions.ownerId))
		.where(and(eq(competitions.id, competitionId), scopeWhere(scope)))
		.get();
	if (!row) return undefined;
	const rounds = await db
		.select({
			roundNo: competitionQuestions.roundNo,
			kind: competitionQuestions.round,
			count: count(),
			points: sql<number>`max(${competitionQuestions.points})`,
			seconds: sql<number>`max(${competitionQuestions.seconds})`
		})
		.from(competitionQuestions)
		.where(eq(competitionQuestions.competitionId, competitionId))
		.groupBy(competitionQuestions.roundNo, competitionQuestions.round)
		.orderBy(asc(competitionQuestions.roundNo))
		.all();
	return { ...row.competition, unitName: row.unitName, ownerName: row.ownerName, questionCount: rounds.reduce((n, r) => n + r.count, 0), rounds };
}

/**
 * Wrong codes an address may try in ten minutes. A six-digit code has a million values and only a
 * few competitions are open at a time, so guessing needs many tries; a room of people behind one
 * address mistyping now and then stays far below this.
 */
export const CODE_LOOKUPS: RateLimit = { bucket: 'competition-code', limit: 50, windowMs: 10 * 60_000 };

export type CodeLookup = { ok: true; competition: NonNullable<Awaited<ReturnType<typeof competitionByCode>>> } | { ok: false; message: string };

/**
 * A join code typed (or scanned) by someone at `address`: the open competition, or why not. Wrong
 * codes are counted per address; over the limit every look-up is refused for a while, so codes
 * cannot be enumerated.
 */
export async function lookUpJoinCode(db: DB, code: string, address: string, now = Date.now()): Promise<CodeLookup> {
	const limited = await isLimited(db, CODE_LOOKUPS, address, now);
	if (!limited.ok) return { ok: false, message: `输入错误的竞赛码次数过多，请 ${minutesText(limited.retryAfterMs)}后再试` };
	const competition = await competitionByCode(db, code);
	if (competition) return { ok: true, competition };
	await countAttempt(db, CODE_LOOKUPS, address, now);
	return { ok: false, message: '竞赛码无效，或该竞赛已经结束' };
}

/** The open competition behind a join code, if any. */
export async function competitionByCode(db: DB, code: string): Promise<Pick<Competition, 'id' | 'title' | 'status' | 'format' | 'teamMode' | 'teamNames' | 'allowGuests'> | undefined> {
	if (!/^\d{6}$/.test(code)) return undefined;
	return await db
		.select({
			id: competitions.id,
			title: competitions.title,
			status: competitions.status,
			format: competitions.format,
			teamMode: competitions.teamMode,
			teamNames: competitions.teamNames,
			allowGuests: competitions.allowGuests
		})
		.from(competitions)
		.where(and(eq(competitions.joinCode, code), isNotNull(competitions.joinCode)))
		.get();
}

export async function competitionTitle(db: DB, competitionId: number): Promise<Pick<Competition, 'id' | 'title' | 'status' | 'joinCode' | 'allowGuests' | 'guestSecret'> | undefined> {
	return await db
		.select({ id: competitions.id, title: competitions.title, status: competitions.status, joinCode: competitions.joinCode, allowGuests: competitions.allowGuests, guestSecret: competitions.guestSecret })
		.from(competitions)
		.where(eq(competitions.id, competitionId))
		.get();
}
