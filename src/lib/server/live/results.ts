import { and, asc, eq, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import {
	liveAnswers,
	liveGameQuestions,
	livePlayerResults,
	livePlayers,
	liveTeamResults,
	orgUnits,
	questions,
	users
} from '../db/schema/index.ts';
import { recordActivity } from '../activities/attendance.ts';
import type { GameState } from './state.ts';
import type { StandingsCache } from './standings.ts';

const CHUNK = 500;

/**
 * Stores the final standings (per person, per team) and records the competition as one organized
 * activity with one participation per player who has an account. Runs inside end()'s transaction.
 * Guests have no account, so they appear in the results but not in the activity report.
 */
export async function finishGame(tx: DB, game: GameState, standings: StandingsCache, now: number): Promise<number> {
	const gameId = game.row.id;
	await tx.delete(livePlayerResults).where(eq(livePlayerResults.gameId, gameId)).run();
	await tx.delete(liveTeamResults).where(eq(liveTeamResults.gameId, gameId)).run();
	const playerRows = standings.players.map((p) => ({ gameId, playerId: p.playerId, rank: p.rank, score: p.score, correctCount: p.correct, answeredCount: p.answered }));
	for (let i = 0; i < playerRows.length; i += CHUNK) await tx.insert(livePlayerResults).values(playerRows.slice(i, i + CHUNK)).run();
	const teamRows = standings.teams.map((t) => ({ gameId, teamKey: t.teamKey, teamName: t.teamName, members: t.members, score: t.score, rank: t.rank }));
	if (teamRows.length) await tx.insert(liveTeamResults).values(teamRows).run();
	const participants = [...game.players.values()].flatMap((p) => (p.userId === null ? [] : [{ userId: p.userId, at: new Date(p.joinedAt) }]));
	const { activityId } = await recordActivity(tx, {
		kind: '知识竞赛',
		sourceRef: `live:${gameId}`,
		title: game.row.title,
		unitId: game.row.orgUnitId,
		startsAt: new Date(game.row.startedAt ?? game.row.createdAt),
		endsAt: new Date(now),
		notes: `知识竞赛（竞赛码 ${game.row.code}），${game.players.size} 人参赛`,
		createdBy: game.row.ownerId,
		participants
	});
	return activityId;
}

export type PlayerResultRow = {
	rank: number;
	name: string;
	username: string | null;
	isGuest: boolean;
	unitName: string | null;
	teamName: string | null;
	score: number;
	correct: number;
	answered: number;
};

export type TeamResultRow = { rank: number; name: string; members: number; score: number };

export type QuestionResultRow = {
	ordinal: number;
	round: string;
	stem: string;
	answered: number;
	correct: number;
	/** Percent of answers that were right; null when nobody answered. */
	accuracy: number | null;
};

export const ROUND_LABELS: Record<string, string> = { required: '必答题', buzz: '抢答题', risk: '风险题' };

export async function playerResults(db: DB, gameId: number): Promise<PlayerResultRow[]> {
	return await db
		.select({
			rank: livePlayerResults.rank,
			name: livePlayers.name,
			username: users.username,
			isGuest: livePlayers.isGuest,
			unitName: orgUnits.name,
			teamName: livePlayers.teamName,
			score: livePlayerResults.score,
			correct: livePlayerResults.correctCount,
			answered: livePlayerResults.answeredCount
		})
		.from(livePlayerResults)
		.innerJoin(livePlayers, eq(livePlayers.id, livePlayerResults.playerId))
		.leftJoin(users, eq(users.id, livePlayers.userId))
		.leftJoin(orgUnits, eq(orgUnits.id, livePlayers.orgUnitId))
		.where(eq(livePlayerResults.gameId, gameId))
		.orderBy(asc(livePlayerResults.rank), asc(livePlayers.name))
		.all();
}

export async function teamResults(db: DB, gameId: number): Promise<TeamResultRow[]> {
	return await db
		.select({ rank: liveTeamResults.rank, name: liveTeamResults.teamName, members: liveTeamResults.members, score: liveTeamResults.score })
		.from(liveTeamResults)
		.where(eq(liveTeamResults.gameId, gameId))
		.orderBy(asc(liveTeamResults.rank), asc(liveTeamResults.teamName))
		.all();
}

export async function questionResults(db: DB, gameId: number): Promise<QuestionResultRow[]> {
	const rows = await db
		.select({
			ordinal: liveGameQuestions.ordinal,
			round: liveGameQuestions.round,
			stem: questions.stem,
			answered: sql<number>`count(${liveAnswers.id})`,
			correct: sql<number>`count(*) filter (where ${liveAnswers.correct})`
		})
		.from(liveGameQuestions)
		.innerJoin(questions, eq(questions.id, liveGameQuestions.questionId))
		.leftJoin(liveAnswers, eq(liveAnswers.gameQuestionId, liveGameQuestions.id))
		.where(eq(liveGameQuestions.gameId, gameId))
		.groupBy(liveGameQuestions.id, questions.id)
		.orderBy(asc(liveGameQuestions.ordinal))
		.all();
	return rows.map((r) => ({ ...r, accuracy: r.answered ? Math.round((100 * r.correct) / r.answered) : null }));
}

export type AnswerDetailRow = {
	ordinal: number;
	name: string;
	username: string | null;
	isGuest: boolean;
	response: string[];
	correct: boolean;
	points: number;
	/** Seconds from the question opening to the answer, on the server's clock. */
	seconds: number;
};

export async function answerDetails(db: DB, gameId: number): Promise<AnswerDetailRow[]> {
	return (await db
		.select({
			ordinal: liveGameQuestions.ordinal,
			name: livePlayers.name,
			username: users.username,
			isGuest: livePlayers.isGuest,
			response: liveAnswers.response,
			correct: liveAnswers.correct,
			points: liveAnswers.points,
			receivedAt: liveAnswers.receivedAt,
			openedAt: liveGameQuestions.openedAt
		})
		.from(liveAnswers)
		.innerJoin(liveGameQuestions, eq(liveGameQuestions.id, liveAnswers.gameQuestionId))
		.innerJoin(livePlayers, and(eq(livePlayers.id, liveAnswers.playerId)))
		.leftJoin(users, eq(users.id, livePlayers.userId))
		.where(eq(liveAnswers.gameId, gameId))
		.orderBy(asc(liveGameQuestions.ordinal), asc(liveAnswers.id))
		.all())
		.map(({ receivedAt, openedAt, ...r }) => ({ ...r, seconds: Math.max(0, Math.round((receivedAt - (openedAt ?? receivedAt)) / 100) / 10) }));
}
