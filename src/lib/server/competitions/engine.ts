import { randomBytes } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { competitionQuestions, competitions, competitionPlayers, type CompetitionPlayer } from '../db/schema/index.ts';
import { isCorrect } from '../quizzes/grading.ts';
import { countAttempt, isLimited, type RateLimit } from '../rate-limit.ts';
import type { CompetitionAck, CompetitionBuzzAck, CompetitionRefView, CompetitionStakeAck } from '../../competitions/types.ts';
import { answerPoints } from './scoring.ts';
import { buzzWinner, competitionClock, competitionStage, currentQuestion, displayName, eligibleCount, questionStage, type CompetitionState, type QuestionState } from './state.ts';
import { MAY_BE_STALE, normalizeResponse, playerTurn, refuse, type Refusal } from './rules.ts';
import {
	applyAnswer,
	applyBuzz,
	applyPlayer,
	applyStake,
	CHANNEL,
	countGuests,
	fetchRows,
	insertPlayer,
	loadCompetition,
	parseNotification,
	playerOfUser,
	readAllRows,
	refreshTurn,
	storeAnswer,
	storeBuzz,
	storedAnswer,
	storedStake,
	storeStake,
	syncTransition,
	transition,
	type AnswerRow,
	type Changes,
	type RowKind
} from './store.ts';
import { meState, publicState, screenState } from './views.ts';
import { standingsOf } from './standings.ts';
import { teamForUnit } from './teams.ts';
import { finishCompetition } from './results.ts';
import { Broadcaster, sseEvent, type StreamKind, type Subscriber } from './broadcaster.ts';

/**
 * The live-competition engine: commands (join, answer, buzz, stake, the host's buttons) checked
 * against this process's mirror, decided by the database (store.ts), then mirrored and broadcast
 * (broadcaster.ts). Several processes may run it over one PostgreSQL: each writes its changes with
 * conditional statements, tells the others through the database's notifications, and brings its
 * mirror up to date from the tables when told — so any process can take a player's answer or hold
 * their stream. On SQLite there is one process and nothing to tell.
 */

export type EngineOptions = {
	/** The server clock (epoch ms). Tests pass a fake one; several processes share the database's. */
	now?: () => number;
	/** Timers broadcast time-driven transitions (deadline reached); tests switch them off. */
	timers?: boolean;
	resolveRefs?: (refs: string[]) => Promise<CompetitionRefView[]>;
	heartbeatMs?: number;
};

export type Result = { ok: true } | { ok: false; message: string };
export type JoinIdentity =
	| { kind: 'user'; userId: number; name: string; orgUnitId: number }
	/** `address` is the client address the join came from: guest joins are limited per address. */
	| { kind: 'guest'; name: string; address?: string };
export type JoinResult = { ok: true; player: CompetitionPlayer } | { ok: false; message: string };

/** Screen updates (answer counts, lobby names) are coalesced to at most a few per second. */
const SCREEN_THROTTLE_MS = 250;
/** Rows announced by other processes are fetched in batches, at most this often per competition. */
const FETCH_BATCH_MS = 10;
/**
 * Guests need no account, so without a cap one script could fill a competition (and the
 * projector's lobby wall) with made-up names. 500 is far above the invited guests of any real
 * event; people with an account are not counted.
 */
export const MAX_GUESTS_PER_COMPETITION = 500;
/**
 * Guest joins per client address, competition and minute. A venue Wi-Fi puts many phones behind
 * one address, so this only stops scripted floods; a refused guest just tries again a minute later.
 */
export const GUEST_JOINS_PER_ADDRESS = 20;
const GUEST_JOINS: RateLimit = { bucket: 'guest-join', limit: GUEST_JOINS_PER_ADDRESS, windowMs: 60_000 };

/** One competition as this process holds it: the mirror and its timers. */
type Live = {
	state: CompetitionState;
	timer: ReturnType<typeof setTimeout> | null;
	screenTimer: ReturnType<typeof setTimeout> | null;
	fetchTimer: ReturnType<typeof setTimeout> | null;
	lastStageKey: string;
	/** Row ids other processes announced and this mirror has not fetched yet. */
	pending: Record<RowKind, number[]>;
	/** The transition sync in flight (coalesced), and whether another was asked for meanwhile. */
	syncing: Promise<void> | null;
	dirty: boolean;
};

const noPending = (): Record<RowKind, number[]> => ({ p: [], a: [], s: [], b: [] });

export class CompetitionEngine {
	readonly db: DB;
	readonly now: () => number;
	readonly timers: boolean;
	readonly resolveRefs: (refs: string[]) => Promise<CompetitionRefView[]>;
	/** This engine's name in the notifications it sends, so it can ignore its own. */
	readonly origin = randomBytes(6).toString('hex');
	readonly #broadcaster: Broadcaster;
	#live = new Map<number, Live>();
	#loading = new Map<number, Promise<Live | null>>();
	#unlisten: (() => Promise<void>) | null = null;
	/** Answers waiting for the next group commit (SQLite), see #storeAnswer. */
	#answerBatch: { row: AnswerRow; round: 'required' | 'buzz' | 'risk'; resolve: (id: number | null) => void; reject: (err: unknown) => void }[] | null = null;

	constructor(db: DB, options: EngineOptions = {}) {
		this.db = db;
		this.now = options.now ?? Date.now;
		this.timers = options.timers ?? true;
		this.resolveRefs = options.resolveRefs ?? (async (refs) => refs.map((ref) => ({ ref, label: ref, href: null })));
		this.#broadcaster = new Broadcaster({ heartbeatMs: options.heartbeatMs, timers: this.timers });
		this.#broadcaster.onEmpty = (id) => this.#forgetIfDone(id);
	}

	/** Starts hearing what other processes change (needed only where there can be several: PostgreSQL). */
	async listen(): Promise<void> {
		if (this.#unlisten) return;
		this.#unlisten = await this.db.$engine.listen(CHANNEL, (payload) => this.#onNotification(payload));
	}

	// ---- the mirror ---------------------------------------------------------------------------

	/**
	 * The competition's mirror, built from the tables on first access. An ended competition never
	 * changes again, so a read of one (results, a phone reloading after the end) gets a copy that
	 * is not kept; streams keep theirs (subscribe).
	 */
	async competition(competitionId: number): Promise<CompetitionState | null> {
		return (await this.#get(competitionId))?.state ?? null;
	}

	async #get(competitionId: number): Promise<Live | null> {
		const held = this.#live.get(competitionId);
		if (held) return held;
		// One load per competition at a time: requests arriving together must share one mirror.
		let loading = this.#loading.get(competitionId);
		if (!loading) {
			loading = (async () => {
				const state = await loadCompetition(this.db, competitionId, this.resolveRefs);
				if (!state) return null;
				const live: Live = { state, timer: null, screenTimer: null, fetchTimer: null, lastStageKey: '', pending: noPending(), syncing: null, dirty: false };
				if (state.row.status === 'ended') return live;
				this.#live.set(competitionId, live);
				this.#schedule(live);
				return live;
			})().finally(() => this.#loading.delete(competitionId));
			this.#loading.set(competitionId, loading);
		}
		return loading;
	}

	/** Whether the competition's mirror is held in memory (tests of what is kept). */
	isLoaded(competitionId: number): boolean {
		return this.#live.has(competitionId);
	}

	/** Forgets the mirror and closes its streams (tests; a competition deleted by an admin). */
	evict(competitionId: number): void {
		const live = this.#live.get(competitionId);
		this.#broadcaster.closeAll(competitionId);
		if (!live) return;
		for (const t of [live.timer, live.screenTimer, live.fetchTimer]) if (t) clearTimeout(t);
		this.#live.delete(competitionId);
	}

	/** Stops timers, closes every stream and stops listening (tests, shutdown). */
	async shutdown(): Promise<void> {
		for (const id of [...this.#live.keys()]) this.evict(id);
		this.#broadcaster.closeAll();
		const unlisten = this.#unlisten;
		this.#unlisten = null;
		await unlisten?.();
	}

	/** Brings the mirror up to date now with another process's transitions. */
	async sync(competitionId: number): Promise<void> {
		const live = this.#live.get(competitionId);
		if (live) await this.#syncTransition(live);
	}

	#onNotification(text: string): void {
		// An empty payload: the notification connection was lost and is back; anything may have
		// changed meanwhile, so every competition held is read again from its tables.
		if (!text) {
			for (const live of this.#live.values()) void this.#reload(live).catch((err) => console.error(`[清风学堂] 竞赛 ${live.state.row.id} 重新加载失败`, err));
			return;
		}
		const n = parseNotification(text);
		if (!n || n.origin === this.origin) return;
		const live = this.#live.get(n.competitionId);
		if (!live) return;
		if (n.kind === 't') {
			void this.#syncTransition(live).catch((err) => console.error(`[清风学堂] 竞赛 ${n.competitionId} 同步失败`, err));
			return;
		}
		live.pending[n.kind].push(n.id);
		live.fetchTimer ??= setTimeout(() => {
			live.fetchTimer = null;
			const ids = live.pending;
			live.pending = noPending();
			fetchRows(this.db, live.state, ids)
				.then((changes) => this.#afterChanges(live, changes))
				.catch((err) => console.error(`[清风学堂] 竞赛 ${n.competitionId} 读取新记录失败`, err));
		}, FETCH_BATCH_MS);
	}

	/** Coalesced: while one sync runs, further requests make it run once more, not once each. */
	#syncTransition(live: Live): Promise<void> {
		if (live.syncing) {
			live.dirty = true;
			return live.syncing;
		}
		live.syncing = (async () => {
			do {
				live.dirty = false;
				if (await syncTransition(this.db, live.state)) await this.#afterChanges(live, { transition: true, players: false, answers: false, stakes: false, buzzes: false });
			} while (live.dirty);
		})().finally(() => (live.syncing = null));
		return live.syncing;
	}

	async #reload(live: Live): Promise<void> {
		const fresh = await loadCompetition(this.db, live.state.row.id, this.resolveRefs);
		if (!fresh) return;
		live.state = fresh;
		this.#publish(live);
	}

	async #afterChanges(live: Live, changes: Changes): Promise<void> {
		// Answers to a question already shown as answered change scores: everyone's view is redone.
		const current = currentQuestion(live.state);
		const scoresMoved = changes.answers && current !== null && current.row.revealedAt !== null;
		if (changes.transition || scoresMoved) this.#publish(live, scoresMoved);
		else if (changes.players || changes.answers || changes.stakes || changes.buzzes) this.#touchScreen(live);
		if (changes.answers || changes.stakes || changes.buzzes || changes.players) await this.#closeIfAllAnswered(live);
	}

	// ---- players ------------------------------------------------------------------------------

	async join(competitionId: number, who: JoinIdentity, teamIndex?: number | null): Promise<JoinResult> {
		const live = await this.#get(competitionId);
		if (!live) return { ok: false, message: '竞赛不存在' };
		const c = live.state;
		if (c.row.status === 'ended') return { ok: false, message: '竞赛已结束' };
		if (who.kind === 'guest' && !c.row.allowGuests) return { ok: false, message: '本场竞赛不接受嘉宾加入，请登录后参加' };
		const lobbyTeams = c.row.format === 'team' && c.row.teamMode === 'lobby';
		const chosenName = lobbyTeams && teamIndex !== undefined && teamIndex !== null ? c.row.teamNames[teamIndex] : undefined;
		let team: { key: string; name: string } | null = chosenName === undefined ? null : { key: `t${teamIndex}`, name: chosenName };
		const now = this.now();
		if (who.kind === 'user') {
			const existing = await this.playerForUser(competitionId, who.userId);
			if (existing) return this.#changeTeam(live, existing, team);
			if (lobbyTeams && !team) return { ok: false, message: '请选择所在队伍' };
			if (c.row.format === 'team' && c.row.teamMode === 'unit') team = await teamForUnit(this.db, who.orgUnitId, c.row.teamDepth ?? 1);
		} else {
			if (lobbyTeams && !team) return { ok: false, message: '请选择所在队伍' };
			if ((await countGuests(this.db, competitionId)) >= MAX_GUESTS_PER_COMPETITION) {
				return { ok: false, message: `本场竞赛的嘉宾名额（${MAX_GUESTS_PER_COMPETITION} 人）已满，请登录后参加` };
			}
			if (who.address !== undefined) {
				const key = `${competitionId}|${who.address}`;
				const limited = await isLimited(this.db, GUEST_JOINS, key, now);
				if (!limited.ok) return { ok: false, message: '嘉宾加入过于频繁，请稍等一分钟后再试' };
				await countAttempt(this.db, GUEST_JOINS, key, now);
			}
			if (c.row.format === 'team' && c.row.teamMode === 'unit') team = { key: 'guest', name: '嘉宾' };
		}
		const player = await insertPlayer(
			this.db,
			{
			competitionId,
			userId: who.kind === 'user' ? who.userId : null,
			name: who.name,
			isGuest: who.kind === 'guest',
			orgUnitId: who.kind === 'user' ? who.orgUnitId : null,
			teamKey: team?.key ?? null,
				teamName: team?.name ?? null,
				joinedAt: now
			},
			this.origin
		);
		if (!player) {
			// Another process (or a second tab) joined this account a moment ago: the stored row stands.
			const stored = who.kind === 'user' ? await this.playerForUser(competitionId, who.userId) : null;
			return stored ? { ok: true, player: stored } : { ok: false, message: '加入失败，请重试' };
		}
		applyPlayer(c, player);
		this.#touchScreen(live);
		return { ok: true, player };
	}

	/** Changing team is allowed until the competition starts, so a mis-tap in the lobby can be fixed. */
	async #changeTeam(live: Live, player: CompetitionPlayer, team: { key: string; name: string } | null): Promise<JoinResult> {
		if (!team || live.state.row.status !== 'lobby' || player.teamKey === team.key) return { ok: true, player };
		const updated = await transition(this.db, live.state.row.id, this.origin, async (tx) => {
			const r = await tx
				.update(competitionPlayers)
				.set({ teamKey: team.key, teamName: team.name })
				.where(eq(competitionPlayers.id, player.id))
				.run();
			return r.changes === 1;
		});
		if (updated !== null) {
			const changed = { ...player, teamKey: team.key, teamName: team.name };
			applyPlayer(live.state, changed);
			live.state.row.version = updated;
			live.state.standings = null;
			this.#publish(live);
			return { ok: true, player: changed };
		}
		return { ok: true, player };
	}

	/** The account's player in this competition, also when another process let them join a moment ago. */
	async playerForUser(competitionId: number, userId: number): Promise<CompetitionPlayer | null> {
		const live = await this.#get(competitionId);
		if (!live) return null;
		const id = live.state.byUser.get(userId);
		if (id !== undefined) return live.state.players.get(id) ?? null;
		// Perhaps another process let them join a moment ago.
		return playerOfUser(this.db, live.state, userId);
	}

	async player(competitionId: number, playerId: number): Promise<CompetitionPlayer | null> {
		const live = await this.#get(competitionId);
		if (!live) return null;
		if (!live.state.players.has(playerId)) await refreshTurn(this.db, live.state, playerId, 0);
		return live.state.players.get(playerId) ?? null;
	}

	// ---- a player's moves -----------------------------------------------------------------------

	/**
	 * Checks a move on the mirror; a refusal that another process may have made obsolete (the
	 * player joined, the question opened, the buzz was won there) is checked again after a sync.
	 */
	async #turn(live: Live, playerId: number, questionId: number, turn: 'answer' | 'buzz' | 'stake', at: number) {
		let check = playerTurn(live.state, playerId, questionId, turn, at);
		if (!check.ok && MAY_BE_STALE.has(check.code)) {
			const changes = await refreshTurn(this.db, live.state, playerId, questionId);
			if (changes.transition) this.#publish(live);
			check = playerTurn(live.state, playerId, questionId, turn, at);
		}
		return check;
	}

	/**
	 * Stores an answer exactly once. A replay (the same phone retrying, or a second tap) returns the
	 * acknowledgement of the stored answer, with its original receipt time.
	 */
	async answer(competitionId: number, playerId: number, input: { questionId: number; clientId: string; response: string[] }): Promise<CompetitionAck> {
		const receivedAt = this.now();
		const live = await this.#get(competitionId);
		if (!live) return refuse('not-player', '您还没有加入本场竞赛');
		const c = live.state;
		const known = c.byId.get(input.questionId)?.answers.get(playerId);
		if (known) return ack(input.questionId, known, true);
		const turn = await this.#turn(live, playerId, input.questionId, 'answer', receivedAt);
		if (!turn.ok) return (await this.#replay(live, input.questionId, playerId)) ?? turn;
		const q = turn.q;
		const response = normalizeResponse(q, input.response);
		if (!response) return refuse('invalid', '答案格式不正确');
		const correct = isCorrect({ type: q.type, answer: q.answer }, response);
		const remainingMs = q.row.deadlineAt! - receivedAt;
		const stake = q.row.round === 'risk' ? q.stakes.get(playerId)?.stake : undefined;
		const points = answerPoints({ round: q.row.round, points: q.row.points, seconds: q.row.seconds, correct, remainingMs, stake });
		const row = { competitionId, competitionQuestionId: q.row.id, playerId, clientId: input.clientId, response, correct, points, remainingMs, receivedAt };
		const id = await this.#storeAnswer(row, q.row.round);
		if (id === null) {
			// Not stored: one was already (another process, a lost mirror), or the database found the
			// question no longer open. The stored answer wins; otherwise say why, from fresh state.
			const replay = await this.#replay(live, q.row.id, playerId);
			if (replay) return replay;
			await refreshTurn(this.db, c, playerId, q.row.id);
			const again = playerTurn(c, playerId, q.row.id, 'answer', this.now());
			return again.ok ? refuse('late', '已超过作答时间，本次作答无效') : again;
		}
		const stored = { id, playerId, clientId: input.clientId, response, correct, points, remainingMs, receivedAt };
		applyAnswer(c, q.row.id, stored);
		if (!(await this.#closeIfAllAnswered(live))) this.#touchScreen(live);
		return ack(q.row.id, stored, false);
	}

	/**
	 * Group commit on SQLite: the answers arriving in one turn of the event loop are stored in one
	 * transaction (each with its own conditional insert, as alone), and each is acknowledged only
	 * after that transaction committed. SQLite has one writer anyway, so this only saves the commit
	 * and the WAL writes per answer. PostgreSQL commits concurrent transactions together itself
	 * (over the pool's connections), so there each answer stays its own statement.
	 */
	#storeAnswer(row: AnswerRow, round: 'required' | 'buzz' | 'risk'): Promise<number | null> {
		if (this.db.$engine.dialect !== 'sqlite') return storeAnswer(this.db, row, round, this.origin);
		return new Promise((resolve, reject) => {
			if (!this.#answerBatch) {
				this.#answerBatch = [];
				setImmediate(() => void this.#flushAnswers());
			}
			this.#answerBatch.push({ row, round, resolve, reject });
		});
	}

	async #flushAnswers(): Promise<void> {
		const batch = this.#answerBatch ?? [];
		this.#answerBatch = null;
		if (!batch.length) return;
		let ids: (number | null)[];
		try {
			ids = await this.db.transaction(async (tx) => {
				const out: (number | null)[] = [];
				for (const b of batch) out.push(await storeAnswer(tx, b.row, b.round, this.origin));
				return out;
			});
		} catch {
			// The batch was rolled back as a whole: each answer again on its own, so one failure
			// (a full disk, a broken row) refuses only that answer.
			for (const b of batch) storeAnswer(this.db, b.row, b.round, this.origin).then(b.resolve, b.reject);
			return;
		}
		batch.forEach((b, i) => b.resolve(ids[i]));
	}

	/** The acknowledgement of an answer already stored for this player and question, if there is one. */
	async #replay(live: Live, questionId: number, playerId: number): Promise<CompetitionAck | null> {
		if (!live.state.byId.has(questionId)) return null;
		const stored = await storedAnswer(this.db, questionId, playerId);
		if (!stored) return null;
		applyAnswer(live.state, questionId, stored);
		return ack(questionId, stored, true);
	}

	/** 抢答: the first buzz stored wins; the database's insertion order decides, not the phones' clocks. */
	async buzz(competitionId: number, playerId: number, questionId: number): Promise<CompetitionBuzzAck> {
		const at = this.now();
		const live = await this.#get(competitionId);
		if (!live) return refuse('not-player', '您还没有加入本场竞赛');
		const c = live.state;
		const winnerName = (q: QuestionState) => {
			const w = buzzWinner(q);
			const p = w === null ? undefined : c.players.get(w);
			return p ? displayName(p) : null;
		};
		const known = c.byId.get(questionId)?.buzzes.find((b) => b.playerId === playerId);
		if (known) {
			const q = c.byId.get(questionId)!;
			return { ok: true, won: buzzWinner(q) === playerId, winnerName: winnerName(q), at: known.at };
		}
		const turn = await this.#turn(live, playerId, questionId, 'buzz', at);
		if (!turn.ok) return turn;
		const q = turn.q;
		const stored = await storeBuzz(this.db, { competitionId, questionId, playerId, at, answerWindowMs: q.row.seconds * 1000, origin: this.origin });
		if (!stored) {
			// Refused by the database (closed a moment ago) or stored before: fresh state says which.
			await refreshTurn(this.db, c, playerId, questionId);
			const mine = q.buzzes.find((b) => b.playerId === playerId);
			if (mine) return { ok: true, won: buzzWinner(q) === playerId, winnerName: winnerName(q), at: mine.at };
			return refuse('late', '抢答已结束');
		}
		applyBuzz(c, questionId, { id: stored.id, playerId, at });
		if (stored.version !== null) {
			q.row.deadlineAt = stored.deadlineAt;
			c.row.version = stored.version;
			this.#publish(live);
		} else {
				this.#touchScreen(live);
		}
		if (buzzWinner(q) !== stored.winner) await refreshTurn(this.db, c, playerId, questionId);
		return { ok: true, won: stored.winner === playerId, winnerName: winnerName(q), at };
	}

	/** 风险题: the stake is chosen before the question is shown, once. */
	async stake(competitionId: number, playerId: number, questionId: number, stake: number): Promise<CompetitionStakeAck> {
		const at = this.now();
		const live = await this.#get(competitionId);
		if (!live) return refuse('not-player', '您还没有加入本场竞赛');
		const c = live.state;
		const mine = c.byId.get(questionId)?.stakes.get(playerId);
		if (mine) return mine.stake === stake ? { ok: true, stake, at: mine.at, replay: true } : refuse('already', `已选择 ${mine.stake} 分，不能更改`);
		const turn = await this.#turn(live, playerId, questionId, 'stake', at);
		if (!turn.ok) return turn;
		const q = turn.q;
		if (!q.row.stakes.includes(stake)) return refuse('invalid', `分值只能是 ${q.row.stakes.join('、')}`);
		const id = await storeStake(this.db, { competitionId, questionId, playerId, stake, at }, this.origin);
		if (id === null) {
			const stored = await storedStake(this.db, questionId, playerId);
			if (!stored) return refuse('late', '选择分值的时间已过');
			applyStake(c, questionId, stored);
			return stored.stake === stake ? { ok: true, stake, at: stored.at, replay: true } : refuse('already', `已选择 ${stored.stake} 分，不能更改`);
		}
		applyStake(c, questionId, { id, playerId, stake, at });
		this.#touchScreen(live);
		return { ok: true, stake, at, replay: false };
	}

	// ---- the host's buttons ---------------------------------------------------------------------

	/**
	 * Runs one transition: checks it on a mirror brought up to date, writes it as conditional
	 * updates with the version moved, and only then changes the mirror and tells everyone. When
	 * the condition no longer holds (another process, a second click), the mirror is synced and the
	 * host told what happened.
	 */
	async #host(
		competitionId: number,
		plan: (c: CompetitionState, now: number) => { ok: false; message: string } | { apply: (tx: DB) => Promise<boolean>; mirror: () => void; done?: boolean },
		/** Read every row first (the end: final standings are stored from this mirror). */
		options: { allRows?: boolean } = {}
	): Promise<Result> {
		const live = await this.#get(competitionId);
		if (!live) return { ok: false, message: '竞赛不存在' };
		await this.#syncTransition(live);
		if (options.allRows) await readAllRows(this.db, live.state);
		const now = this.now();
		const planned = plan(live.state, now);
		if ('ok' in planned) return planned;
		if (planned.done) return { ok: true };
		const version = await transition(this.db, competitionId, this.origin, planned.apply);
		if (version === null) {
			await this.#syncTransition(live);
			const again = plan(live.state, this.now());
			return 'ok' in again ? again : { ok: false, message: '操作未生效：竞赛状态已变化，请重试' };
		}
		planned.mirror();
		live.state.row.version = version;
		live.state.standings = null;
		this.#publish(live);
		this.#forgetIfDone(competitionId);
		return { ok: true };
	}

	/** What every question-stage host action needs: a running, unpaused competition and its current question. */
	#hostTurn(c: CompetitionState): { ok: false; message: string } | { q: QuestionState } {
		if (c.row.status === 'lobby') return { ok: false, message: '竞赛尚未开始' };
		if (c.row.status === 'ended') return { ok: false, message: '竞赛已结束' };
		if (c.row.pausedAt !== null) return { ok: false, message: '竞赛已暂停：请先点击“继续”' };
		const q = currentQuestion(c);
		if (!q) return { ok: false, message: '没有当前题目' };
		return { q };
	}

	/** The columns that put a question on screen (风险题: after the staking time). */
	#showPatch(c: CompetitionState, q: QuestionState, now: number) {
		const openedAt = q.row.round === 'risk' ? now + c.row.stakeSeconds * 1000 : now;
		return { shownAt: now, openedAt, deadlineAt: openedAt + q.row.seconds * 1000, closedAt: null, revealedAt: null, leaderboardAt: null };
	}

	start(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			if (c.row.status !== 'lobby') return { ok: false, message: c.row.status === 'ended' ? '竞赛已结束' : '竞赛已经开始' };
			const first = c.questions[0];
			if (!first) return { ok: false, message: '本场竞赛没有题目' };
			const patch = this.#showPatch(c, first, now);
			return {
				apply: async (tx) => {
					const r = await tx
						.update(competitions)
						.set({ status: 'running', startedAt: now, currentOrdinal: 1 })
						.where(and(eq(competitions.id, c.row.id), eq(competitions.status, 'lobby')))
						.run();
					if (r.changes !== 1) return false;
					await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, first.row.id)).run();
					return true;
				},
				mirror: () => {
					Object.assign(c.row, { status: 'running', startedAt: now, currentOrdinal: 1 });
					Object.assign(first.row, patch);
				}
			};
		});
	}

	next(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			const turn = this.#hostTurn(c);
			if ('ok' in turn) return turn;
			const q = turn.q;
			const stage = questionStage(q, now);
			if (stage === 'staking' || stage === 'open') return { ok: false, message: '本题尚未结束：请先公布答案' };
			const nextQ = c.questions[q.row.ordinal];
			if (!nextQ) return { ok: false, message: '已是最后一题，请点击“结束”' };
			const patch = this.#showPatch(c, nextQ, now);
			return {
				apply: async (tx) => {
					// Two hosts pressing 下一题 together move on once: the current ordinal is the condition.
					const r = await tx
						.update(competitions)
						.set({ currentOrdinal: nextQ.row.ordinal })
						.where(and(eq(competitions.id, c.row.id), eq(competitions.currentOrdinal, q.row.ordinal), isNull(competitions.pausedAt)))
						.run();
					if (r.changes !== 1) return false;
					// Moving on without 公布答案 still counts the question.
					if (q.row.revealedAt === null) await tx.update(competitionQuestions).set({ revealedAt: now }).where(eq(competitionQuestions.id, q.row.id)).run();
					await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, nextQ.row.id)).run();
					return true;
				},
				mirror: () => {
					if (q.row.revealedAt === null) q.row.revealedAt = now;
					Object.assign(nextQ.row, patch);
					c.row.currentOrdinal = nextQ.row.ordinal;
				}
			};
		});
	}

	/** A change of the current question's columns, on condition that `unless` is still null. */
	#questionStep(c: CompetitionState, q: QuestionState, patch: Partial<typeof competitionQuestions.$inferInsert>, unless: 'revealedAt' | 'leaderboardAt' | 'closedAt' | 'staking') {
		const col = { revealedAt: competitionQuestions.revealedAt, leaderboardAt: competitionQuestions.leaderboardAt, closedAt: competitionQuestions.closedAt };
		return {
			apply: async (tx: DB) => {
				const condition =
					unless === 'staking' ? sql`${competitionQuestions.openedAt} > ${this.now()} and ${competitionQuestions.closedAt} is null` : isNull(col[unless]);
				const r = await tx
					.update(competitionQuestions)
					.set(patch)
					.where(and(eq(competitionQuestions.id, q.row.id), condition))
					.run();
				return r.changes === 1;
			},
			mirror: () => Object.assign(q.row, patch)
		};
	}

	/** 风险题: show the question now instead of waiting for the end of the staking time. */
	openNow(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			const turn = this.#hostTurn(c);
			if ('ok' in turn) return turn;
			if (questionStage(turn.q, now) !== 'staking') return { ok: false, message: '当前不在选择分值阶段' };
			return this.#questionStep(c, turn.q, { openedAt: now, deadlineAt: now + turn.q.row.seconds * 1000 }, 'staking');
		});
	}

	reveal(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			const turn = this.#hostTurn(c);
			if ('ok' in turn) return turn;
			const stage = questionStage(turn.q, now);
			if (stage === 'revealed' || stage === 'leaderboard') return { ok: false, message: '答案已公布' };
			if (stage === 'pending') return { ok: false, message: '本题尚未出题' };
			const patch = { revealedAt: now, ...(stage === 'closed' ? {} : { closedAt: now }) };
			return this.#questionStep(c, turn.q, patch, 'revealedAt');
		});
	}

	leaderboard(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			const turn = this.#hostTurn(c);
			if ('ok' in turn) return turn;
			const stage = questionStage(turn.q, now);
			if (stage === 'staking' || stage === 'open') return { ok: false, message: '本题尚未结束：请先公布答案' };
			if (stage === 'leaderboard') return { apply: async () => true, mirror: () => {}, done: true };
			return this.#questionStep(c, turn.q, { leaderboardAt: now, revealedAt: turn.q.row.revealedAt ?? now }, 'leaderboardAt');
		});
	}

	pause(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			if (c.row.status !== 'running') return { ok: false, message: '竞赛未在进行中' };
			if (c.row.pausedAt !== null) return { ok: false, message: '竞赛已暂停' };
			return {
				apply: async (tx) =>
					(await tx
						.update(competitions)
						.set({ pausedAt: now })
						.where(and(eq(competitions.id, c.row.id), eq(competitions.status, 'running'), isNull(competitions.pausedAt)))
						.run()).changes === 1,
				mirror: () => (c.row.pausedAt = now)
			};
		});
	}

	/** Resuming moves the current question's pending deadlines by the length of the pause. */
	resume(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			const pausedAt = c.row.pausedAt;
			if (pausedAt === null) return { ok: false, message: '竞赛没有暂停' };
			const shift = Math.max(0, now - pausedAt);
			const q = currentQuestion(c);
			const patch =
				q && q.row.closedAt === null && q.row.deadlineAt !== null && q.row.deadlineAt > pausedAt
					? { deadlineAt: q.row.deadlineAt + shift, openedAt: q.row.openedAt !== null && q.row.openedAt > pausedAt ? q.row.openedAt + shift : q.row.openedAt }
					: null;
			return {
				apply: async (tx) => {
					const r = await tx
						.update(competitions)
						.set({ pausedAt: null })
						.where(and(eq(competitions.id, c.row.id), eq(competitions.pausedAt, pausedAt)))
						.run();
					if (r.changes !== 1) return false;
					if (q && patch) await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, q.row.id)).run();
					return true;
				},
				mirror: () => {
					c.row.pausedAt = null;
					if (q && patch) Object.assign(q.row, patch);
				}
			};
		});
	}

	/** Ends the competition: closes the current question, stores the results and records the activity. */
	end(competitionId: number): Promise<Result> {
		return this.#host(competitionId, (c, now) => {
			if (c.row.status === 'ended') return { ok: false, message: '竞赛已结束' };
			const q = currentQuestion(c);
			const patch: { closedAt?: number; revealedAt?: number } = {};
			if (q && q.row.shownAt !== null) {
				const stage = questionStage(q, competitionClock(c, now));
				if (stage === 'staking' || stage === 'open') patch.closedAt = now;
				if (q.row.revealedAt === null) patch.revealedAt = now;
			}
			// The standings as they will be once the patch is stored (the last question counts); the
			// mirror changes only after the write succeeded, so a failed end leaves it as it was.
			const closing = q ? { ...q, row: { ...q.row, ...patch } } : null;
			const standings = standingsOf({ ...c, standings: null, questions: c.questions.map((x) => (x === q ? closing! : x)) });
			let activityId = 0;
			return {
				apply: async (tx) => {
					const r = await tx
						.update(competitions)
						.set({ status: 'ended', endedAt: now, joinCode: null, pausedAt: null })
						.where(and(eq(competitions.id, c.row.id), ne(competitions.status, 'ended')))
						.run();
					if (r.changes !== 1) return false;
					if (q && Object.keys(patch).length) await tx.update(competitionQuestions).set(patch).where(eq(competitionQuestions.id, q.row.id)).run();
					activityId = await finishCompetition(tx, c, standings, now);
					await tx.update(competitions).set({ activityId }).where(eq(competitions.id, c.row.id)).run();
					return true;
				},
				mirror: () => {
					if (q) Object.assign(q.row, patch);
					Object.assign(c.row, { status: 'ended', endedAt: now, joinCode: null, pausedAt: null, activityId });
				}
			};
		}, { allRows: true });
	}

	/** Everyone who may answer has answered: close now instead of waiting for the deadline. */
	async #closeIfAllAnswered(live: Live): Promise<boolean> {
		const c = live.state;
		const q = currentQuestion(c);
		if (!q || c.row.status !== 'running' || c.row.pausedAt !== null) return false;
		const eligible = eligibleCount(c, q);
		if (!eligible || q.answers.size < eligible || questionStage(q, this.now()) !== 'open') return false;
		const at = this.now();
		const step = this.#questionStep(c, q, { closedAt: at }, 'closedAt');
		const version = await transition(this.db, c.row.id, this.origin, step.apply);
		if (version === null) return false;
		step.mirror();
		c.row.version = version;
		this.#publish(live);
		return true;
	}

	// ---- streams --------------------------------------------------------------------------------

	/**
	 * Adds a stream and sends it a full snapshot, so a reconnecting phone needs nothing else. A
	 * stream that saw a newer version elsewhere (Last-Event-ID from another process) waits for this
	 * process to catch up first, so it never goes back in time.
	 */
	async subscribe(competitionId: number, sub: Subscriber, kind: StreamKind, lastEventId: number | null = null): Promise<(() => void) | null> {
		const live = await this.#get(competitionId);
		if (!live) return null;
		// An ended competition is not kept for reads (see competition()); while a stream is open it
		// is, for the heartbeats, and it leaves again with the last stream.
		if (!this.#live.has(competitionId)) this.#live.set(competitionId, live);
		if (lastEventId !== null && lastEventId > live.state.row.version) await this.#syncTransition(live);
		const now = this.now();
		const id = live.state.row.version;
		const first =
			kind === 'screen'
				? [sseEvent('screen', id, screenState(live.state, now))]
				: [sseEvent('state', id, publicState(live.state, now)), ...(sub.playerId !== null ? [sseEvent('me', id, meState(live.state, sub.playerId, now))] : [])];
		return this.#broadcaster.add(competitionId, sub, kind, first);
	}

	subscriberCount(competitionId: number): { players: number; screens: number } {
		return this.#broadcaster.counts(competitionId);
	}

	/** The state as the pages render it before their stream connects. */
	async snapshot(competitionId: number, playerId: number | null) {
		const live = await this.#get(competitionId);
		if (!live) return null;
		const now = this.now();
		return { state: publicState(live.state, now), me: playerId === null ? null : meState(live.state, playerId, now) };
	}

	async screenSnapshot(competitionId: number) {
		const live = await this.#get(competitionId);
		return live ? screenState(live.state, this.now()) : null;
	}

	/**
	 * Broadcasts the state: one serialization for all phones, one for the screens, and a small
	 * personal event per phone whenever the stage changed (new question, answer shown, leaderboard,
	 * end), so every phone's own view — score, what it answered, staked or buzzed — is current.
	 */
	#publish(live: Live, personal = false): void {
		const c = live.state;
		const now = this.now();
		const stage = competitionStage(c, now);
		const stageKey = `${c.row.currentOrdinal}:${stage}:${c.row.pausedAt}`;
		const stageChanged = personal || stageKey !== live.lastStageKey;
		live.lastStageKey = stageKey;
		const id = c.row.version;
		this.#broadcaster.toPlayers(c.row.id, sseEvent('state', id, publicState(c, now)));
		if (stageChanged) for (const playerId of this.#broadcaster.playerIds(c.row.id)) this.#broadcaster.toPlayer(c.row.id, playerId, sseEvent('me', id, meState(c, playerId, now)));
		this.#publishScreen(live, now);
		this.#schedule(live);
	}

	#publishScreen(live: Live, now: number): void {
		if (live.screenTimer) {
			clearTimeout(live.screenTimer);
			live.screenTimer = null;
		}
		if (!this.#broadcaster.hasScreens(live.state.row.id)) return;
		this.#broadcaster.toScreens(live.state.row.id, sseEvent('screen', live.state.row.version, screenState(live.state, now)));
	}

	#touchScreen(live: Live): void {
		if (!this.#broadcaster.hasScreens(live.state.row.id) || live.screenTimer || !this.timers) return;
		live.screenTimer = setTimeout(() => {
			live.screenTimer = null;
			this.#publishScreen(live, this.now());
		}, SCREEN_THROTTLE_MS);
	}

	/** One timer per competition, for the next time-driven transition (staking → open → closed). */
	#schedule(live: Live): void {
		if (live.timer) clearTimeout(live.timer);
		live.timer = null;
		const c = live.state;
		if (!this.timers || c.row.status !== 'running' || c.row.pausedAt !== null) return;
		const q = currentQuestion(c);
		if (!q) return;
		const now = this.now();
		const stage = questionStage(q, now);
		const at = stage === 'staking' ? q.row.openedAt! : stage === 'open' ? q.row.deadlineAt! : null;
		if (at === null) return;
		live.timer = setTimeout(() => {
			live.timer = null;
			if (this.#live.get(c.row.id) !== live) return;
			if (competitionStage(c, this.now()) === stage) this.#schedule(live);
			else this.#publish(live);
		}, Math.max(5, at - now + 5));
		live.timer.unref?.();
	}

	/** An ended competition nobody watches leaves memory; the tables still have it if someone looks again. */
	#forgetIfDone(competitionId: number): void {
		const live = this.#live.get(competitionId);
		if (live && live.state.row.status === 'ended' && !this.#broadcaster.has(competitionId)) this.evict(competitionId);
	}
}

function ack(questionId: number, a: { clientId: string; receivedAt: number; response: string[] }, replay: boolean): CompetitionAck {
	return { ok: true, questionId, clientId: a.clientId, receivedAt: a.receivedAt, response: a.response, replay };
}

export type { Refusal };
