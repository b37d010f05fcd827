import { eq, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { competitionAnswers, competitionBuzzes, competitionQuestions, competitions, competitionPlayers, competitionStakes, type CompetitionPlayer } from '../db/schema/index.ts';
import { isCorrect } from '../quizzes/grading.ts';
import { answerPoints } from './scoring.ts';
import {
	RECENT_NAMES,
	buzzWinner,
	currentQuestion,
	displayName,
	competitionClock,
	competitionStage,
	loadCompetitionState,
	questionStage,
	type CompetitionState,
	type QuestionState,
	type StoredAnswer,
	type Subscriber
} from './state.ts';
import { eligibleCount, meState, publicState, screenState } from './views.ts';
import { standingsOf } from './standings.ts';
import { teamForUnit } from './teams.ts';
import { finishCompetition } from './results.ts';
import { JoinThrottle } from './guests.ts';
import type { CompetitionAck, CompetitionBuzzAck, CompetitionRefView, CompetitionStakeAck } from '../../competitions/types.ts';

/**
 * The live-competition engine. Server-authoritative: every transition is written to the
 * database first and then mirrored in memory for fan-out; the in-memory state of a competition is
 * rebuilt from the tables on first access, so a restarted process continues where the old one
 * stopped. Deadlines are stored timestamps and stages are derived from them, so a question whose
 * deadline passed while the server was down is simply closed.
 *
 * Fan-out: an event is serialized once per competition and the same bytes are written to every
 * subscriber; no database access happens per subscriber. Answer handling does one prepared
 * insert; everything else it needs (current question, duplicates, stakes) is in memory.
 */

export type EngineOptions = {
	/** The server clock (epoch ms). Tests pass a fake one. */
	now?: () => number;
	/** Timers broadcast time-driven transitions (deadline reached); tests switch them off. */
	timers?: boolean;
	resolveRefs?: (refs: string[]) => Promise<CompetitionRefView[]>;
	heartbeatMs?: number;
};

export type Result = { ok: true } | { ok: false; message: string };
export type JoinIdentity =
	| { kind: 'user'; userId: number; name: string; orgUnitId: number }
	/** `address` is the client address the join came from: guest joins are throttled per address. */
	| { kind: 'guest'; name: string; address?: string };
export type JoinResult = { ok: true; player: CompetitionPlayer } | { ok: false; message: string };

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': hb\n\n');
const HEARTBEAT_SLICES = 15;
/** Screen updates (answer counts, lobby names) are coalesced to at most a few per second. */
const SCREEN_THROTTLE_MS = 250;
/**
 * Guests need no account, so without a cap one script could fill a competition (and the projector's
 * lobby wall) with made-up names. 500 is far above the invited guests of any real event; people
 * with an account are not counted.
 */
export const MAX_GUESTS_PER_GAME = 500;
/**
 * Guest joins per client address, competition and minute. A venue Wi-Fi puts many phones behind one
 * address, so this only stops scripted floods; a refused guest just tries again a minute later.
 */
export const GUEST_JOINS_PER_ADDRESS = 20;
const GUEST_JOIN_WINDOW_MS = 60_000;
/**
 * Streams one player (or one host) may hold open per competition. Each one is a socket and a full
 * snapshot per update; a phone needs one, a host a projector and a phone. The oldest goes first,
 * since that is the tab the person left behind.
 */
export const MAX_STREAMS_PER_VIEWER = 3;

function sse(event: string, id: number, data: unknown): Uint8Array {
	return encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class CompetitionEngine {
	readonly db: DB;
	readonly now: () => number;
	readonly timers: boolean;
	readonly resolveRefs: (refs: string[]) => Promise<CompetitionRefView[]>;
	#loading = new Map<number, Promise<CompetitionState | null>>();
	#competitions = new Map<number, CompetitionState>();
	#heartbeat: ReturnType<typeof setInterval> | null = null;
	#heartbeatMs: number;
	#prepared: ReturnType<typeof prepareStatements> | null = null;
	#guestJoins = new JoinThrottle(GUEST_JOINS_PER_ADDRESS, GUEST_JOIN_WINDOW_MS);

	constructor(db: DB, options: EngineOptions = {}) {
		this.db = db;
		this.now = options.now ?? Date.now;
		this.timers = options.timers ?? true;
		this.resolveRefs = options.resolveRefs ?? (async (refs) => plainRefs(refs));
		this.#heartbeatMs = options.heartbeatMs ?? 15_000;
	}

	// Prepared on first use, not at construction: the module may be imported (by the build's
	// analysis, or before migrations ran) without touching the database.
	get #statements() {
		this.#prepared ??= prepareStatements(this.db);
		return this.#prepared;
	}

	/**
	 * The competition's state, rebuilt from the database on first access. An ended competition never changes
	 * again, so a read of one (a results page, a phone reloading after the end) gets a fresh copy
	 * that is not kept: walking old competitions must not fill the memory. Streams keep it (subscribe).
	 */
	async competition(competitionId: number): Promise<CompetitionState | null> {
		const competition = this.#competitions.get(competitionId);
		if (competition) return competition;
		// One load per competition at a time: two requests arriving together must share one state.
		let loading = this.#loading.get(competitionId);
		if (!loading) {
			loading = (async () => {
				const loaded = await loadCompetitionState(this.db, competitionId);
				if (!loaded) return null;
				for (const q of loaded.questions) q.resolvedRefs = await this.resolveRefs(q.refs);
				if (loaded.row.status === 'ended') return loaded;
				this.#competitions.set(competitionId, loaded);
				this.#schedule(loaded);
				return loaded;
			})().finally(() => this.#loading.delete(competitionId));
			this.#loading.set(competitionId, loading);
		}
		return loading;
	}

	/** Whether the competition's state is held in memory (tests of what is kept). */
	isLoaded(competitionId: number): boolean {
		return this.#competitions.has(competitionId);
	}

	/** Forgets the in-memory state (tests; a competition deleted by an admin). Subscribers are closed. */
	evict(competitionId: number): void {
		const competition = this.#competitions.get(competitionId);
		if (!competition) return;
		for (const s of [...competition.playerSubs, ...competition.screenSubs]) s.close();
		if (competition.timer) clearTimeout(competition.timer);
		if (competition.screenTimer) clearTimeout(competition.screenTimer);
		this.#competitions.delete(competitionId);
	}

	/** Stops timers and closes every stream (tests, shutdown). */
	shutdown(): void {
		for (const id of [...this.#competitions.keys()]) this.evict(id);
		if (this.#heartbeat) clearInterval(this.#heartbeat);
		this.#heartbeat = null;
	}

	// ---- players ------------------------------------------------------------------------------

	async join(competitionId: number, who: JoinIdentity, teamIndex?: number | null): Promise<JoinResult> {
		const competition = await this.competition(competitionId);
		if (!competition) return { ok: false, message: '竞赛不存在' };
		if (competition.row.status === 'ended') return { ok: false, message: '竞赛已结束' };
		if (who.kind === 'guest' && !competition.row.allowGuests) return { ok: false, message: '本场竞赛不接受嘉宾加入，请登录后参加' };
		const lobbyTeams = competition.row.format === 'team' && competition.row.teamMode === 'lobby';
		const chosenName = lobbyTeams && teamIndex !== undefined && teamIndex !== null ? competition.row.teamNames[teamIndex] : undefined;
		let team: { key: string; name: string } | null = chosenName === undefined ? null : { key: `t${teamIndex}`, name: chosenName };
		const existingId = who.kind === 'user' ? competition.byUser.get(who.userId) : undefined;
		if (lobbyTeams && !team && existingId === undefined) return { ok: false, message: '请选择所在队伍' };
		const now = this.now();
		if (who.kind === 'user') {
			if (existingId !== undefined) {
				const existing = competition.players.get(existingId)!;
				// Changing team is allowed until the competition starts, so a mis-tap in the lobby can be fixed.
				if (team && competition.row.status === 'lobby' && existing.teamKey !== team.key) {
					await this.db.update(competitionPlayers).set({ teamKey: team.key, teamName: team.name }).where(eq(competitionPlayers.id, existing.id)).run();
					existing.teamKey = team.key;
					existing.teamName = team.name;
					competition.standings = null;
					this.#touchScreen(competition);
				}
				return { ok: true, player: existing };
			}
			if (competition.row.format === 'team' && competition.row.teamMode === 'unit') team = await teamForUnit(this.db, who.orgUnitId, competition.row.teamDepth ?? 1);
		} else {
			let guests = 0;
			for (const p of competition.players.values()) if (p.isGuest) guests++;
			if (guests >= MAX_GUESTS_PER_GAME) return { ok: false, message: `本场竞赛的嘉宾名额（${MAX_GUESTS_PER_GAME} 人）已满，请登录后参加` };
			if (who.address !== undefined && !this.#guestJoins.take(`${competitionId}|${who.address}`, now)) {
				return { ok: false, message: '嘉宾加入过于频繁，请稍等一分钟后再试' };
			}
			if (competition.row.format === 'team' && competition.row.teamMode === 'unit') team = { key: 'guest', name: '嘉宾' };
		}
		const player = await this.db
			.insert(competitionPlayers)
			.values({
				competitionId,
				userId: who.kind === 'user' ? who.userId : null,
				name: who.name,
				isGuest: who.kind === 'guest',
				orgUnitId: who.kind === 'user' ? who.orgUnitId : null,
				teamKey: team?.key ?? null,
				teamName: team?.name ?? null,
				joinedAt: now
			})
			.onConflictDoNothing()
			.returning()
			.get();
		if (!player) {
			// Another process (or a lost in-memory state) already has this user: reload from the table.
			this.evict(competitionId);
			return await this.join(competitionId, who, teamIndex);
		}
		competition.players.set(player.id, player);
		if (player.userId !== null) competition.byUser.set(player.userId, player.id);
		competition.recent.push(displayName(player));
		if (competition.recent.length > RECENT_NAMES * 2) competition.recent.splice(0, competition.recent.length - RECENT_NAMES);
		competition.standings = null;
		this.#touchScreen(competition);
		return { ok: true, player };
	}

	async playerForUser(competitionId: number, userId: number): Promise<CompetitionPlayer | null> {
		const competition = await this.competition(competitionId);
		const id = competition?.byUser.get(userId);
		return id === undefined ? null : (competition!.players.get(id) ?? null);
	}

	async player(competitionId: number, playerId: number): Promise<CompetitionPlayer | null> {
		return (await this.competition(competitionId))?.players.get(playerId) ?? null;
	}

	/**
	 * Stores an answer exactly once. A replay (same phone retrying, or a second tap) returns the
	 * acknowledgement of the stored answer, with its original receipt time.
	 */
	async answer(competitionId: number, playerId: number, input: { questionId: number; clientId: string; response: string[] }): Promise<CompetitionAck> {
		const receivedAt = this.now();
		const competition = await this.competition(competitionId);
		if (!competition || !competition.players.has(playerId)) return refuse('not-player', '您还没有加入本场竞赛');
		const q = competition.byId.get(input.questionId);
		if (!q) return refuse('unknown-question', '题目不存在');
		const stored = q.answers.get(playerId);
		if (stored) return ack(q, stored, true);
		if (q !== currentQuestion(competition) || competition.row.status !== 'running') return refuse('not-current', '本题已结束');
		if (competition.row.pausedAt !== null) return refuse('paused', '竞赛已暂停，请稍候');
		const stage = questionStage(q, receivedAt);
		if (stage === 'staking' || stage === 'pending') return refuse('not-open', '本题尚未开始作答');
		if (stage !== 'open') return refuse('late', '已超过作答时间，本次作答无效');
		const response = normalizeResponse(q, input.response);
		if (!response) return refuse('invalid', '答案格式不正确');
		let stake: number | undefined;
		if (q.row.round === 'buzz' && buzzWinner(q) !== playerId) return refuse('not-winner', '只有抢到答题权的选手可以作答');
		if (q.row.round === 'risk') {
			stake = q.stakes.get(playerId)?.stake;
			if (stake === undefined) return refuse('no-stake', '您没有选择分值，本题不能作答');
		}
		const correct = isCorrect({ type: q.type, answer: q.answer }, response);
		const remainingMs = q.row.deadlineAt! - receivedAt;
		const points = answerPoints({ round: q.row.round, points: q.row.points, seconds: q.row.seconds, correct, remainingMs, stake });
		const row = { competitionId, competitionQuestionId: q.row.id, playerId, clientId: input.clientId, response, correct, points, remainingMs, receivedAt };
		const inserted = await this.#statements.insertAnswer.get(row);
		if (!inserted) {
			// The table already had one (state lost in memory): the stored answer wins.
			this.evict(competitionId);
			return await this.answer(competitionId, playerId, input);
		}
		const answer: StoredAnswer = { id: inserted.id, playerId, clientId: input.clientId, response, correct, points, remainingMs, receivedAt };
		q.answers.set(playerId, answer);
		if (q.answers.size >= eligibleCount(competition, q)) await this.#closeEarly(competition, q, receivedAt);
		else this.#touchScreen(competition);
		return ack(q, answer, false);
	}

	/** 抢答: the first buzz processed wins; the server's insertion order decides, not the phones' clocks. */
	async buzz(competitionId: number, playerId: number, questionId: number): Promise<CompetitionBuzzAck> {
		const at = this.now();
		const competition = await this.competition(competitionId);
		if (!competition || !competition.players.has(playerId)) return refuse('not-player', '您还没有加入本场竞赛');
		const q = competition.byId.get(questionId);
		if (!q || q.row.round !== 'buzz') return refuse('not-buzz', '本题不是抢答题');
		const winnerName = () => {
			const w = buzzWinner(q);
			const p = w === null ? undefined : competition.players.get(w);
			return p ? displayName(p) : null;
		};
		const mine = q.buzzes.find((b) => b.playerId === playerId);
		if (mine) return { ok: true, won: buzzWinner(q) === playerId, winnerName: winnerName(), at: mine.at };
		if (q !== currentQuestion(competition) || competition.row.status !== 'running') return refuse('not-current', '本题已结束');
		if (competition.row.pausedAt !== null) return refuse('paused', '竞赛已暂停，请稍候');
		if (questionStage(q, at) !== 'open') return refuse('late', '抢答已结束');
		const first = q.buzzes.length === 0;
		// The winner's answer window starts at the buzz.
		const deadlineAt = first ? at + q.row.seconds * 1000 : null;
		const inserted = await this.db.transaction(async (tx) => {
			if (!await this.#statements.insertBuzz.get({ competitionQuestionId: q.row.id, playerId, at })) return false;
			if (deadlineAt !== null) await tx.update(competitionQuestions).set({ deadlineAt }).where(eq(competitionQuestions.id, q.row.id)).run();
			return true;
		});
		if (!inserted) {
			// The table already has this buzz (state lost in memory): reload, the stored order decides.
			this.evict(competitionId);
			return await this.buzz(competitionId, playerId, questionId);
		}
		if (deadlineAt !== null) q.row.deadlineAt = deadlineAt;
		q.buzzes.push({ playerId, at });
		if (first) this.publish(competition);
		else this.#touchScreen(competition);
		return { ok: true, won: first, winnerName: winnerName(), at };
	}

	/** 风险题: the stake is chosen before the question is shown, once. */
	async stake(competitionId: number, playerId: number, questionId: number, stake: number): Promise<CompetitionStakeAck> {
		const at = this.now();
		const competition = await this.competition(competitionId);
		if (!competition || !competition.players.has(playerId)) return refuse('not-player', '您还没有加入本场竞赛');
		const q = competition.byId.get(questionId);
		if (!q || q.row.round !== 'risk') return refuse('not-risk', '本题不是风险题');
		const mine = q.stakes.get(playerId);
		if (mine) return mine.stake === stake ? { ok: true, stake, at: mine.at, replay: true } : refuse('already', `已选择 ${mine.stake} 分，不能更改`);
		if (q !== currentQuestion(competition) || competition.row.status !== 'running') return refuse('not-current', '本题已结束');
		if (competition.row.pausedAt !== null) return refuse('paused', '竞赛已暂停，请稍候');
		if (questionStage(q, at) !== 'staking') return refuse('late', '选择分值的时间已过');
		if (!q.row.stakes.includes(stake)) return refuse('invalid', `分值只能是 ${q.row.stakes.join('、')}`);
		if (!await this.#statements.insertStake.get({ competitionQuestionId: q.row.id, playerId, stake, at })) {
			this.evict(competitionId);
			return await this.stake(competitionId, playerId, questionId, stake);
		}
		q.stakes.set(playerId, { stake, at });
		this.#touchScreen(competition);
		return { ok: true, stake, at, replay: false };
	}

	// ---- host ---------------------------------------------------------------------------------

	async start(competitionId: number): Promise<Result> {
		const competition = await this.competition(competitionId);
		if (!competition) return { ok: false, message: '竞赛不存在' };
		if (competition.row.status !== 'lobby') return { ok: false, message: competition.row.status === 'ended' ? '竞赛已结束' : '竞赛已经开始' };
		if (!competition.questions.length) return { ok: false, message: '本场竞赛没有题目' };
		const now = this.now();
		await this.db.transaction(async (tx) => {
			await tx.update(competitions).set({ status: 'running', startedAt: now }).where(eq(competitions.id, competitionId)).run();
			await this.#showQuestion(tx as unknown as DB, competition, competition.questions[0], now);
		});
		competition.row.status = 'running';
		competition.row.startedAt = now;
		this.publish(competition);
		return { ok: true };
	}

	async next(competitionId: number): Promise<Result> {
		const turn = await this.#hostTurn(competitionId);
		if ('ok' in turn) return turn;
		const { competition, q, now } = turn;
		const stage = questionStage(q, now);
		if (stage === 'staking' || stage === 'open') return { ok: false, message: '本题尚未结束：请先公布答案' };
		const nextQ = competition.questions[q.row.ordinal];
		if (!nextQ) return { ok: false, message: '已是最后一题，请点击“结束”' };
		await this.db.transaction(async (tx) => {
			// Moving on without 公布答案 still counts the question.
			if (q.row.revealedAt === null) {
				await tx.update(competitionQuestions).set({ revealedAt: now }).where(eq(competitionQuestions.id, q.row.id)).run();
			}
			await this.#showQuestion(tx as unknown as DB, competition, nextQ, now);
		});
		if (q.row.revealedAt === null) q.row.revealedAt = now;
		this.publish(competition);
		return { ok: true };
	}

	/** 风险题: show the question now instead of waiting for the end of the staking time. */
	async openNow(competitionId: number): Promise<Result> {
		const turn = await this.#hostTurn(competitionId);
		if ('ok' in turn) return turn;
		const { competition, q, now } = turn;
		if (questionStage(q, now) !== 'staking') return { ok: false, message: '当前不在选择分值阶段' };
		const patch = { openedAt: now, deadlineAt: now + q.row.seconds * 1000 };
		return await this.#advanceQuestion(competition, q, patch);
	}

	/** Stores a stage change of the current question, then mirrors it in memory and tells everyone. */
	async #advanceQuestion(competition: CompetitionState, q: QuestionState, patch: Partial<typeof competitionQuestions.$inferInsert>): Promise<Result> {
		await this.db.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, q.row.id)).run();
		Object.assign(q.row, patch);
		this.publish(competition);
		return { ok: true };
	}

	async reveal(competitionId: number): Promise<Result> {
		const turn = await this.#hostTurn(competitionId);
		if ('ok' in turn) return turn;
		const { competition, q, now } = turn;
		const stage = questionStage(q, now);
		if (stage === 'revealed' || stage === 'leaderboard') return { ok: false, message: '答案已公布' };
		const patch = { revealedAt: now, ...(stage === 'closed' ? {} : { closedAt: now }) };
		return await this.#advanceQuestion(competition, q, patch);
	}

	async leaderboard(competitionId: number): Promise<Result> {
		const turn = await this.#hostTurn(competitionId);
		if ('ok' in turn) return turn;
		const { competition, q, now } = turn;
		const stage = questionStage(q, now);
		if (stage === 'staking' || stage === 'open') return { ok: false, message: '本题尚未结束：请先公布答案' };
		if (stage === 'leaderboard') return { ok: true };
		const patch = { leaderboardAt: now, revealedAt: q.row.revealedAt ?? now };
		return await this.#advanceQuestion(competition, q, patch);
	}

	async pause(competitionId: number): Promise<Result> {
		const competition = await this.competition(competitionId);
		if (!competition) return { ok: false, message: '竞赛不存在' };
		if (competition.row.status !== 'running') return { ok: false, message: '竞赛未在进行中' };
		if (competition.row.pausedAt !== null) return { ok: false, message: '竞赛已暂停' };
		const now = this.now();
		await this.db.update(competitions).set({ pausedAt: now }).where(eq(competitions.id, competitionId)).run();
		competition.row.pausedAt = now;
		this.publish(competition);
		return { ok: true };
	}

	/** Resuming moves the current question's pending deadlines by the length of the pause. */
	async resume(competitionId: number): Promise<Result> {
		const competition = await this.competition(competitionId);
		if (!competition) return { ok: false, message: '竞赛不存在' };
		const pausedAt = competition.row.pausedAt;
		if (pausedAt === null) return { ok: false, message: '竞赛没有暂停' };
		const now = this.now();
		const shift = Math.max(0, now - pausedAt);
		const q = currentQuestion(competition);
		await this.db.transaction(async (tx) => {
			await tx.update(competitions).set({ pausedAt: null }).where(eq(competitions.id, competitionId)).run();
			if (q && q.row.closedAt === null && q.row.deadlineAt !== null && q.row.deadlineAt > pausedAt) {
				const patch = {
					deadlineAt: q.row.deadlineAt + shift,
					openedAt: q.row.openedAt !== null && q.row.openedAt > pausedAt ? q.row.openedAt + shift : q.row.openedAt
				};
				await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, q.row.id)).run();
				Object.assign(q.row, patch);
			}
		});
		competition.row.pausedAt = null;
		this.publish(competition);
		return { ok: true };
	}

	/** Ends the competition: closes the current question, stores the results and records the activity. */
	async end(competitionId: number): Promise<Result> {
		const competition = await this.competition(competitionId);
		if (!competition) return { ok: false, message: '竞赛不存在' };
		if (competition.row.status === 'ended') return { ok: false, message: '竞赛已结束' };
		const now = this.now();
		const q = currentQuestion(competition);
		const patch: { closedAt?: number; revealedAt?: number } = {};
		if (q && q.row.shownAt !== null) {
			const stage = questionStage(q, competitionClock(competition, now));
			if (stage === 'staking' || stage === 'open') patch.closedAt = now;
			if (q.row.revealedAt === null) patch.revealedAt = now;
		}
		// The standings as they will be once the patch is stored (the last question counts); the
		// in-memory state changes only after the write succeeded, so a failed end leaves it as it was.
		const closing = q ? { ...q, row: { ...q.row, ...patch } } : null;
		const standings = standingsOf({ ...competition, standings: null, questions: competition.questions.map((x) => (x === q ? closing! : x)) });
		const activityId = await this.db.transaction(async (tx) => {
			if (q && Object.keys(patch).length) await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, q.row.id)).run();
			const id = await finishCompetition(tx as unknown as DB, competition, standings, now);
			await tx.update(competitions).set({ status: 'ended', endedAt: now, joinCode: null, pausedAt: null, activityId: id }).where(eq(competitions.id, competitionId)).run();
			return id;
		});
		if (q) Object.assign(q.row, patch);
		competition.standings = null;
		Object.assign(competition.row, { status: 'ended', endedAt: now, joinCode: null, pausedAt: null, activityId });
		this.publish(competition);
		this.#forgetIfDone(competition);
		return { ok: true };
	}

	// ---- streams ------------------------------------------------------------------------------

	/** Adds a stream and sends it a full snapshot, so a reconnecting phone needs nothing else. */
	async subscribe(competitionId: number, sub: Subscriber, kind: 'player' | 'screen'): Promise<(() => void) | null> {
		const competition = await this.competition(competitionId);
		if (!competition) return null;
		// An ended competition is not kept for reads (see competition()); while a stream is open it is, for the
		// heartbeats, and it leaves again with the last stream (#forgetIfDone).
		if (!this.#competitions.has(competitionId)) this.#competitions.set(competitionId, competition);
		const now = this.now();
		if (kind === 'screen') {
			competition.screenSubs.add(sub);
			if (sub.viewerId != null) this.#limitStreams(competition, [...competition.screenSubs].filter((s) => s.viewerId === sub.viewerId));
			sub.write(sse('screen', competition.v, screenState(competition, now, plainRefs)));
		} else {
			competition.playerSubs.add(sub);
			if (sub.playerId !== null) {
				let set = competition.subsByPlayer.get(sub.playerId);
				if (!set) competition.subsByPlayer.set(sub.playerId, (set = new Set()));
				set.add(sub);
				this.#limitStreams(competition, [...set]);
			}
			sub.write(sse('state', competition.v, publicState(competition, now, plainRefs)));
			if (sub.playerId !== null) sub.write(sse('me', competition.v, meState(competition, sub.playerId, now)));
		}
		this.#startHeartbeat();
		return () => {
			competition.playerSubs.delete(sub);
			competition.screenSubs.delete(sub);
			if (sub.playerId !== null) {
				const set = competition.subsByPlayer.get(sub.playerId);
				set?.delete(sub);
				if (set && !set.size) competition.subsByPlayer.delete(sub.playerId);
			}
			this.#forgetIfDone(competition);
		};
	}

	subscriberCount(competitionId: number): { players: number; screens: number } {
		const competition = this.#competitions.get(competitionId);
		return { players: competition?.playerSubs.size ?? 0, screens: competition?.screenSubs.size ?? 0 };
	}

	/**
	 * Broadcasts the competition's state: one serialization for all phones, one for the screens, and a
	 * small personal event per phone only when scores changed (answer shown, leaderboard, end).
	 */
	publish(competition: CompetitionState): void {
		competition.v += 1;
		const now = this.now();
		const stage = competitionStage(competition, now);
		const stageKey = `${competition.row.currentOrdinal}:${stage}`;
		const stageChanged = stageKey !== competition.lastStageKey;
		competition.lastStageKey = stageKey;
		if (competition.playerSubs.size) {
			const bytes = sse('state', competition.v, publicState(competition, now, plainRefs));
			for (const sub of competition.playerSubs) if (!sub.write(bytes)) sub.close();
			if (stageChanged && (stage === 'revealed' || stage === 'leaderboard' || stage === 'ended')) {
				for (const [playerId, subs] of competition.subsByPlayer) {
					const me = sse('me', competition.v, meState(competition, playerId, now));
					for (const sub of subs) if (!sub.write(me)) sub.close();
				}
			}
		}
		this.#publishScreen(competition, now);
		this.#schedule(competition);
	}

	/** The state as the pages render it before their stream connects. */
	async snapshot(competitionId: number, playerId: number | null) {
		const competition = await this.competition(competitionId);
		if (!competition) return null;
		const now = this.now();
		return { state: publicState(competition, now, plainRefs), me: playerId === null ? null : meState(competition, playerId, now) };
	}

	async screenSnapshot(competitionId: number) {
		const competition = await this.competition(competitionId);
		return competition ? screenState(competition, this.now(), plainRefs) : null;
	}

	// ---- internals ----------------------------------------------------------------------------

	/** What every question-stage host action needs: a running, unpaused competition and its current question. */
	async #hostTurn(competitionId: number): Promise<{ competition: CompetitionState; q: QuestionState; now: number } | { ok: false; message: string }> {
		const competition = await this.competition(competitionId);
		if (!competition) return { ok: false, message: '竞赛不存在' };
		if (competition.row.status === 'lobby') return { ok: false, message: '竞赛尚未开始' };
		if (competition.row.status === 'ended') return { ok: false, message: '竞赛已结束' };
		if (competition.row.pausedAt !== null) return { ok: false, message: '竞赛已暂停：请先点击“继续”' };
		const q = currentQuestion(competition);
		if (!q) return { ok: false, message: '没有当前题目' };
		return { competition, q, now: this.now() };
	}

	async #showQuestion(tx: DB, competition: CompetitionState, q: QuestionState, now: number): Promise<void> {
		const openedAt = q.row.round === 'risk' ? now + competition.row.stakeSeconds * 1000 : now;
		const patch = { shownAt: now, openedAt, deadlineAt: openedAt + q.row.seconds * 1000, closedAt: null, revealedAt: null, leaderboardAt: null };
		await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, q.row.id)).run();
		await tx.update(competitions).set({ currentOrdinal: q.row.ordinal }).where(eq(competitions.id, competition.row.id)).run();
		Object.assign(q.row, patch);
		competition.row.currentOrdinal = q.row.ordinal;
	}

	/** Everyone who may answer has answered: close now instead of waiting for the deadline. */
	async #closeEarly(competition: CompetitionState, q: QuestionState, at: number): Promise<void> {
		await this.db.update(competitionQuestions).set({ closedAt: at }).where(eq(competitionQuestions.id, q.row.id)).run();
		q.row.closedAt = at;
		this.publish(competition);
	}

	#publishScreen(competition: CompetitionState, now: number): void {
		if (competition.screenTimer) {
			clearTimeout(competition.screenTimer);
			competition.screenTimer = null;
		}
		if (!competition.screenSubs.size) return;
		const bytes = sse('screen', competition.v, screenState(competition, now, plainRefs));
		for (const sub of competition.screenSubs) if (!sub.write(bytes)) sub.close();
	}

	#touchScreen(competition: CompetitionState): void {
		if (!competition.screenSubs.size || competition.screenTimer || !this.timers) return;
		competition.screenTimer = setTimeout(() => {
			competition.screenTimer = null;
			this.#publishScreen(competition, this.now());
		}, SCREEN_THROTTLE_MS);
	}

	/** One timer per competition, for the next time-driven transition (staking → open → closed). */
	#schedule(competition: CompetitionState): void {
		if (competition.timer) clearTimeout(competition.timer);
		competition.timer = null;
		if (!this.timers || competition.row.status !== 'running' || competition.row.pausedAt !== null) return;
		const q = currentQuestion(competition);
		if (!q) return;
		const now = this.now();
		const stage = questionStage(q, now);
		const at = stage === 'staking' ? q.row.openedAt! : stage === 'open' ? q.row.deadlineAt! : null;
		if (at === null) return;
		competition.timer = setTimeout(() => {
			competition.timer = null;
			if (this.#competitions.get(competition.row.id) !== competition) return;
			if (competitionStage(competition, this.now()) === stage) this.#schedule(competition);
			else this.publish(competition);
		}, Math.max(5, at - now + 5));
		competition.timer.unref?.();
	}

	/** Closes the oldest of one person's streams (oldest first, as the sets keep insertion order) beyond the limit. */
	#limitStreams(competition: CompetitionState, streams: Subscriber[]): void {
		for (const old of streams.slice(0, Math.max(0, streams.length - MAX_STREAMS_PER_VIEWER))) {
			competition.playerSubs.delete(old);
			competition.screenSubs.delete(old);
			if (old.playerId !== null) competition.subsByPlayer.get(old.playerId)?.delete(old);
			old.close();
		}
	}

	/** An ended competition nobody watches leaves memory; the tables still have it if someone looks again. */
	#forgetIfDone(competition: CompetitionState): void {
		if (competition.row.status === 'ended' && !competition.playerSubs.size && !competition.screenSubs.size && this.#competitions.get(competition.row.id) === competition) this.evict(competition.row.id);
	}

	#startHeartbeat(): void {
		if (this.#heartbeat || !this.timers) return;
		// Comments keep proxies and phone browsers from dropping an idle stream. Each stream gets one
		// every heartbeatMs, but spread over HEARTBEAT_SLICES ticks, so two thousand writes never
		// land at the same instant as a burst of answers.
		let tick = 0;
		this.#heartbeat = setInterval(() => {
			tick = (tick + 1) % HEARTBEAT_SLICES;
			for (const competition of this.#competitions.values()) {
				let i = 0;
				for (const sub of competition.playerSubs) if (i++ % HEARTBEAT_SLICES === tick && !sub.write(HEARTBEAT)) sub.close();
				for (const sub of competition.screenSubs) if (tick === 0 && !sub.write(HEARTBEAT)) sub.close();
			}
		}, this.#heartbeatMs / HEARTBEAT_SLICES);
		this.#heartbeat.unref?.();
	}

}

/** The hot-path writes, as prepared statements: an answer, a buzz or a stake is one insert. */
function prepareStatements(db: DB) {
	const p = sql.placeholder;
	return {
		insertAnswer: db
			.insert(competitionAnswers)
			.values({
				competitionId: p('competitionId'),
				competitionQuestionId: p('competitionQuestionId'),
				playerId: p('playerId'),
				clientId: p('clientId'),
				response: p('response'),
				correct: p('correct'),
				points: p('points'),
				remainingMs: p('remainingMs'),
				receivedAt: p('receivedAt')
			})
			.onConflictDoNothing()
			.returning({ id: competitionAnswers.id })
			.prepare(),
		insertBuzz: db
			.insert(competitionBuzzes)
			.values({ competitionQuestionId: p('competitionQuestionId'), playerId: p('playerId'), at: p('at') })
			.onConflictDoNothing()
			.returning({ id: competitionBuzzes.id })
			.prepare(),
		insertStake: db
			.insert(competitionStakes)
			.values({ competitionQuestionId: p('competitionQuestionId'), playerId: p('playerId'), stake: p('stake'), at: p('at') })
			.onConflictDoNothing()
			.returning({ id: competitionStakes.id })
			.prepare()
	};
}

/** What a reference shows until (or unless) it is resolved against the loaded texts. */
function plainRefs(refs: string[]): CompetitionRefView[] {
	return refs.map((ref) => ({ ref, label: ref, href: null }));
}

function refuse(code: string, message: string): { ok: false; code: string; message: string } {
	return { ok: false, code, message };
}

function ack(q: QuestionState, a: StoredAnswer, replay: boolean): CompetitionAck {
	return { ok: true, questionId: q.row.id, clientId: a.clientId, receivedAt: a.receivedAt, response: a.response, replay };
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
