import { asc, eq, inArray } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import {
	competitionAnswers,
	competitionBuzzes,
	competitionQuestions,
	competitions,
	competitionPlayers,
	competitionStakes,
	questions,
	type Competition,
	type CompetitionQuestion,
	type CompetitionPlayer
} from '../db/schema/index.ts';
import { BLANK_PATTERN } from '../content/questions/parse.ts';
import { renderInlineMarkdown, renderMarkdown } from '../content/markdown.ts';
import type { CompetitionRefView } from '../../competitions/types.ts';
import type { CompetitionStage } from '../../vocabulary.ts';
import type { StandingsCache } from './standings.ts';

// The in-memory mirror of one competition, and how it is rebuilt from the tables. Nothing here is the
// authority: every field comes from a row, so a new process rebuilds exactly the same state.

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
	stakes: Map<number, { stake: number; at: number }>;
	/** In insertion order: the first one is the 抢答 winner. */
	buzzes: { playerId: number; at: number }[];
	resolvedRefs: CompetitionRefView[] | null;
};

/**
 * An open SSE connection. `write` returns false when the client is hopelessly behind. `viewerId`
 * is the user behind a screen stream (the host), so one person's streams can be limited.
 */
export type Subscriber = { playerId: number | null; viewerId?: number | null; write(chunk: Uint8Array): boolean; close(): void };

export type CompetitionState = {
	row: Competition;
	questions: QuestionState[];
	byId: Map<number, QuestionState>;
	players: Map<number, CompetitionPlayer>;
	byUser: Map<number, number>;
	/** Names of the most recent joiners, newest last (lobby wall). */
	recent: string[];
	v: number;
	playerSubs: Set<Subscriber>;
	screenSubs: Set<Subscriber>;
	subsByPlayer: Map<number, Set<Subscriber>>;
	timer: ReturnType<typeof setTimeout> | null;
	screenTimer: ReturnType<typeof setTimeout> | null;
	lastStageKey: string;
	standings: StandingsCache | null;
};

export async function loadCompetitionState(db: DB, competitionId: number): Promise<CompetitionState | null> {
	const row = await db.select().from(competitions).where(eq(competitions.id, competitionId)).get();
	if (!row) return null;
	const gqs = await db
		.select({ gq: competitionQuestions, q: questions })
		.from(competitionQuestions)
		.innerJoin(questions, eq(questions.id, competitionQuestions.questionId))
		.where(eq(competitionQuestions.competitionId, competitionId))
		.orderBy(asc(competitionQuestions.ordinal))
		.all();
	const questionStates: QuestionState[] = gqs.map(({ gq, q }) => ({
		row: gq,
		type: q.type,
		stem: q.stem,
		stemHtml: renderMarkdown(q.stem),
		options: q.options.map((o) => ({ ...o, html: renderInlineMarkdown(o.text) })),
		answer: q.answer,
		explanation: q.explanation,
		refs: q.refs,
		blanks: q.type === 'fill' ? (q.stem.match(BLANK_PATTERN) ?? []).length : 0,
		answers: new Map(),
		stakes: new Map(),
		buzzes: [],
		resolvedRefs: null
	}));
	const byId = new Map(questionStates.map((q) => [q.row.id, q]));
	const ids = [...byId.keys()];
	if (ids.length) {
		for (const a of await db.select().from(competitionAnswers).where(eq(competitionAnswers.competitionId, competitionId)).all()) {
			byId.get(a.competitionQuestionId)?.answers.set(a.playerId, {
				id: a.id,
				playerId: a.playerId,
				clientId: a.clientId,
				response: a.response,
				correct: a.correct,
				points: a.points,
				remainingMs: a.remainingMs,
				receivedAt: a.receivedAt
			});
		}
		for (const s of await db.select().from(competitionStakes).where(inArray(competitionStakes.competitionQuestionId, ids)).all()) {
			byId.get(s.competitionQuestionId)?.stakes.set(s.playerId, { stake: s.stake, at: s.at });
		}
		for (const b of await db.select().from(competitionBuzzes).where(inArray(competitionBuzzes.competitionQuestionId, ids)).orderBy(asc(competitionBuzzes.id)).all()) {
			byId.get(b.competitionQuestionId)?.buzzes.push({ playerId: b.playerId, at: b.at });
		}
	}
	const players = new Map<number, CompetitionPlayer>();
	const byUser = new Map<number, number>();
	const playerRows = await db.select().from(competitionPlayers).where(eq(competitionPlayers.competitionId, competitionId)).orderBy(asc(competitionPlayers.id)).all();
	for (const p of playerRows) {
		players.set(p.id, p);
		if (p.userId !== null) byUser.set(p.userId, p.id);
	}
	return {
		row,
		questions: questionStates,
		byId,
		players,
		byUser,
		recent: playerRows.slice(-RECENT_NAMES).map(displayName),
		v: 1,
		playerSubs: new Set(),
		screenSubs: new Set(),
		subsByPlayer: new Map(),
		timer: null,
		screenTimer: null,
		lastStageKey: '',
		standings: null
	};
}

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
