import { computeStandings, computeTeamStandings, type PlayerStanding, type TeamStanding } from './scoring.ts';
import { buzzWinner, isCounted, type CompetitionState } from './state.ts';

export type StandingsCache = {
	key: string;
	players: PlayerStanding[];
	byPlayer: Map<number, PlayerStanding>;
	teams: TeamStanding[];
	byTeam: Map<string, TeamStanding>;
};

/**
 * Standings over the questions whose answer has been shown, computed from the stored answers
 * (never from running counters) and cached until another question counts or someone joins.
 */
export function standingsOf(competition: CompetitionState): StandingsCache {
	const counted = competition.questions.filter(isCounted);
	const key = `${counted.length}:${competition.players.size}`;
	if (competition.standings?.key === key) return competition.standings;
	const buzzWinners = new Map<number, number>();
	for (const q of counted) {
		const w = buzzWinner(q);
		if (w !== null) buzzWinners.set(q.row.id, w);
	}
	const players = computeStandings({
		questions: competition.questions.map((q) => ({ id: q.row.id, round: q.row.round, points: q.row.points, seconds: q.row.seconds, closed: isCounted(q) })),
		players: [...competition.players.values()].map((p) => ({ id: p.id, name: p.name, teamKey: p.teamKey, teamName: p.teamName })),
		answers: (function* () {
			for (const q of counted) for (const a of q.answers.values()) yield { competitionQuestionId: q.row.id, playerId: a.playerId, correct: a.correct, points: a.points };
		})(),
		stakes: (function* () {
			for (const q of counted) for (const [playerId, s] of q.stakes) yield { competitionQuestionId: q.row.id, playerId, stake: s.stake };
		})(),
		buzzWinners
	});
	const teams = competition.row.format === 'team' ? computeTeamStandings(players) : [];
	competition.standings = {
		key,
		players,
		byPlayer: new Map(players.map((p) => [p.playerId, p])),
		teams,
		byTeam: new Map(teams.map((t) => [t.teamKey, t]))
	};
	return competition.standings;
}
