import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import {
	competitionAnswers,
	competitionBuzzes,
	competitionPlayers,
	competitionQuestions,
	competitions,
	competitionStakes,
	questions,
	type CompetitionPlayer
} from '../db/schema/index.ts';
import { BLANK_PATTERN } from '../content/questions/parse.ts';
import { renderInlineMarkdown, renderMarkdown } from '../content/markdown.ts';
import type { CompetitionRefView } from '../../competitions/types.ts';
import { displayName, RECENT_NAMES, type CompetitionState, type QuestionState, type StoredAnswer } from './state.ts';

// Persistence of competitions: every write is a row or a conditional update, decided by the
// database, so that several app processes on one PostgreSQL never disagree (an answer is stored
// once, a question is revealed once, a deadline is the stored one); and the reading side that
// builds a process's mirror and brings it up to date with what other processes wrote.

/**
 * The channel on which processes tell each other what changed in a competition. Payload
 * `competitionId:origin:kind:id`: kind t = a transition (the version moved), p / a / s / b = a new
 * player, answer, stake or buzz row with that id. Sent in the same statement or transaction as the
 * change, so it is delivered exactly when the change is committed, and never without it.
 */
export const CHANNEL = 'qf_competitions';
export type RowKind = 'p' | 'a' | 's' | 'b';

export function parseNotification(payload: string): { competitionId: number; origin: string; kind: RowKind | 't'; id: number } | null {
	const [c, origin, kind, id] = payload.split(':');
	if (!c || !origin || !['t', 'p', 'a', 's', 'b'].includes(kind)) return null;
	return { competitionId: Number(c), origin, kind: kind as RowKind | 't', id: Number(id) };
}

function payload(competitionId: number, origin: string, kind: RowKind | 't', id: number | '' = ''): string {
	return `${competitionId}:${origin}:${kind}:${id}`;
}

// ---- reading --------------------------------------------------------------------------------------

function answerOf(a: typeof competitionAnswers.$inferSelect): StoredAnswer {
	return { id: a.id, playerId: a.playerId, clientId: a.clientId, response: a.response, correct: a.correct, points: a.points, remainingMs: a.remainingMs, receivedAt: a.receivedAt };
}

/** The whole competition from its rows (start-up, first access, or a notification connection that was lost). */
export async function loadCompetition(db: DB, competitionId: number, resolveRefs: (refs: string[]) => Promise<CompetitionRefView[]>): Promise<CompetitionState | null> {
	const row = await db.select().from(competitions).where(eq(competitions.id, competitionId)).get();
	if (!row) return null;
	const rows = await db
		.select({ cq: competitionQuestions, q: questions })
		.from(competitionQuestions)
		.innerJoin(questions, eq(questions.id, competitionQuestions.questionId))
		.where(eq(competitionQuestions.competitionId, competitionId))
		.orderBy(asc(competitionQuestions.ordinal))
		.all();
	const questionStates: QuestionState[] = [];
	for (const { cq, q } of rows) {
		questionStates.push({
			row: cq,
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
			resolvedRefs: await resolveRefs(q.refs)
		});
	}
	const state: CompetitionState = {
		row,
		questions: questionStates,
		byId: new Map(questionStates.map((q) => [q.row.id, q])),
		players: new Map(),
		byUser: new Map(),
		recent: [],
		standings: null
	};
	await readAllRows(db, state);
	return state;
}

export type Changes = { transition: boolean; players: boolean; answers: boolean; stakes: boolean; buzzes: boolean };
export const NO_CHANGES: Changes = { transition: false, players: false, answers: false, stakes: false, buzzes: false };

/** After another process's transition (its version moved): the competition row and its questions. */
export async function syncTransition(db: DB, state: CompetitionState): Promise<boolean> {
	const row = await db.select().from(competitions).where(eq(competitions.id, state.row.id)).get();
	if (!row || row.version === state.row.version) return false;
	state.row = row;
	const rows = await db.select().from(competitionQuestions).where(eq(competitionQuestions.competitionId, row.id)).all();
	for (const r of rows) {
		const q = state.byId.get(r.id);
		if (q) q.row = r;
	}
	state.standings = null;
	return true;
}

/** Every player, answer, stake and buzz of the competition (applying a row twice is harmless). */
export async function readAllRows(db: DB, state: CompetitionState): Promise<Changes> {
	const id = state.row.id;
	const players = await db.select().from(competitionPlayers).where(eq(competitionPlayers.competitionId, id)).orderBy(asc(competitionPlayers.id)).all();
	const answers = await db.select().from(competitionAnswers).where(eq(competitionAnswers.competitionId, id)).all();
	const ofCompetition = (table: typeof competitionStakes | typeof competitionBuzzes) =>
		sql`${table.competitionQuestionId} in (select ${competitionQuestions.id} from ${competitionQuestions} where ${competitionQuestions.competitionId} = ${id})`;
	const stakes = await db.select().from(competitionStakes).where(ofCompetition(competitionStakes)).all();
	const buzzes = await db.select().from(competitionBuzzes).where(ofCompetition(competitionBuzzes)).all();
	return applyRows(state, { players, answers, stakes, buzzes });
}

/** The rows other processes announced, by id. */
export async function fetchRows(db: DB, state: CompetitionState, ids: Record<RowKind, number[]>): Promise<Changes> {
	const players = ids.p.length ? await db.select().from(competitionPlayers).where(inArray(competitionPlayers.id, ids.p)).all() : [];
	const answers = ids.a.length ? await db.select().from(competitionAnswers).where(inArray(competitionAnswers.id, ids.a)).all() : [];
	const stakes = ids.s.length ? await db.select().from(competitionStakes).where(inArray(competitionStakes.id, ids.s)).all() : [];
	const buzzes = ids.b.length ? await db.select().from(competitionBuzzes).where(inArray(competitionBuzzes.id, ids.b)).all() : [];
	return applyRows(state, { players, answers, stakes, buzzes });
}

/**
 * What one player's move depends on, fresh from the tables: the player, and the stakes and buzzes
 * of the question (before refusing a move another process may just have made possible).
 */
export async function refreshTurn(db: DB, state: CompetitionState, playerId: number, questionId: number): Promise<Changes> {
	const transition = await syncTransition(db, state);
	const players = state.players.has(playerId) ? [] : await db.select().from(competitionPlayers).where(and(eq(competitionPlayers.id, playerId), eq(competitionPlayers.competitionId, state.row.id))).all();
	const stakes = await db.select().from(competitionStakes).where(eq(competitionStakes.competitionQuestionId, questionId)).all();
	const buzzes = await db.select().from(competitionBuzzes).where(eq(competitionBuzzes.competitionQuestionId, questionId)).all();
	return { ...applyRows(state, { players, answers: [], stakes, buzzes }), transition };
}

export async function playerOfUser(db: DB, state: CompetitionState, userId: number): Promise<CompetitionPlayer | null> {
	const row = await db.select().from(competitionPlayers).where(and(eq(competitionPlayers.competitionId, state.row.id), eq(competitionPlayers.userId, userId))).get();
	if (row) applyPlayer(state, row);
	return row ?? null;
}

function applyRows(
	state: CompetitionState,
	rows: {
		players: CompetitionPlayer[];
		answers: (typeof competitionAnswers.$inferSelect)[];
		stakes: (typeof competitionStakes.$inferSelect)[];
		buzzes: (typeof competitionBuzzes.$inferSelect)[];
	}
): Changes {
	let players = false;
	for (const p of rows.players.filter((p) => p.competitionId === state.row.id)) players = applyPlayer(state, p) || players;
	let answers = false;
	for (const a of rows.answers.filter((a) => a.competitionId === state.row.id)) answers = applyAnswer(state, a.competitionQuestionId, answerOf(a)) || answers;
	let stakes = false;
	for (const s of rows.stakes) stakes = applyStake(state, s.competitionQuestionId, s) || stakes;
	let buzzes = false;
	for (const b of rows.buzzes) buzzes = applyBuzz(state, b.competitionQuestionId, b) || buzzes;
	return { transition: false, players, answers, stakes, buzzes };
}

// Applying a row to the mirror, whether this process wrote it or read it from another's: the same
// code either way, harmless when the row is already there; true when the mirror changed.

export function applyPlayer(state: CompetitionState, p: CompetitionPlayer): boolean {
	const known = state.players.get(p.id);
	state.players.set(p.id, p);
	if (p.userId !== null) state.byUser.set(p.userId, p.id);
	if (!known) {
		state.recent.push(displayName(p));
		if (state.recent.length > RECENT_NAMES * 2) state.recent.splice(0, state.recent.length - RECENT_NAMES);
	}
	if (!known || known.teamKey !== p.teamKey) {
		state.standings = null;
		return true;
	}
	return false;
}

export function applyAnswer(state: CompetitionState, questionId: number, a: StoredAnswer): boolean {
	const q = state.byId.get(questionId);
	if (!q || q.answers.has(a.playerId)) return false;
	q.answers.set(a.playerId, a);
	state.standings = null;
	return true;
}

export function applyStake(state: CompetitionState, questionId: number, s: { id: number; playerId: number; stake: number; at: number }): boolean {
	const q = state.byId.get(questionId);
	if (!q || q.stakes.has(s.playerId)) return false;
	q.stakes.set(s.playerId, { id: s.id, stake: s.stake, at: s.at });
	return true;
}

export function applyBuzz(state: CompetitionState, questionId: number, b: { id: number; playerId: number; at: number }): boolean {
	const q = state.byId.get(questionId);
	if (!q || q.buzzes.some((x) => x.id === b.id)) return false;
	q.buzzes.push({ id: b.id, playerId: b.playerId, at: b.at });
	q.buzzes.sort((x, y) => x.id - y.id);
	return true;
}

/**
 * Runs an insert that returns the new row's id and, on PostgreSQL, announces it to the other
 * processes in the same statement (a data-modifying WITH), so the notification is committed with
 * the row or not at all. Returns the id, or null when nothing was inserted.
 */
async function insertAnnounced(db: DB, insert: SQL, competitionId: number, origin: string, kind: RowKind): Promise<number | null> {
	const statement =
		db.$engine.dialect === 'postgres'
			? sql`with ins as (${insert}) select id, pg_notify(${CHANNEL}, cast(${payload(competitionId, origin, kind)} as text) || cast(id as text)) from ins`
			: insert;
	const row = (await db.get(statement)) as unknown as [number] | undefined;
	return row ? Number(row[0]) : null;
}

// ---- writing ---------------------------------------------------------------------------------------

/**
 * A transition of the competition (start, show, open, close, reveal, leaderboard, pause, resume,
 * end): `apply` makes its conditional updates and says whether they took; if so the version moves
 * and every process is told, at commit. Returns the new version, or null when the condition no
 * longer held (another process or a second click got there first).
 */
export async function transition(db: DB, competitionId: number, origin: string, apply: (tx: DB) => Promise<boolean>): Promise<number | null> {
	return db.transaction(async (tx) => {
		if (!(await apply(tx))) return null;
		const row = await tx
			.update(competitions)
			.set({ version: sql`${competitions.version} + 1` })
			.where(eq(competitions.id, competitionId))
			.returning({ version: competitions.version })
			.get();
		await tx.$engine.notify(CHANNEL, payload(competitionId, origin, 't'));
		return row?.version ?? null;
	});
}

export type AnswerRow = Omit<typeof competitionAnswers.$inferInsert, 'id'> & { competitionId: number; competitionQuestionId: number; playerId: number };

/**
 * Stores an answer if, at this instant in the database, its question is still the current one of a
 * running, unpaused competition, open (opened, before its deadline, not closed or revealed), and
 * — for 抢答 — the player holds the first buzz, or — for 风险题 — has staked. One statement: nothing
 * another process does can slip between the check and the insert. Returns the new row's id, or
 * null when the answer was refused or one was already stored for this player and question.
 */
export async function storeAnswer(db: DB, a: AnswerRow, round: 'required' | 'buzz' | 'risk', origin: string): Promise<number | null> {
	const t = a.receivedAt;
	const q = a.competitionQuestionId;
	const p = a.playerId;
	const winner =
		round === 'buzz'
			? sql` and exists (select 1 from ${competitionBuzzes} b where b.competition_question_id = ${q} and b.player_id = ${p}
				and not exists (select 1 from ${competitionBuzzes} e where e.competition_question_id = ${q} and e.id < b.id))`
			: sql``;
	const staked = round === 'risk' ? sql` and exists (select 1 from ${competitionStakes} s where s.competition_question_id = ${q} and s.player_id = ${p})` : sql``;
	return insertAnnounced(db, sql`
		insert into ${competitionAnswers} (competition_id, competition_question_id, player_id, client_id, response, correct, points, remaining_ms, received_at)
		select cast(${a.competitionId} as bigint), cast(${q} as bigint), cast(${p} as bigint), cast(${a.clientId} as text), cast(${JSON.stringify(a.response)} as text),
			cast(${a.correct ? 1 : 0} as integer) = 1, cast(${a.points} as bigint), cast(${a.remainingMs} as bigint), cast(${t} as bigint)
		where exists (
			select 1 from ${competitionQuestions} cq join ${competitions} c on c.id = cq.competition_id
			where cq.id = ${q} and c.status = 'running' and c.paused_at is null and c.current_ordinal = cq.ordinal
				and cq.closed_at is null and cq.revealed_at is null and cq.opened_at <= ${t} and cq.deadline_at > ${t}
		)${winner}${staked}
		on conflict do nothing
		returning id`, a.competitionId, origin, 'a');
}

export async function storedAnswer(db: DB, questionId: number, playerId: number): Promise<StoredAnswer | null> {
	const row = await db
		.select()
		.from(competitionAnswers)
		.where(and(eq(competitionAnswers.competitionQuestionId, questionId), eq(competitionAnswers.playerId, playerId)))
		.get();
	return row ? answerOf(row) : null;
}

/**
 * Records a 抢答 buzz while the question is open. The first buzz (lowest id) wins: its answer
 * window starts at the buzz, so the deadline moves — a transition, which every process hears of.
 */
export async function storeBuzz(
	db: DB,
	b: { competitionId: number; questionId: number; playerId: number; at: number; answerWindowMs: number; origin: string }
): Promise<{ id: number; winner: number; deadlineAt: number | null; version: number | null } | null> {
	return db.transaction(async (tx) => {
		const inserted = (await tx.get(sql`
			insert into ${competitionBuzzes} (competition_question_id, player_id, at)
			select cast(${b.questionId} as bigint), cast(${b.playerId} as bigint), cast(${b.at} as bigint)
			where exists (
				select 1 from ${competitionQuestions} cq join ${competitions} c on c.id = cq.competition_id
				where cq.id = ${b.questionId} and c.status = 'running' and c.paused_at is null and c.current_ordinal = cq.ordinal
					and cq.closed_at is null and cq.revealed_at is null and cq.opened_at <= ${b.at} and cq.deadline_at > ${b.at}
			)
			on conflict do nothing
			returning id`)) as unknown as [number] | undefined;
		if (!inserted) return null;
		const id = Number(inserted[0]);
		const first = (await tx
			.select({ id: competitionBuzzes.id, playerId: competitionBuzzes.playerId })
			.from(competitionBuzzes)
			.where(eq(competitionBuzzes.competitionQuestionId, b.questionId))
			.orderBy(asc(competitionBuzzes.id))
			.limit(1)
			.get())!;
		if (first.id !== id) {
			await tx.$engine.notify(CHANNEL, payload(b.competitionId, b.origin, 'b', id));
			return { id, winner: first.playerId, deadlineAt: null, version: null };
		}
		const deadlineAt = b.at + b.answerWindowMs;
		await tx.update(competitionQuestions).set({ deadlineAt }).where(eq(competitionQuestions.id, b.questionId)).run();
		const row = await tx
			.update(competitions)
			.set({ version: sql`${competitions.version} + 1` })
			.where(eq(competitions.id, b.competitionId))
			.returning({ version: competitions.version })
			.get();
		await tx.$engine.notify(CHANNEL, payload(b.competitionId, b.origin, 't'));
		return { id, winner: b.playerId, deadlineAt, version: row?.version ?? null };
	});
}

/** Records a 风险题 stake while the question is in its staking time; once per player and question. */
export async function storeStake(db: DB, s: { competitionId: number; questionId: number; playerId: number; stake: number; at: number }, origin: string): Promise<number | null> {
	return insertAnnounced(db, sql`
		insert into ${competitionStakes} (competition_question_id, player_id, stake, at)
		select cast(${s.questionId} as bigint), cast(${s.playerId} as bigint), cast(${s.stake} as bigint), cast(${s.at} as bigint)
		where exists (
			select 1 from ${competitionQuestions} cq join ${competitions} c on c.id = cq.competition_id
			where cq.id = ${s.questionId} and c.status = 'running' and c.paused_at is null and c.current_ordinal = cq.ordinal
				and cq.shown_at is not null and cq.opened_at > ${s.at} and cq.closed_at is null
		)
		on conflict do nothing
		returning id`, s.competitionId, origin, 's');
}

export async function storedStake(db: DB, questionId: number, playerId: number) {
	return db
		.select()
		.from(competitionStakes)
		.where(and(eq(competitionStakes.competitionQuestionId, questionId), eq(competitionStakes.playerId, playerId)))
		.get();
}

/** A new player; null when this account already plays (another process, or a second tab, was first). */
export async function insertPlayer(db: DB, values: typeof competitionPlayers.$inferInsert, origin: string): Promise<CompetitionPlayer | null> {
	const insert = db.insert(competitionPlayers).values(values).onConflictDoNothing().returning({ id: competitionPlayers.id }).getSQL();
	const id = await insertAnnounced(db, insert, values.competitionId, origin, 'p');
	return id === null ? null : ((await db.select().from(competitionPlayers).where(eq(competitionPlayers.id, id)).get()) ?? null);
}

export async function countGuests(db: DB, competitionId: number): Promise<number> {
	const rows = await db
		.select({ n: sql<number>`count(*)` })
		.from(competitionPlayers)
		.where(and(eq(competitionPlayers.competitionId, competitionId), eq(competitionPlayers.isGuest, true)))
		.get();
	return Number(rows?.n ?? 0);
}
