// What the live pages receive over SSE (and in their first server render). Kept small: the
// player state is one string per event shared by every phone in the competition.
import type { CompetitionFormat, CompetitionStage, RoundKind } from '../vocabulary.ts';


/** html is sanitized (renderInlineMarkdown); text is the plain option, used as the button's name. */
export type CompetitionOption = { key: string; text: string; html: string };

export type CompetitionQuestionView = {
	id: number;
	ordinal: number;
	round: RoundKind;
	roundNo: number;
	type: 'single' | 'multiple' | 'truefalse' | 'fill';
	/** Empty while a 风险题 is in its staking phase: the stake is chosen before the question is seen. */
	stem: string;
	/** The stem rendered from Markdown and sanitized on the server. */
	stemHtml: string;
	options: CompetitionOption[];
	blanks: number;
	points: number;
	seconds: number;
	stakes: number[];
	/** Server epoch ms: answers open at openedAt and are refused from deadlineAt on. */
	openedAt: number;
	deadlineAt: number;
};

export type CompetitionRefView = { ref: string; label: string; href: string | null };

export type CompetitionRevealView = {
	/** Option keys, ['true'|'false'], or accepted forms per blank. */
	answer: string[] | string[][];
	answerText: string;
	explanation: string;
	refs: CompetitionRefView[];
};

export type CompetitionBuzzView = { winnerId: number | null; winnerName: string | null };

/** Broadcast to every player of a competition: identical bytes for all of them. */
export type CompetitionPublicState = {
	v: number;
	/** Server clock (epoch ms) when the event was built: the phone derives its clock offset from it. */
	now: number;
	competitionId: number;
	title: string;
	format: CompetitionFormat;
	stage: CompetitionStage;
	paused: boolean;
	total: number;
	question: CompetitionQuestionView | null;
	buzz: CompetitionBuzzView | null;
	reveal: CompetitionRevealView | null;
};

export type CompetitionMyAnswer = { questionId: number; clientId: string; response: string[]; receivedAt: number; correct?: boolean; points?: number };

/** Sent to one player: their identity, score and what they did on the current question. */
export type CompetitionMeState = {
	playerId: number;
	name: string;
	isGuest: boolean;
	teamName: string | null;
	score: number;
	rank: number;
	players: number;
	teamScore: number | null;
	teamRank: number | null;
	teams: number;
	answer: CompetitionMyAnswer | null;
	stake: number | null;
	buzzed: boolean;
};

export type CompetitionStandingView = { rank: number; name: string; isGuest: boolean; teamName: string | null; score: number; correct: number };
export type CompetitionTeamView = { rank: number; name: string; members: number; score: number };
export type CompetitionDistributionRow = { key: string; label: string; count: number; correct: boolean };

/** For the projector and the host's phone (organizers only). */
export type CompetitionScreenState = CompetitionPublicState & {
	code: string;
	status: 'lobby' | 'running' | 'ended';
	players: number;
	/** Most recent joiners first, for the lobby wall. */
	recent: string[];
	answered: number;
	/** Players who may answer the current question (everyone; stakers for 风险题; the winner for 抢答). */
	eligible: number;
	staked: number;
	distribution: CompetitionDistributionRow[] | null;
	buzzOrder: string[];
	leaderboard: CompetitionStandingView[];
	teams: CompetitionTeamView[];
	hasNext: boolean;
};

export type CompetitionAck =
	| { ok: true; questionId: number; clientId: string; receivedAt: number; response: string[]; replay: boolean }
	| { ok: false; code: string; message: string };

export type CompetitionBuzzAck = { ok: true; won: boolean; winnerName: string | null; at: number } | { ok: false; code: string; message: string };
export type CompetitionStakeAck = { ok: true; stake: number; at: number; replay: boolean } | { ok: false; code: string; message: string };
