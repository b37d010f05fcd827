import { and, asc, eq, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { competitionAnswers, competitionQuestions, competitionPlayerResults, competitionPlayers, competitionTeamResults, orgUnits, questions, users } from '../db/schema/index.ts';
import { recordActivity } from '../activities/attendance.ts';
import { recordGradedAnswers } from '../notebook/record.ts';
import type { CompetitionState } from './state.ts';
import type { StandingsCache } from './standings.ts';

const CHUNK = 500;

/**
 * Stores the final standings (per person, per team) and records the competition as one organized
 * activity with one participation per player who has an account. Runs inside end()'s transaction.
 * Guests have no account, so they appear in the results but not in the activity report.
 */
export async function finishCompetition(tx: DB, competition: CompetitionState, standings: StandingsCache, now: number): Promise<number> {
	const competitionId = competition.row.id;
	await tx.delete(competitionPlayerResults).where(eq(competitionPlayerResults.competitionId, competitionId)).run();
	await tx.delete(competitionTeamResults).where(eq(competitionTeamResults.competitionId, competitionId)).run();
	const playerRows = standings.players.map((p) => ({ competitionId, playerId: p.playerId, rank: p.rank, score: p.score, correctCount: p.correct, answeredCount: p.answered }));
	for (let i = 0; i < playerRows.length; i += CHUNK) await tx.insert(competitionPlayerResults).values(playerRows.slice(i, i + CHUNK)).run();
	const teamRows = standings.teams.map((t) => ({ competitionId, teamKey: t.teamKey, teamName: t.teamName, members: t.members, score: t.score, rank: t.rank }));
	if (teamRows.length) await tx.insert(competitionTeamResults).values(teamRows).run();
	// Players with an account: their answers are first tries, the wrong ones go into their 错题本.
	const answered = await tx
		.select({ id: competitionAnswers.id, userId: competitionPlayers.userId, questionId: competitionQuestions.questionId, response: competitionAnswers.response, correct: competitionAnswers.correct, at: competitionAnswers.receivedAt })
		.from(competitionAnswers)
		.innerJoin(competitionPlayers, eq(competitionPlayers.id, competitionAnswers.playerId))
		.innerJoin(competitionQuestions, eq(competitionQuestions.id, competitionAnswers.competitionQuestionId))
		.where(eq(competitionAnswers.competitionId, competitionId))
		.all();
	await recordGradedAnswers(
		tx,
		answered.flatMap((a) => (a.userId === null || !a.response.length ? [] : [{ userId: a.userId, questionId: a.questionId, source: 'competition' as const, sourceId: a.id, response: a.response, correct: a.correct, at: a.at }]))
	);
	const participants = [...competition.players.values()].flatMap((p) => (p.userId === null ? [] : [{ userId: p.userId, at: new Date(p.joinedAt) }]));
	const { activityId } = await recordActivity(tx, {
		kind: '知识竞赛',
		sourceRef: `competition:${competitionId}`,
		title: competition.row.title,
		unitId: competition.row.orgUnitId,
		startsAt: new Date(competition.row.startedAt ?? competition.row.createdAt),
		endsAt: new Date(now),
		notes: `知识竞赛（竞赛码 ${competition.row.code}），${competition.players.size} 人参赛`,
		createdBy: competition.row.ownerId,
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


export async function playerResults(db: DB, competitionId: number): Promise<PlayerResultRow[]> {
	return await db
		.select({
			rank: competitionPlayerResults.rank,
			name: competitionPlayers.name,
			username: users.username,
			isGuest: competitionPlayers.isGuest,
			unitName: orgUnits.name,
			teamName: competitionPlayers.teamName,
			score: competitionPlayerResults.score,
			correct: competitionPlayerResults.correctCount,
			answered: competitionPlayerResults.answeredCount
		})
		.from(competitionPlayerResults)
		.innerJoin(competitionPlayers, eq(competitionPlayers.id, competitionPlayerResults.playerId))
		.leftJoin(users, eq(users.id, competitionPlayers.userId))
		.leftJoin(orgUnits, eq(orgUnits.id, competitionPlayers.orgUnitId))
		.where(eq(competitionPlayerResults.competitionId, competitionId))
		.orderBy(asc(competitionPlayerResults.rank), asc(competitionPlayers.name))
		.all();
}

export async function teamResults(db: DB, competitionId: number): Promise<TeamResultRow[]> {
	return await db
		.select({ rank: competitionTeamResults.rank, name: competitionTeamResults.teamName, members: competitionTeamResults.members, score: competitionTeamResults.score })
		.from(competitionTeamResults)
		.where(eq(competitionTeamResults.competitionId, competitionId))
		.orderBy(asc(competitionTeamResults.rank), asc(competitionTeamResults.teamName))
		.all();
}

export async function questionResults(db: DB, competitionId: number): Promise<QuestionResultRow[]> {
	const rows = await db
		.select({
			ordinal: competitionQuestions.ordinal,
			round: competitionQuestions.round,
			stem: questions.stem,
			answered: sql<number>`count(${competitionAnswers.id})`,
			correct: sql<number>`count(*) filter (where ${competitionAnswers.correct})`
		})
		.from(competitionQuestions)
		.innerJoin(questions, eq(questions.id, competitionQuestions.questionId))
		.leftJoin(competitionAnswers, eq(competitionAnswers.competitionQuestionId, competitionQuestions.id))
		.where(eq(competitionQuestions.competitionId, competitionId))
		.groupBy(competitionQuestions.id, questions.id)
		.orderBy(asc(competitionQuestions.ordinal))
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

export async function answerDetails(db: DB, competitionId: number): Promise<AnswerDetailRow[]> {
	return (await db
		.select({
			ordinal: competitionQuestions.ordinal,
			name: competitionPlayers.name,
			username: users.username,
			isGuest: competitionPlayers.isGuest,
			response: competitionAnswers.response,
			correct: competitionAnswers.correct,
			points: competitionAnswers.points,
			receivedAt: competitionAnswers.receivedAt,
			openedAt: competitionQuestions.openedAt
		})
		.from(competitionAnswers)
		.innerJoin(competitionQuestions, eq(competitionQuestions.id, competitionAnswers.competitionQuestionId))
		.innerJoin(competitionPlayers, and(eq(competitionPlayers.id, competitionAnswers.playerId)))
		.leftJoin(users, eq(users.id, competitionPlayers.userId))
		.where(eq(competitionAnswers.competitionId, competitionId))
		.orderBy(asc(competitionQuestions.ordinal), asc(competitionAnswers.id))
		.all())
		.map(({ receivedAt, openedAt, ...r }) => ({ ...r, seconds: Math.max(0, Math.round((receivedAt - (openedAt ?? receivedAt)) / 100) / 10) }));
}
