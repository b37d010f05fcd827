// What the live pages receive over SSE (and in their first server render). Kept small: the
// player state is one string per event shared by every phone in the game.
import type { LiveFormat, LiveRoundKind } from '../db/schema/live.ts';

export type LiveStage = 'lobby' | 'staking' | 'open' | 'closed' | 'revealed' | 'leaderboard' | 'ended';

/** html is sanitized (renderInlineMarkdown); text is the plain option, used as the button's name. */
export type LiveOption = { key: string; text: string; html: string };

export type LiveQuestionView = {
	id: number;
	ordinal: number;
	round: LiveRoundKind;
	roundNo: number;
	type: 'single' | 'multiple' | 'truefalse' | 'fill';
	/** Empty while a 风险题 is in its staking phase: the stake is chosen before the question is seen. */
	stem: string;
	/** The stem rendered from Markdown and sanitized on the server. */
	stemHtml: string;
	options: LiveOption[];
	blanks: number;
	points: number;
	seconds: number;
	stakes: number[];
	/** Server epoch ms: answers open at openedAt and are refused from deadlineAt on. */
	openedAt: number;
	deadlineAt: number;
};

export type LiveRefView = { ref: string; label: string; href: string | null };

export type LiveRevealView = {
	/** Option keys, ['true'|'false'], or accepted forms per blank. */
	answer: string[] | string[][];
	answerText: string;
	explanation: string;
	refs: LiveRefView[];
};

export type LiveBuzzView = { winnerId: number | null; winnerName: string | null };

/** Broadcast to every player of a game: identical bytes for all of them. */
export type LivePublicState = {
	v: number;
	/** Server clock (epoch ms) when the event was built: the phone derives its clock offset from it. */
	now: number;
	gameId: number;
	title: string;
	format: LiveFormat;
	stage: LiveStage;
	paused: boolean;
	total: number;
	question: LiveQuestionView | null;
	buzz: LiveBuzzView | null;
	reveal: LiveRevealView | null;
};

export type LiveMyAnswer = { questionId: number; clientId: string; response: string[]; receivedAt: number; correct?: boolean; points?: number };

/** Sent to one player: their identity, score and what they did on the current question. */
export type LiveMeState = {
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
	answer: LiveMyAnswer | null;
	stake: number | null;
	buzzed: boolean;
};

export type LiveStandingView = { rank: number; name: string; isGuest: boolean; teamName: string | null; score: number; correct: number };
export type LiveTeamView = { rank: number; name: string; members: number; score: number };
export type LiveDistributionRow = { key: string; label: string; count: number; correct: boolean };

/** For the projector and the host's phone (organizers only). */
export type LiveScreenState = LivePublicState & {
	code: string;
	status: 'lobby' | 'running' | 'ended';
	players: number;
	/** Most recent joiners first, for the lobby wall. */
	recent: string[];
	answered: number;
	/** Players who may answer the current question (everyone; stakers for 风险题; the winner for 抢答). */
	eligible: number;
	staked: number;
	distribution: LiveDistributionRow[] | null;
	buzzOrder: string[];
	leaderboard: LiveStandingView[];
	teams: LiveTeamView[];
	hasNext: boolean;
};

export type LiveAck =
	| { ok: true; questionId: number; clientId: string; receivedAt: number; response: string[]; replay: boolean }
	| { ok: false; code: string; message: string };

export type LiveBuzzAck = { ok: true; won: boolean; winnerName: string | null; at: number } | { ok: false; code: string; message: string };
export type LiveStakeAck = { ok: true; stake: number; at: number; replay: boolean } | { ok: false; code: string; message: string };
