CREATE TABLE `org_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer,
	`name` text NOT NULL,
	`kind` text DEFAULT '其他' NOT NULL,
	`path` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_parent_name` ON `org_units` (`parent_id`,`name`);--> statement-breakpoint
CREATE INDEX `org_units_path` ON `org_units` (`path`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`address` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_username` ON `login_failures` (`username`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_address` ON `login_failures` (`address`,`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`name` text NOT NULL,
	`org_unit_id` integer NOT NULL,
	`role` text DEFAULT 'learner' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`is_leader` integer DEFAULT false NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT true NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_org_unit` ON `users` (`org_unit_id`);--> statement-breakpoint
CREATE TABLE `content_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file` text NOT NULL,
	`line` integer,
	`message` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`category` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`intro_html` text DEFAULT '' NOT NULL,
	`source_path` text NOT NULL,
	`content_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `courses_slug_unique` ON `courses` (`slug`);--> statement-breakpoint
CREATE TABLE `lesson_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lesson_id` integer NOT NULL,
	`content_hash` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`body_html` text NOT NULL,
	`char_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_versions_hash` ON `lesson_versions` (`lesson_id`,`content_hash`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`slug` text NOT NULL,
	`ordinal` integer NOT NULL,
	`title` text NOT NULL,
	`min_read_seconds` integer NOT NULL,
	`refs` text DEFAULT '[]' NOT NULL,
	`source_path` text DEFAULT '' NOT NULL,
	`current_version_id` integer,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_course_slug` ON `lessons` (`course_id`,`slug`);--> statement-breakpoint
CREATE TABLE `question_sets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`course_id` integer,
	`title` text NOT NULL,
	`pass_score` integer DEFAULT 80 NOT NULL,
	`time_limit_minutes` integer,
	`intro_html` text DEFAULT '' NOT NULL,
	`source_path` text NOT NULL,
	`content_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `question_sets_slug_unique` ON `question_sets` (`slug`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`set_id` integer NOT NULL,
	`key` text NOT NULL,
	`ordinal` integer NOT NULL,
	`type` text NOT NULL,
	`stem` text NOT NULL,
	`options` text NOT NULL,
	`answer` text NOT NULL,
	`explanation` text NOT NULL,
	`refs` text NOT NULL,
	`content_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`set_id`) REFERENCES `question_sets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `questions_set_key_hash` ON `questions` (`set_id`,`key`,`content_hash`);--> statement-breakpoint
CREATE INDEX `questions_set` ON `questions` (`set_id`);--> statement-breakpoint
CREATE TABLE `regulation_articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`regulation_id` integer NOT NULL,
	`number` integer NOT NULL,
	`label` text NOT NULL,
	`ordinal` integer NOT NULL,
	`part_title` text DEFAULT '' NOT NULL,
	`chapter_title` text DEFAULT '' NOT NULL,
	`section_title` text DEFAULT '' NOT NULL,
	`body_text` text NOT NULL,
	`body_html` text NOT NULL,
	FOREIGN KEY (`regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regulation_articles_number` ON `regulation_articles` (`regulation_id`,`number`);--> statement-breakpoint
CREATE TABLE `regulations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`edition` text DEFAULT '' NOT NULL,
	`issuer` text DEFAULT '' NOT NULL,
	`effective_date` text DEFAULT '' NOT NULL,
	`numbering` text DEFAULT 'article' NOT NULL,
	`preamble_html` text DEFAULT '' NOT NULL,
	`source_path` text NOT NULL,
	`content_hash` text NOT NULL,
	`is_sample` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regulations_slug_unique` ON `regulations` (`slug`);--> statement-breakpoint
CREATE TABLE `attempt_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`response` text NOT NULL,
	`correct` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attempt_answers_attempt_question` ON `attempt_answers` (`attempt_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`set_hash` text NOT NULL,
	`question_ids` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer,
	`submitted_at` integer,
	`correct_count` integer,
	`total_count` integer NOT NULL,
	`score` integer,
	`pass_score` integer NOT NULL,
	`passed` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`set_id`) REFERENCES `question_sets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_set` ON `quiz_attempts` (`user_id`,`set_id`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_submitted` ON `quiz_attempts` (`submitted_at`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_submitted` ON `quiz_attempts` (`user_id`,`submitted_at`,`started_at`,`score`,`deadline_at`,`total_count`);--> statement-breakpoint
CREATE TABLE `reading_checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`lesson_version_id` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`signed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lesson_version_id`) REFERENCES `lesson_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reading_checkins_user_version` ON `reading_checkins` (`user_id`,`lesson_version_id`);--> statement-breakpoint
CREATE INDEX `reading_checkins_lesson` ON `reading_checkins` (`lesson_id`);--> statement-breakpoint
CREATE INDEX `reading_checkins_signed` ON `reading_checkins` (`signed_at`);--> statement-breakpoint
CREATE INDEX `reading_checkins_user_signed` ON `reading_checkins` (`user_id`,`signed_at`,`opened_at`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`source` text DEFAULT 'session' NOT NULL,
	`source_ref` text,
	`title` text NOT NULL,
	`unit_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`speaker` text DEFAULT '' NOT NULL,
	`course_id` integer,
	`regulation_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`checkin_token` text,
	`checkin_grace_minutes` integer DEFAULT 30 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`cancelled_at` integer,
	`cancelled_by` integer,
	`cancel_reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `activities_starts` ON `activities` (`starts_at`,`unit_id`);--> statement-breakpoint
CREATE INDEX `activities_unit_starts` ON `activities` (`unit_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `activities_checkin_token` ON `activities` (`checkin_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `activities_source_ref` ON `activities` (`source`,`source_ref`);--> statement-breakpoint
CREATE TABLE `assignment_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`item_type` text NOT NULL,
	`course_id` integer,
	`lesson_id` integer,
	`regulation_id` integer,
	FOREIGN KEY (`activity_id`) REFERENCES `assignments`(`activity_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assignment_items_activity` ON `assignment_items` (`activity_id`);--> statement-breakpoint
CREATE TABLE `assignment_people` (
	`activity_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`activity_id`, `user_id`),
	FOREIGN KEY (`activity_id`) REFERENCES `assignments`(`activity_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assignment_people_user` ON `assignment_people` (`user_id`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`activity_id` integer PRIMARY KEY NOT NULL,
	`audience` text DEFAULT 'all' NOT NULL,
	`start_date` text NOT NULL,
	`due_date` text NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `attendances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`method` text NOT NULL,
	`at` integer NOT NULL,
	`member_unit_id` integer,
	`recorded_by` integer,
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendances_activity_user` ON `attendances` (`activity_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `attendances_user` ON `attendances` (`user_id`);--> statement-breakpoint
CREATE TABLE `course_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`completed_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_completions_user_course` ON `course_completions` (`user_id`,`course_id`);--> statement-breakpoint
CREATE INDEX `course_completions_user_completed` ON `course_completions` (`user_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `notice_reads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_reads_notice_user` ON `notice_reads` (`notice_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `notice_reads_user` ON `notice_reads` (`user_id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_by` integer,
	`published_at` integer NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_by` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `notices_unit` ON `notices` (`unit_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `notices_published` ON `notices` (`published_at`);--> statement-breakpoint
CREATE TABLE `regulation_reads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`regulation_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regulation_reads_user_regulation` ON `regulation_reads` (`user_id`,`regulation_id`);--> statement-breakpoint
CREATE INDEX `regulation_reads_regulation` ON `regulation_reads` (`regulation_id`);--> statement-breakpoint
CREATE TABLE `live_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`game_question_id` integer NOT NULL,
	`player_id` integer NOT NULL,
	`client_id` text NOT NULL,
	`response` text NOT NULL,
	`correct` integer NOT NULL,
	`points` integer NOT NULL,
	`remaining_ms` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`game_question_id`) REFERENCES `live_game_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`player_id`) REFERENCES `live_players`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_answers_question_player` ON `live_answers` (`game_question_id`,`player_id`);--> statement-breakpoint
CREATE INDEX `live_answers_game` ON `live_answers` (`game_id`);--> statement-breakpoint
CREATE TABLE `live_buzzes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_question_id` integer NOT NULL,
	`player_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`game_question_id`) REFERENCES `live_game_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`player_id`) REFERENCES `live_players`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_buzzes_question_player` ON `live_buzzes` (`game_question_id`,`player_id`);--> statement-breakpoint
CREATE TABLE `live_game_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`question_id` integer NOT NULL,
	`round` text NOT NULL,
	`round_no` integer DEFAULT 1 NOT NULL,
	`points` integer NOT NULL,
	`seconds` integer NOT NULL,
	`stakes` text DEFAULT '[]' NOT NULL,
	`shown_at` integer,
	`opened_at` integer,
	`deadline_at` integer,
	`closed_at` integer,
	`revealed_at` integer,
	`leaderboard_at` integer,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_game_questions_ordinal` ON `live_game_questions` (`game_id`,`ordinal`);--> statement-breakpoint
CREATE TABLE `live_games` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`owner_id` integer NOT NULL,
	`org_unit_id` integer NOT NULL,
	`format` text DEFAULT 'individual' NOT NULL,
	`team_mode` text,
	`team_depth` integer,
	`team_names` text DEFAULT '[]' NOT NULL,
	`allow_guests` integer DEFAULT false NOT NULL,
	`stake_seconds` integer DEFAULT 10 NOT NULL,
	`code` text NOT NULL,
	`join_code` text,
	`guest_secret` text NOT NULL,
	`status` text DEFAULT 'lobby' NOT NULL,
	`current_ordinal` integer,
	`paused_at` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`activity_id` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_games_join_code_unique` ON `live_games` (`join_code`);--> statement-breakpoint
CREATE INDEX `live_games_unit` ON `live_games` (`org_unit_id`);--> statement-breakpoint
CREATE INDEX `live_games_owner` ON `live_games` (`owner_id`);--> statement-breakpoint
CREATE TABLE `live_player_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`player_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`score` integer NOT NULL,
	`correct_count` integer NOT NULL,
	`answered_count` integer NOT NULL,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`player_id`) REFERENCES `live_players`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_player_results_game_player` ON `live_player_results` (`game_id`,`player_id`);--> statement-breakpoint
CREATE TABLE `live_players` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`is_guest` integer DEFAULT false NOT NULL,
	`org_unit_id` integer,
	`team_key` text,
	`team_name` text,
	`joined_at` integer NOT NULL,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_players_game_user` ON `live_players` (`game_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `live_players_game` ON `live_players` (`game_id`);--> statement-breakpoint
CREATE TABLE `live_stakes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_question_id` integer NOT NULL,
	`player_id` integer NOT NULL,
	`stake` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`game_question_id`) REFERENCES `live_game_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`player_id`) REFERENCES `live_players`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_stakes_question_player` ON `live_stakes` (`game_question_id`,`player_id`);--> statement-breakpoint
CREATE TABLE `live_team_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`team_key` text NOT NULL,
	`team_name` text NOT NULL,
	`members` integer NOT NULL,
	`score` real NOT NULL,
	`rank` integer NOT NULL,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_team_results_game_team` ON `live_team_results` (`game_id`,`team_key`);