import type { Competition, CompetitionPlayer, CompetitionQuestion } from '../db/schema/index.ts';
import type { CompetitionRefView } from '../../competitions/types.ts';
import type { CompetitionStage } from '../../vocabulary.ts';
import type { StandingsCache } from './standings.ts';

// The in-memory mirror of one competition and the rules that derive its stage from the stored
// timestamps and the clock. Nothing here is the authority: every field comes from a row (see
// store.ts), so a new process — or another process behind the same proxy — rebuilds exactly the
// same state.

export type StoredAnswer = {
	id: number;
	playerId: number;
	clientId: string;
	response: string[];
	correct: boolean;
	points: number;
	remainingMs: number;
	receivedAt: number;
};

export type QuestionState = {
	row: CompetitionQuestion;
	type: 'single' | 'multiple' | 'truefalse' | 'fill';
	stem: string;
	/** Rendered once when the competition is loaded; sanitized by renderMarkdown. */
	stemHtml: string;
	options: { key: string; text: string; html: string }[];
	answer: string[] | string[][];
	explanation: string;
	refs: string[];
	blanks: number;
	answers: Map<number, StoredAnswer>;
	stakes: Map<number, { id: number; stake: number; at: number }>;
	/** In id order: the first one is the 抢答 winner (the database's insertion order decides). */
	buzzes: { id: number; playerId: number; at: number }[];
	resolvedRefs: CompetitionRefView[];
};

export type CompetitionState = {
	row: Competition;
	questions: QuestionState[];
	byId: Map<number, QuestionState>;
	players: Map<number, CompetitionPlayer>;
	byUser: Map<number, number>;
	/** Names of the most recent joiners, newest last (lobby wall). */
	recent: string[];
	standings: StandingsCache | null;
};

export const RECENT_NAMES = 60;

export function displayName(p: Pick<CompetitionPlayer, 'name' | 'isGuest'>): string {
	return p.isGuest ? `${p.name}（嘉宾）` : p.name;
}

export function currentQuestion(competition: CompetitionState): QuestionState | null {
	const ordinal = competition.row.currentOrdinal;
	return ordinal ? (competition.questions[ordinal - 1] ?? null) : null;
}

/** The clock the competition runs on: frozen at the moment of a pause. */
export function competitionClock(competition: CompetitionState, now: number): number {
	return competition.row.pausedAt ?? now;
}

export type QuestionStage = 'pending' | 'staking' | 'open' | 'closed' | 'revealed' | 'leaderboard';

/** A question's stage is a function of its stored timestamps and the clock, so a restart cannot lose a transition. */
export function questionStage(q: QuestionState, at: number): QuestionStage {
	const r = q.row;
	if (r.shownAt === null || r.openedAt === null || r.deadlineAt === null) return 'pending';
	if (r.leaderboardAt !== null) return 'leaderboard';
	if (r.revealedAt !== null) return 'revealed';
	if (r.closedAt !== null || at >= r.deadlineAt) return 'closed';
	if (at < r.openedAt) return 'staking';
	return 'open';
}

export function competitionStage(competition: CompetitionState, now: number): CompetitionStage {
	if (competition.row.status === 'lobby') return 'lobby';
	if (competition.row.status === 'ended') return 'ended';
	const q = currentQuestion(competition);
	if (!q) return 'lobby';
	const stage = questionStage(q, competitionClock(competition, now));
	return stage === 'pending' ? 'lobby' : stage;
}

export function buzzWinner(q: QuestionState): number | null {
	return q.buzzes.length ? q.buzzes[0].playerId : null;
}

/** Whether the question's points count in the standings: once the answer has been shown. */
export function isCounted(q: QuestionState): boolean {
	return q.row.revealedAt !== null;
}

/** Who may answer the current question: everyone, the 风险题 stakers, or the 抢答 winner. */
export function eligibleCount(competition: CompetitionState, q: QuestionState): number {
	if (q.row.round === 'risk') return q.stakes.size;
	if (q.row.round === 'buzz') return q.buzzes.length ? 1 : 0;
	return competition.players.size;
}
