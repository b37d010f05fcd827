-- One vocabulary (issue "Records you can trust"): reading lists and competitions get their names
-- in the tables too, and activity sources / attendance methods say what they are. Written by hand:
-- renames only. (A table rebuild of a parent table would cascade-delete its children, because the
-- migrator runs in a transaction, where PRAGMA foreign_keys=OFF has no effect.) SQLite rewrites
-- foreign keys that name a renamed table or column. The snapshot beside it describes the result.
ALTER TABLE `assignments` RENAME TO `reading_lists`;--> statement-breakpoint
ALTER TABLE `assignment_items` RENAME TO `reading_list_items`;--> statement-breakpoint
ALTER TABLE `assignment_people` RENAME TO `reading_list_people`;--> statement-breakpoint
DROP INDEX `assignment_items_activity`;--> statement-breakpoint
CREATE INDEX `reading_list_items_activity` ON `reading_list_items` (`activity_id`);--> statement-breakpoint
DROP INDEX `assignment_people_user`;--> statement-breakpoint
CREATE INDEX `reading_list_people_user` ON `reading_list_people` (`user_id`);--> statement-breakpoint
ALTER TABLE `live_games` RENAME TO `competitions`;--> statement-breakpoint
DROP INDEX `live_games_join_code_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `competitions_join_code_unique` ON `competitions` (`join_code`);--> statement-breakpoint
DROP INDEX `live_games_unit`;--> statement-breakpoint
CREATE INDEX `competitions_unit` ON `competitions` (`org_unit_id`);--> statement-breakpoint
DROP INDEX `live_games_owner`;--> statement-breakpoint
CREATE INDEX `competitions_owner` ON `competitions` (`owner_id`);--> statement-breakpoint
ALTER TABLE `live_game_questions` RENAME TO `competition_questions`;--> statement-breakpoint
ALTER TABLE `competition_questions` RENAME COLUMN `game_id` TO `competition_id`;--> statement-breakpoint
DROP INDEX `live_game_questions_ordinal`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_questions_ordinal` ON `competition_questions` (`competition_id`,`ordinal`);--> statement-breakpoint
ALTER TABLE `live_players` RENAME TO `competition_players`;--> statement-breakpoint
ALTER TABLE `competition_players` RENAME COLUMN `game_id` TO `competition_id`;--> statement-breakpoint
DROP INDEX `live_players_game_user`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_players_competition_user` ON `competition_players` (`competition_id`,`user_id`);--> statement-breakpoint
DROP INDEX `live_players_game`;--> statement-breakpoint
CREATE INDEX `competition_players_competition` ON `competition_players` (`competition_id`);--> statement-breakpoint
ALTER TABLE `live_answers` RENAME TO `competition_answers`;--> statement-breakpoint
ALTER TABLE `competition_answers` RENAME COLUMN `game_id` TO `competition_id`;--> statement-breakpoint
ALTER TABLE `competition_answers` RENAME COLUMN `game_question_id` TO `competition_question_id`;--> statement-breakpoint
DROP INDEX `live_answers_question_player`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_answers_question_player` ON `competition_answers` (`competition_question_id`,`player_id`);--> statement-breakpoint
DROP INDEX `live_answers_game`;--> statement-breakpoint
CREATE INDEX `competition_answers_competition` ON `competition_answers` (`competition_id`);--> statement-breakpoint
ALTER TABLE `live_buzzes` RENAME TO `competition_buzzes`;--> statement-breakpoint
ALTER TABLE `competition_buzzes` RENAME COLUMN `game_question_id` TO `competition_question_id`;--> statement-breakpoint
DROP INDEX `live_buzzes_question_player`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_buzzes_question_player` ON `competition_buzzes` (`competition_question_id`,`player_id`);--> statement-breakpoint
ALTER TABLE `live_stakes` RENAME TO `competition_stakes`;--> statement-breakpoint
ALTER TABLE `competition_stakes` RENAME COLUMN `game_question_id` TO `competition_question_id`;--> statement-breakpoint
DROP INDEX `live_stakes_question_player`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_stakes_question_player` ON `competition_stakes` (`competition_question_id`,`player_id`);--> statement-breakpoint
ALTER TABLE `live_player_results` RENAME TO `competition_player_results`;--> statement-breakpoint
ALTER TABLE `competition_player_results` RENAME COLUMN `game_id` TO `competition_id`;--> statement-breakpoint
DROP INDEX `live_player_results_game_player`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_player_results_competition_player` ON `competition_player_results` (`competition_id`,`player_id`);--> statement-breakpoint
ALTER TABLE `live_team_results` RENAME TO `competition_team_results`;--> statement-breakpoint
ALTER TABLE `competition_team_results` RENAME COLUMN `game_id` TO `competition_id`;--> statement-breakpoint
DROP INDEX `live_team_results_game_team`;--> statement-breakpoint
CREATE UNIQUE INDEX `competition_team_results_competition_team` ON `competition_team_results` (`competition_id`,`team_key`);--> statement-breakpoint
UPDATE `activities` SET `source` = 'offline' WHERE `source` = 'session';--> statement-breakpoint
UPDATE `activities` SET `source` = 'reading-list' WHERE `source` = 'assignment';--> statement-breakpoint
UPDATE `activities` SET `source` = 'competition', `source_ref` = 'competition:' || substr(`source_ref`, 6) WHERE `source` = 'live' AND `source_ref` LIKE 'live:%';--> statement-breakpoint
UPDATE `activities` SET `source` = 'competition' WHERE `source` = 'live';--> statement-breakpoint
UPDATE `attendances` SET `method` = 'competition' WHERE `method` = 'live';--> statement-breakpoint
UPDATE `attendances` SET `method` = 'reading-list' WHERE `method` = 'assignment';
