CREATE TABLE `rate_limit_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_hits_bucket_key_at` ON `rate_limit_hits` (`bucket`,`key`,`at`);--> statement-breakpoint
DROP INDEX `competition_answers_competition`;--> statement-breakpoint
CREATE INDEX `competition_answers_competition` ON `competition_answers` (`competition_id`,`id`);--> statement-breakpoint
ALTER TABLE `competitions` ADD `version` integer DEFAULT 0 NOT NULL;