import { buzzWinner, currentQuestion, questionStage, type CompetitionState, type QuestionState } from './state.ts';

// What a player may do, decided on the mirror before anything is written (the database checks
// the same conditions again when it stores the row, so a stale mirror can refuse too early but
// never accept too late).

export type Refusal = { ok: false; code: RefusalCode; message: string };
export type RefusalCode =
	| 'not-player'
	| 'unknown-question'
	| 'not-yet'
	| 'not-current'
	| 'paused'
	| 'not-open'
	| 'late'
	| 'invalid'
	| 'not-winner'
	| 'no-stake'
	| 'not-buzz'
	| 'not-risk'
	| 'already'
	| 'full'
	| 'throttled'
	| 'ended'
	| 'guests-closed'
	| 'team-required';

export function refuse(code: RefusalCode, message: string): Refusal {
	return { ok: false, code, message };
}

/** Refusals another process may have made obsolete a moment ago: worth re-checking after a sync. */
export const MAY_BE_STALE: ReadonlySet<RefusalCode> = new Set(['not-player', 'not-yet', 'not-current', 'not-open', 'not-winner', 'no-stake', 'paused']);

export type Turn = 'answer' | 'buzz' | 'stake';

/**
 * The one check answer, buzz and stake share: the person plays in this competition, the question
 * exists, is the current one of a running, unpaused competition, and is at the stage the move
 * belongs to (staking for a stake, open for an answer or a buzz).
 */
export function playerTurn(competition: CompetitionState, playerId: number, questionId: number, turn: Turn, at: number): { ok: true; q: QuestionState } | Refusal {
	if (!competition.players.has(playerId)) return refuse('not-player', '您还没有加入本场竞赛');
	const q = competition.byId.get(questionId);
	if (!q) return refuse('unknown-question', '题目不存在');
	if (turn === 'buzz' && q.row.round !== 'buzz') return refuse('not-buzz', '本题不是抢答题');
	if (turn === 'stake' && q.row.round !== 'risk') return refuse('not-risk', '本题不是风险题');
	if (competition.row.status === 'ended') return refuse('not-current', '竞赛已结束');
	const current = currentQuestion(competition);
	if (competition.row.status !== 'running' || !current || q.row.ordinal > current.row.ordinal) return refuse('not-yet', '本题尚未开始，请等待主持人出题');
	if (q !== current) return refuse('not-current', '本题已结束');
	if (competition.row.pausedAt !== null) return refuse('paused', '竞赛已暂停，请稍候');
	const stage = questionStage(q, at);
	if (turn === 'stake') {
		if (stage !== 'staking') return refuse('late', '选择分值的时间已过');
		return { ok: true, q };
	}
	if (stage === 'staking' || stage === 'pending') return refuse('not-open', '本题尚未开始作答');
	if (stage !== 'open') return refuse('late', turn === 'buzz' ? '抢答已结束' : '已超过作答时间，本次作答无效');
	if (turn === 'answer' && q.row.round === 'buzz' && buzzWinner(q) !== playerId) return refuse('not-winner', '只有抢到答题权的选手可以作答');
	if (turn === 'answer' && q.row.round === 'risk' && !q.stakes.has(playerId)) return refuse('no-stake', '您没有选择分值，本题不能作答');
	return { ok: true, q };
}

/** Validates a response against the question; returns it normalized, or null when malformed. */
export function normalizeResponse(q: Pick<QuestionState, 'type' | 'options' | 'blanks'>, response: unknown): string[] | null {
	if (!Array.isArray(response) || response.some((r) => typeof r !== 'string')) return null;
	const values = response as string[];
	if (q.type === 'fill') {
		if (values.length !== q.blanks || values.some((v) => v.length > 200)) return null;
		return values.map((v) => v.trim());
	}
	const keys = q.type === 'truefalse' ? ['true', 'false'] : q.options.map((o) => o.key);
	const unique = [...new Set(values)];
	if (!unique.length || unique.some((k) => !keys.includes(k))) return null;
	if (q.type !== 'multiple' && unique.length !== 1) return null;
	return unique.sort();
}
