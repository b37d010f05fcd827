CREATE TABLE `report_daily` (
	`day` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`attendances` integer DEFAULT 0 NOT NULL,
	`offline_ms` integer DEFAULT 0 NOT NULL,
	`checkins` integer DEFAULT 0 NOT NULL,
	`reading_ms` integer DEFAULT 0 NOT NULL,
	`quizzes` integer DEFAULT 0 NOT NULL,
	`quiz_score` integer DEFAULT 0 NOT NULL,
	`quiz_ms` integer DEFAULT 0 NOT NULL,
	`completions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `unit_id`)
);
--> statement-breakpoint
CREATE TABLE `report_dirty` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`day` integer NOT NULL,
	`unit_id` integer,
	`user_id` integer
);
--> statement-breakpoint
CREATE TABLE `report_monthly` (
	`month` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`attendances` integer DEFAULT 0 NOT NULL,
	`offline_ms` integer DEFAULT 0 NOT NULL,
	`checkins` integer DEFAULT 0 NOT NULL,
	`reading_ms` integer DEFAULT 0 NOT NULL,
	`quizzes` integer DEFAULT 0 NOT NULL,
	`quiz_score` integer DEFAULT 0 NOT NULL,
	`quiz_ms` integer DEFAULT 0 NOT NULL,
	`completions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `unit_id`)
);
--> statement-breakpoint
CREATE TABLE `report_reach` (
	`year` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`b0` integer DEFAULT 0 NOT NULL,
	`b1` integer DEFAULT 0 NOT NULL,
	`b2` integer DEFAULT 0 NOT NULL,
	`b3` integer DEFAULT 0 NOT NULL,
	`b4` integer DEFAULT 0 NOT NULL,
	`b5` integer DEFAULT 0 NOT NULL,
	`b6` integer DEFAULT 0 NOT NULL,
	`b7` integer DEFAULT 0 NOT NULL,
	`b8` integer DEFAULT 0 NOT NULL,
	`b9` integer DEFAULT 0 NOT NULL,
	`b10` integer DEFAULT 0 NOT NULL,
	`b11` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`year`, `unit_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `report_reach_by_unit` ON `report_reach` (`year`,`unit_id`,`user_id`,`b0`,`b1`,`b2`,`b3`,`b4`,`b5`,`b6`,`b7`,`b8`,`b9`,`b10`,`b11`);--> statement-breakpoint
CREATE INDEX `report_reach_by_user` ON `report_reach` (`year`,`user_id`,`unit_id`,`b0`,`b1`,`b2`,`b3`,`b4`,`b5`,`b6`,`b7`,`b8`,`b9`,`b10`,`b11`);--> statement-breakpoint
CREATE INDEX `users_org_unit_member` ON `users` (`org_unit_id`,`disabled_at`,`role`);--> statement-breakpoint
CREATE INDEX `regulation_checkins_signed` ON `regulation_checkins` (`signed_at`);--> statement-breakpoint
CREATE INDEX `course_completions_completed` ON `course_completions` (`completed_at`);