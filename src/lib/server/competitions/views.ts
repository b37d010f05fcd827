import { buzzWinner, currentQuestion, displayName, competitionStage, eligibleCount, type CompetitionState, type QuestionState } from './state.ts';
import { standingsOf } from './standings.ts';
import type {
	CompetitionDistributionRow,
	CompetitionMeState,
	CompetitionPublicState,
	CompetitionQuestionView,
	CompetitionRevealView,
	CompetitionScreenState
} from '../../competitions/types.ts';
import { TRUE_FALSE_OPTIONS, type CompetitionStage } from '../../vocabulary.ts';

export const LEADERBOARD_SIZE = 10;
const BUZZ_ORDER_SIZE = 5;

const SHOWS_ANSWER: CompetitionStage[] = ['revealed', 'leaderboard'];

export function questionView(q: QuestionState, stage: CompetitionStage): CompetitionQuestionView {
	const hidden = stage === 'staking';
	return {
		id: q.row.id,
		ordinal: q.row.ordinal,
		round: q.row.round,
		roundNo: q.row.roundNo,
		type: q.type,
		stem: hidden ? '' : q.stem,
		stemHtml: hidden ? '' : q.stemHtml,
		options: hidden ? [] : q.type === 'truefalse' ? TRUE_FALSE_CHOICES : q.options,
		blanks: hidden ? 0 : q.blanks,
		points: q.row.points,
		seconds: q.row.seconds,
		stakes: q.row.stakes,
		openedAt: q.row.openedAt ?? 0,
		deadlineAt: q.row.deadlineAt ?? 0
	};
}

/** The true/false choices as options (their html is the plain word). */
const TRUE_FALSE_CHOICES = TRUE_FALSE_OPTIONS.map((o) => ({ ...o, html: o.text }));

export function answerText(q: Pick<QuestionState, 'type' | 'answer' | 'options'>): string {
	if (q.type === 'fill') return (q.answer as string[][]).map((alts) => alts.join(' 或 ')).join('；');
	if (q.type === 'truefalse') return (q.answer as string[])[0] === 'true' ? '正确' : '错误';
	return (q.answer as string[]).map((k) => `${k}. ${q.options.find((o) => o.key === k)?.text ?? ''}`).join('；');
}

export function revealView(q: QuestionState): CompetitionRevealView {
	return { answer: q.answer, answerText: answerText(q), explanation: q.explanation, refs: q.resolvedRefs };
}

export function publicState(competition: CompetitionState, now: number): CompetitionPublicState {
	const stage = competitionStage(competition, now);
	const q = stage === 'lobby' || stage === 'ended' ? null : currentQuestion(competition);
	let buzz = null;
	if (q?.row.round === 'buzz') {
		const winner = buzzWinner(q);
		const player = winner === null ? undefined : competition.players.get(winner);
		buzz = { winnerId: winner, winnerName: player ? displayName(player) : null };
	}
	return {
		v: competition.row.version,
		now,
		competitionId: competition.row.id,
		title: competition.row.title,
		format: competition.row.format,
		stage,
		paused: competition.row.pausedAt !== null,
		total: competition.questions.length,
		question: q ? questionView(q, stage) : null,
		buzz,
		reveal: q && SHOWS_ANSWER.includes(stage) ? revealView(q) : null
	};
}

/** `shown`: whether the answer has been shown; before that no row is marked correct, so the data cannot give it away. */
export function distribution(q: QuestionState, shown: boolean): CompetitionDistributionRow[] {
	if (q.type === 'fill') {
		let right = 0;
		for (const a of q.answers.values()) if (a.correct) right++;
		return [
			{ key: 'right', label: '答对', count: right, correct: shown },
			{ key: 'wrong', label: '答错', count: q.answers.size - right, correct: false }
		];
	}
	const options = q.type === 'truefalse' ? TRUE_FALSE_CHOICES : q.options;
	const counts = new Map(options.map((o) => [o.key, 0]));
	for (const a of q.answers.values()) for (const k of a.response) counts.set(k, (counts.get(k) ?? 0) + 1);
	const correct = new Set(shown ? (q.answer as string[]) : []);
	return options.map((o) => ({ key: o.key, label: q.type === 'truefalse' ? o.text : `${o.key}. ${o.text}`, count: counts.get(o.key) ?? 0, correct: correct.has(o.key) }));
}

export function screenState(competition: CompetitionState, now: number): CompetitionScreenState {
	const base = publicState(competition, now);
	const q = currentQuestion(competition);
	const inQuestion = base.question !== null && q !== null;
	const standings = standingsOf(competition);
	const showBoard = base.stage === 'leaderboard' || base.stage === 'ended' || base.stage === 'revealed';
	return {
		...base,
		code: competition.row.code,
		status: competition.row.status,
		players: competition.players.size,
		recent: competition.recent.slice(-30).reverse(),
		answered: inQuestion ? q.answers.size : 0,
		eligible: inQuestion ? eligibleCount(competition, q) : 0,
		staked: inQuestion ? q.stakes.size : 0,
		// No answer before 公布答案, not even for the host: this state goes to the projector as well.
		distribution: inQuestion && base.stage !== 'open' && base.stage !== 'staking' ? distribution(q, SHOWS_ANSWER.includes(base.stage)) : null,
		buzzOrder: inQuestion ? q.buzzes.slice(0, BUZZ_ORDER_SIZE).map((b) => displayName(competition.players.get(b.playerId) ?? { name: '?', isGuest: false })) : [],
		leaderboard: showBoard
			? standings.players.slice(0, LEADERBOARD_SIZE).map((p) => {
					const player = competition.players.get(p.playerId);
					return { rank: p.rank, name: p.name, isGuest: player?.isGuest ?? false, teamName: p.teamName, score: p.score, correct: p.correct };
				})
			: [],
		teams: showBoard ? standings.teams.map((t) => ({ rank: t.rank, name: t.teamName, members: t.members, score: t.score })) : [],
		hasNext: (competition.row.currentOrdinal ?? 0) < competition.questions.length
	};
}

export function meState(competition: CompetitionState, playerId: number, now: number): CompetitionMeState | null {
	const player = competition.players.get(playerId);
	if (!player) return null;
	const standings = standingsOf(competition);
	const mine = standings.byPlayer.get(playerId);
	const team = player.teamKey ? standings.byTeam.get(player.teamKey) : undefined;
	const stage = competitionStage(competition, now);
	const q = stage === 'lobby' || stage === 'ended' ? null : currentQuestion(competition);
	const a = q?.answers.get(playerId);
	const shown = SHOWS_ANSWER.includes(stage);
	return {
		playerId,
		name: player.name,
		isGuest: player.isGuest,
		teamName: player.teamName,
		score: mine?.score ?? 0,
		rank: mine?.rank ?? competition.players.size,
		players: competition.players.size,
		teamScore: team?.score ?? null,
		teamRank: team?.rank ?? null,
		teams: standings.teams.length,
		answer:
			q && a
				? {
						questionId: q.row.id,
						clientId: a.clientId,
						response: a.response,
						receivedAt: a.receivedAt,
						...(shown ? { correct: a.correct, points: a.points } : {})
					}
				: null,
		stake: q ? (q.stakes.get(playerId)?.stake ?? null) : null,
		buzzed: q ? q.buzzes.some((b) => b.playerId === playerId) : false
	};
}
