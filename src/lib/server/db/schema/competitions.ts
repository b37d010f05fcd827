import { sqliteTable, integer, text, real, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.ts';
import { orgUnits } from './org.ts';
import { questions } from './content.ts';
import { COMPETITION_FORMATS, COMPETITION_STATUSES, COMPETITION_TEAM_MODES, ROUND_KINDS } from '../../../vocabulary.ts';

/**
 * Live knowledge competitions (知识竞赛). The database is the authority: every transition of a
 * competition is a column written here (by a conditional update, so two app processes can never
 * both make it), and the in-memory state of src/lib/server/competitions is only a mirror for
 * fan-out, rebuilt from these rows after a restart and kept in step with other processes by
 * reading what is newer than it has (see competitions/store.ts).
 */

export const competitions = sqliteTable(
	'competitions',
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
		format: text('format', { enum: COMPETITION_FORMATS }).notNull().default('individual'),
		teamMode: text('team_mode', { enum: COMPETITION_TEAM_MODES }),
		/** Unit mode: teams are the players' ancestor units at this depth (1 = root). */
		teamDepth: integer('team_depth'),
		/** Lobby mode: the team names players pick from when they join. */
		teamNames: text('team_names', { mode: 'json' }).$type<string[]>().notNull().default([]),
		allowGuests: integer('allow_guests', { mode: 'boolean' }).notNull().default(false),
		/** Seconds players have to pick a stake before a 风险题 is shown. */
		stakeSeconds: integer('stake_seconds').notNull().default(10),
		/** The code as shown; kept after the competition ends for the record. */
		code: text('code').notNull(),
		/** The code players can still join with: unique among open competitions, cleared when the competition ends. */
		joinCode: text('join_code').unique(),
		/** Key for the signed cookies that identify guest players; per competition, so it survives restarts. */
		guestSecret: text('guest_secret').notNull(),
		status: text('status', { enum: COMPETITION_STATUSES }).notNull().default('lobby'),
		/** Ordinal of the question on screen (null in the lobby). */
		currentOrdinal: integer('current_ordinal'),
		pausedAt: integer('paused_at'),
		createdAt: integer('created_at').notNull(),
		startedAt: integer('started_at'),
		endedAt: integer('ended_at'),
		/** The organized activity this competition was recorded as, once it ended. */
		activityId: integer('activity_id'),
		/**
		 * Raised by one with every transition (start, question shown, closed, revealed, paused …): the
		 * id of the state events every phone receives, the same whichever process sends them.
		 */
		version: integer('version').notNull().default(0)
	},
	(t) => [index('competitions_unit').on(t.orgUnitId), index('competitions_owner').on(t.ownerId)]
);

/**
 * The questions of a competition in play order, with their round and the server's timestamps (epoch ms).
 * Stage of a question is a function of these and the clock: staking until opened_at, open until
 * deadline_at (or closed_at), then closed → revealed → leaderboard.
 */
export const competitionQuestions = sqliteTable(
	'competition_questions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionId: integer('competition_id')
			.notNull()
			.references(() => competitions.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		/** Question rows are immutable, so the competition keeps what was asked even when content changes. */
		questionId: integer('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'restrict' }),
		round: text('round', { enum: ROUND_KINDS }).notNull(),
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
	(t) => [uniqueIndex('competition_questions_ordinal').on(t.competitionId, t.ordinal)]
);

export const competitionPlayers = sqliteTable(
	'competition_players',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionId: integer('competition_id')
			.notNull()
			.references(() => competitions.id, { onDelete: 'cascade' }),
		/** Null for guests (invited people without an account). */
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(false),
		orgUnitId: integer('org_unit_id').references(() => orgUnits.id, { onDelete: 'set null' }),
		teamKey: text('team_key'),
		teamName: text('team_name'),
		joinedAt: integer('joined_at').notNull()
	},
	(t) => [uniqueIndex('competition_players_competition_user').on(t.competitionId, t.userId), index('competition_players_competition').on(t.competitionId)]
);

/** One row per player and question, ever: the unique key makes a replayed POST harmless. */
export const competitionAnswers = sqliteTable(
	'competition_answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionId: integer('competition_id')
			.notNull()
			.references(() => competitions.id, { onDelete: 'cascade' }),
		competitionQuestionId: integer('competition_question_id')
			.notNull()
			.references(() => competitionQuestions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => competitionPlayers.id, { onDelete: 'cascade' }),
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
	(t) => [uniqueIndex('competition_answers_question_player').on(t.competitionQuestionId, t.playerId), index('competition_answers_competition').on(t.competitionId, t.id)]
);

/** 抢答 buzzes; the winner is the first row by id (insertion order on the server). */
export const competitionBuzzes = sqliteTable(
	'competition_buzzes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionQuestionId: integer('competition_question_id')
			.notNull()
			.references(() => competitionQuestions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => competitionPlayers.id, { onDelete: 'cascade' }),
		at: integer('at').notNull()
	},
	(t) => [uniqueIndex('competition_buzzes_question_player').on(t.competitionQuestionId, t.playerId)]
);

/** 风险题 stakes, chosen before the question is shown. */
export const competitionStakes = sqliteTable(
	'competition_stakes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionQuestionId: integer('competition_question_id')
			.notNull()
			.references(() => competitionQuestions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => competitionPlayers.id, { onDelete: 'cascade' }),
		stake: integer('stake').notNull(),
		at: integer('at').notNull()
	},
	(t) => [uniqueIndex('competition_stakes_question_player').on(t.competitionQuestionId, t.playerId)]
);

/** Final standings per person, written once when the competition ends (recomputable from the answers). */
export const competitionPlayerResults = sqliteTable(
	'competition_player_results',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionId: integer('competition_id')
			.notNull()
			.references(() => competitions.id, { onDelete: 'cascade' }),
		playerId: integer('player_id')
			.notNull()
			.references(() => competitionPlayers.id, { onDelete: 'cascade' }),
		rank: integer('rank').notNull(),
		score: integer('score').notNull(),
		correctCount: integer('correct_count').notNull(),
		answeredCount: integer('answered_count').notNull()
	},
	(t) => [uniqueIndex('competition_player_results_competition_player').on(t.competitionId, t.playerId)]
);

/** Final standings per team (团体赛): the average of the members' scores. */
export const competitionTeamResults = sqliteTable(
	'competition_team_results',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		competitionId: integer('competition_id')
			.notNull()
			.references(() => competitions.id, { onDelete: 'cascade' }),
		teamKey: text('team_key').notNull(),
		teamName: text('team_name').notNull(),
		members: integer('members').notNull(),
		score: real('score').notNull(),
		rank: integer('rank').notNull()
	},
	(t) => [uniqueIndex('competition_team_results_competition_team').on(t.competitionId, t.teamKey)]
);

export type Competition = typeof competitions.$inferSelect;
export type CompetitionQuestion = typeof competitionQuestions.$inferSelect;
export type CompetitionPlayer = typeof competitionPlayers.$inferSelect;
export type CompetitionAnswer = typeof competitionAnswers.$inferSelect;
export type CompetitionBuzz = typeof competitionBuzzes.$inferSelect;
export type CompetitionStake = typeof competitionStakes.$inferSelect;
