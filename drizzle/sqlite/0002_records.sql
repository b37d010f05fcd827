-- Records you can trust (issue 7). Regulation read-and-sign replaces "opened the page": regulation_reads
-- is dropped (an opened page is no longer a record; attendances it produced stay) and
-- regulation_checkins records each reading (edition, part, opened_at from 开始阅读, signed_at). A
-- person may read a lesson version again when a reading list needs a fresh signature, so
-- (user, version) is no longer unique. Reading lists say whether study done before their start
-- counts (new lists: no; lists made before this choice keep counting it, as they did), and a list's
-- regulation item may name the articles assigned as 必读 (scope; '' = the whole text).
CREATE TABLE `regulation_checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`regulation_id` integer NOT NULL,
	`content_hash` text NOT NULL,
	`scope` text DEFAULT '' NOT NULL,
	`scope_label` text DEFAULT '' NOT NULL,
	`char_count` integer NOT NULL,
	`min_read_seconds` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`signed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `regulation_checkins_user_edition_scope` ON `regulation_checkins` (`user_id`,`regulation_id`,`content_hash`,`scope`);--> statement-breakpoint
CREATE INDEX `regulation_checkins_regulation` ON `regulation_checkins` (`regulation_id`);--> statement-breakpoint
CREATE INDEX `regulation_checkins_user_signed` ON `regulation_checkins` (`user_id`,`signed_at`,`opened_at`,`min_read_seconds`);--> statement-breakpoint
DROP TABLE `regulation_reads`;--> statement-breakpoint
DROP INDEX `reading_checkins_user_version`;--> statement-breakpoint
CREATE INDEX `reading_checkins_user_version` ON `reading_checkins` (`user_id`,`lesson_version_id`);--> statement-breakpoint
ALTER TABLE `reading_list_items` ADD `scope` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `reading_lists` ADD `count_earlier` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `reading_lists` SET `count_earlier` = true;
