import { sqliteTable, integer, text, real, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { orgUnits } from './org.ts';
import { questions } from './content.ts';

/**
 * Live knowledge competitions (知识竞赛). The database is the authority: every transition of a
 * game is a column written here, and the in-memory state of src/lib/server/live is only a mirror
 * for fan-out that can be rebuilt from these rows after a restart.
 */

export const LIVE_FORMATS = ['individual', 'team'] as const;
export type LiveFormat = (typeof LIVE_FORMATS)[number];
export const LIVE_TEAM_MODES = ['unit', 'lobby'] as const;
export type LiveTeamMode = (typeof LIVE_TEAM_MODES)[number];
export const LIVE_STATUSES = ['lobby', 'running', 'ended'] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];
/** 必答 (everyone answers), 抢答 (first to buzz answers), 风险题 (stake chosen before the question). */
export const LIVE_ROUND_KINDS = ['required', 'buzz', 'risk'] as const;
export type LiveRoundKind = (typeof LIVE_ROUND_KINDS)[number];

export const liveGames = sqliteTable(
	'live_games',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		ownerId: integer('owner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		/** The organizing unit: decides who may host it and where the activity is reported. */
		orgUnitId: integer('org_unit_id')
			.notNull()
			.references(() => orgUnits.id, { onDelete: 'restrict' }),
		format: text('format', { enum: LIVE_FORMATS }).notNull().default('individual'),
		teamMode: text('team_mode', { enum: LIVE_TEAM_MODES }),
		/** Unit mode: teams are the players' ancestor units at this depth (1 = root). */
		teamDepth: integer('team_depth'),
		/** Lobby mode: the team names players pick from when they join. */
		teamNames: text('team_names', { mode: 'json' }).$type<string[]>().notNull().default([]),
		allowGuests: integer('allow_guests', { mode: 'boolean' }).notNull().default(false),
		/** Seconds players have to pick a stake before a 风险题 is shown. */
		stakeSeconds: integer('stake_seconds').notNull().default(10),
		/** The code as shown; kept after the game ends for the record. */
		code: text('code').notNull(),
		/** The code players can still join with: unique among open games, cleared when the game ends. */
		joinCode: text('join_code').unique(),
		/** Key for the signed cookies that identify guest players; per game, so it survives restarts. */
		guestSecret: text('guest_secret').notNull(),
		status: text('status', { enum: LIVE_STATUSES }).notNull().default('lobby'),
		/** Ordinal of the question on screen (null in the lobby). */
		currentOrdinal: integer('current_ordinal'),
		pausedAt: integer('paused_at'),
		createdAt: integer('created_at').notNull(),
		startedAt: integer('started_at'),
		endedAt: integer('ended_at'),
		/** The organized activity this game was recorded as, once it ended. */
		activityId: integer('activity_id')
	},
	(t) => [index('live_games_unit').on(t.orgUnitId), index('live_games_owner').on(t.ownerId)]
);

/**
 * The questions of a game in play order, with their round and the server's timestamps (epoch ms).
 * Stage of a question is a function of these and the clock: staking until opened_at, open until
 * deadline_at (or closed_at), then closed → revealed → leaderboard.
 */
export const liveGameQuestions = sqliteTable(
	'live_game_questions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameId: integer('game_id')
			.notNull()
			.references(() => liveGames.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		/** Question rows are immutable, so the game keeps what was asked even when content changes. */
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'restrict' }),
		round: text('round', { enum: LIVE_ROUND_KINDS }).notNull(),
		roundNo: integer('round_no').notNull().default(1),
		points: integer('points').notNull(),
		seconds: integer('seconds').notNull(),
		/** 风险题: the stakes players may choose from. */
		stakes: text('stakes', { mode: 'json' }).$type<number[]>().notNull().default([]),
		shownAt: integer('shown_at'),
		openedAt: integer('opened_at'),
		/** Answers received at or after this instant are refused. For 抢答 it moves to the winner's answer window. */
		deadlineAt: integer('deadline_at'),
		/** Set when the question closed before its deadline (everyone answered, or the host revealed early). */
		closedAt: integer('closed_at'),
		revealedAt: integer('revealed_at'),
		leaderboardAt: integer('leaderboard_at')
	},
	(t) => [uniqueIndex('live_game_questions_ordinal').on(t.gameId, t.ordinal)]
);

export const livePlayers = sqliteTable(
	'live_players',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameId: integer('game_id')
			.notNull()
			.references(() => liveGames.id, { onDelete: 'cascade' }),
		/** Null for guests (invited people without an account). */
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(false),
		orgUnitId: integer('org_unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		teamKey: text('team_key'),
		teamName: text('team_name'),
		joinedAt: integer('joined_at').notNull()
	},
	(t) => [uniqueIndex('live_players_game_user').on(t.gameId, t.userId), index('live_players_game').on(t.gameId)]
);

/** One row per player and question, ever: the unique key makes a replayed POST harmless. */
export const liveAnswers = sqliteTable(
	'live_answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameId: integer('game_id')
			.notNull()
			.references(() => liveGames.id, { onDelete: 'cascade' }),
		gameQuestionId: integer('game_question_id')
			.notNull()
			.references(() => liveGameQuestions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => livePlayers.id, { onDelete: 'cascade' }),
		/** Generated by the phone, so a retry of the same tap is recognised. */
		clientId: text('client_id').notNull(),
		response: text('response', { mode: 'json' }).$type<string[]>().notNull(),
		correct: integer('correct', { mode: 'boolean' }).notNull(),
		/** Points as scored at receipt (speed, stake or 抢答 ± points); see live/scoring.ts. */
		points: integer('points').notNull(),
		/** Time left on the server's clock when the answer arrived. */
		remainingMs: integer('remaining_ms').notNull(),
		receivedAt: integer('received_at').notNull()
	},
	(t) => [uniqueIndex('live_answers_question_player').on(t.gameQuestionId, t.playerId), index('live_answers_game').on(t.gameId)]
);

/** 抢答 buzzes; the winner is the first row by id (insertion order on the server). */
export const liveBuzzes = sqliteTable(
	'live_buzzes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameQuestionId: integer('game_question_id')
			.notNull()
			.references(() => liveGameQuestions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => livePlayers.id, { onDelete: 'cascade' }),
		at: integer('at').notNull()
	},
	(t) => [uniqueIndex('live_buzzes_question_player').on(t.gameQuestionId, t.playerId)]
);

/** 风险题 stakes, chosen before the question is shown. */
export const liveStakes = sqliteTable(
	'live_stakes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameQuestionId: integer('game_question_id')
			.notNull()
			.references(() => liveGameQuestions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => livePlayers.id, { onDelete: 'cascade' }),
		stake: integer('stake').notNull(),
		at: integer('at').notNull()
	},
	(t) => [uniqueIndex('live_stakes_question_player').on(t.gameQuestionId, t.playerId)]
);

/** Final standings per person, written once when the game ends (recomputable from the answers). */
export const livePlayerResults = sqliteTable(
	'live_player_results',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameId: integer('game_id')
			.notNull()
			.references(() => liveGames.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => livePlayers.id, { onDelete: 'cascade' }),
		rank: integer('rank').notNull(),
		score: integer('score').notNull(),
		correctCount: integer('correct_count').notNull(),
		answeredCount: integer('answered_count').notNull()
	},
	(t) => [uniqueIndex('live_player_results_game_player').on(t.gameId, t.playerId)]
);

/** Final standings per team (团体赛): the average of the members' scores. */
export const liveTeamResults = sqliteTable(
	'live_team_results',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		gameId: integer('game_id')
			.notNull()
			.references(() => liveGames.id, { onDelete: 'cascade' }),
		teamKey: text('team_key').notNull(),
		teamName: text('team_name').notNull(),
		members: integer('members').notNull(),
		score: real('score').notNull(),
		rank: integer('rank').notNull()
	},
	(t) => [uniqueIndex('live_team_results_game_team').on(t.gameId, t.teamKey)]
);

export type LiveGame = typeof liveGames.$inferSelect;
export type LiveGameQuestion = typeof liveGameQuestions.$inferSelect;
export type LivePlayer = typeof livePlayers.$inferSelect;
export type LiveAnswer = typeof liveAnswers.$inferSelect;
export type LiveBuzz = typeof liveBuzzes.$inferSelect;
export type LiveStake = typeof liveStakes.$inferSelect;
