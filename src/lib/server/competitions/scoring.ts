import type { RoundKind } from '../../vocabulary.ts';

// Scoring rules of live competitions. Pure functions, so a competition's standings can be recomputed
// from its stored rows at any time (after a restart, for the export, in tests).
//
// 必答 (required): a correct answer earns points × (0.5 + 0.5 × remaining / limit), rounded: half
//   the points for being right, the other half shrinking linearly with the time taken. A wrong
//   or missing answer earns 0.
// 抢答 (buzz): only the first player to buzz may answer: +points if right, −points if wrong or if
//   the answer window passes without an answer. Nobody else scores.
// 风险题 (risk): a player picks a stake before the question is shown: +stake if right, −stake if
//   wrong or unanswered. A player without a stake does not take part in that question.
// Team score (团体赛) = the average of its members' scores, so a large branch has no advantage.
// Ranks are standard competition ranks: equal scores share a rank and the next rank skips (1, 1, 3).

export type ScoredQuestion = {
	id: number;
	round: RoundKind;
	points: number;
	seconds: number;
	/** Only closed questions count; an open question's answers are not yet in the standings. */
	closed: boolean;
};

export type ScoredAnswer = { competitionQuestionId: number; playerId: number; correct: boolean; points: number };
export type ScoredStake = { competitionQuestionId: number; playerId: number; stake: number };
export type ScoredPlayer = { id: number; name: string; teamKey: string | null; teamName: string | null };

/** Points of a 必答 answer; remainingMs is the time left on the server's clock at receipt. */
export function speedPoints(points: number, seconds: number, remainingMs: number): number {
	const limit = Math.max(1, seconds * 1000);
	const remaining = Math.min(Math.max(remainingMs, 0), limit);
	return Math.round(points * (0.5 + (0.5 * remaining) / limit));
}

/** Points an answer earns when it is received, by the question's round. */
export function answerPoints(input: { round: RoundKind; points: number; seconds: number; correct: boolean; remainingMs: number; stake?: number }): number {
	switch (input.round) {
		case 'required':
			return input.correct ? speedPoints(input.points, input.seconds, input.remainingMs) : 0;
		case 'buzz':
			return input.correct ? input.points : -input.points;
		case 'risk': {
			const stake = input.stake ?? 0;
			return input.correct ? stake : -stake;
		}
	}
}

export type PlayerStanding = { playerId: number; name: string; teamKey: string | null; teamName: string | null; score: number; correct: number; answered: number; rank: number };
export type TeamStanding = { teamKey: string; teamName: string; members: number; total: number; score: number; rank: number };

/**
 * Standings from stored rows. Penalties for silence (抢答 winner or 风险题 staker without an
 * answer) apply once the question is closed.
 */
export function computeStandings(input: {
	questions: ScoredQuestion[];
	players: ScoredPlayer[];
	answers: Iterable<ScoredAnswer>;
	stakes: Iterable<ScoredStake>;
	/** competitionQuestionId → playerId of the first buzz. */
	buzzWinners: Map<number, number>;
}): PlayerStanding[] {
	const closed = new Map(input.questions.filter((q) => q.closed).map((q) => [q.id, q]));
	const totals = new Map<number, { score: number; correct: number; answered: number }>();
	for (const p of input.players) totals.set(p.id, { score: 0, correct: 0, answered: 0 });
	const answered = new Set<string>();
	for (const a of input.answers) {
		if (!closed.has(a.competitionQuestionId)) continue;
		const t = totals.get(a.playerId);
		if (!t) continue;
		t.score += a.points;
		t.answered += 1;
		if (a.correct) t.correct += 1;
		answered.add(`${a.competitionQuestionId}:${a.playerId}`);
	}
	for (const s of input.stakes) {
		const t = totals.get(s.playerId);
		if (t && closed.has(s.competitionQuestionId) && !answered.has(`${s.competitionQuestionId}:${s.playerId}`)) t.score -= s.stake;
	}
	for (const [questionId, playerId] of input.buzzWinners) {
		const q = closed.get(questionId);
		const t = totals.get(playerId);
		if (q && t && !answered.has(`${questionId}:${playerId}`)) t.score -= q.points;
	}
	const rows = input.players.map((p) => ({ playerId: p.id, name: p.name, teamKey: p.teamKey, teamName: p.teamName, ...totals.get(p.id)!, rank: 0 }));
	return rankBy(rows, (r) => r.score, (a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.playerId - b.playerId);
}

/** Team standings: average of every member's score (members who never answered count as 0). */
export function computeTeamStandings(players: PlayerStanding[]): TeamStanding[] {
	const teams = new Map<string, TeamStanding>();
	for (const p of players) {
		if (!p.teamKey) continue;
		const t = teams.get(p.teamKey) ?? { teamKey: p.teamKey, teamName: p.teamName ?? p.teamKey, members: 0, total: 0, score: 0, rank: 0 };
		t.members += 1;
		t.total += p.score;
		teams.set(p.teamKey, t);
	}
	const rows = [...teams.values()].map((t) => ({ ...t, score: roundTo(t.total / t.members, 2) }));
	return rankBy(rows, (t) => t.score, (a, b) => a.teamName.localeCompare(b.teamName, 'zh-CN'));
}

/** Sorts by value descending and assigns standard competition ranks (ties share a rank). */
export function rankBy<T extends { rank: number }>(rows: T[], value: (row: T) => number, tieOrder: (a: T, b: T) => number): T[] {
	rows.sort((a, b) => value(b) - value(a) || tieOrder(a, b));
	for (let i = 0; i < rows.length; i++) {
		rows[i].rank = i > 0 && value(rows[i]) === value(rows[i - 1]) ? rows[i - 1].rank : i + 1;
	}
	return rows;
}

function roundTo(n: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
}
