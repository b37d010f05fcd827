CREATE TABLE `citation_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` integer NOT NULL,
	`ref` text NOT NULL,
	`to_regulation_id` integer NOT NULL,
	`to_hash` text NOT NULL,
	`reviewed_by` integer,
	`reviewed_at` integer NOT NULL,
	FOREIGN KEY (`to_regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `citation_reviews_key` ON `citation_reviews` (`source_kind`,`source_id`,`ref`,`to_regulation_id`,`to_hash`);--> statement-breakpoint
CREATE TABLE `content_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`text` text NOT NULL,
	`original_name` text DEFAULT '' NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_files_path_unique` ON `content_files` (`path`);--> statement-breakpoint
CREATE TABLE `edition_map_articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`map_id` integer NOT NULL,
	`from_number` integer,
	`to_number` integer,
	`change` text NOT NULL,
	`similarity` real NOT NULL,
	FOREIGN KEY (`map_id`) REFERENCES `edition_maps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `edition_map_articles_map` ON `edition_map_articles` (`map_id`,`from_number`);--> statement-breakpoint
CREATE INDEX `edition_map_articles_to` ON `edition_map_articles` (`map_id`,`to_number`);--> statement-breakpoint
CREATE TABLE `edition_maps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_regulation_id` integer NOT NULL,
	`to_regulation_id` integer NOT NULL,
	`from_hash` text NOT NULL,
	`to_hash` text NOT NULL,
	FOREIGN KEY (`from_regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edition_maps_pair` ON `edition_maps` (`from_regulation_id`,`to_regulation_id`);--> statement-breakpoint
CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`regulation_id` integer,
	`lesson_id` integer,
	`question_id` integer,
	`number` integer,
	`title` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`regulation_id`) REFERENCES `regulations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `search_documents_regulation` ON `search_documents` (`regulation_id`);--> statement-breakpoint
CREATE INDEX `search_documents_lesson` ON `search_documents` (`lesson_id`);--> statement-breakpoint
CREATE INDEX `search_documents_question` ON `search_documents` (`question_id`);--> statement-breakpoint
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
CREATE TABLE `rate_limit_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_hits_bucket_key_at` ON `rate_limit_hits` (`bucket`,`key`,`at`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storage_key` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`width` integer,
	`height` integer,
	`uploaded_by` integer,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_storage_key` ON `files` (`storage_key`);--> statement-breakpoint
CREATE TABLE `pledge_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pledge_id` integer NOT NULL,
	`first_user_id` integer NOT NULL,
	`second_user_id` integer NOT NULL,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`first_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`second_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_letters_parties` ON `pledge_letters` (`pledge_id`,`first_user_id`,`second_user_id`);--> statement-breakpoint
CREATE INDEX `pledge_letters_first` ON `pledge_letters` (`first_user_id`);--> statement-breakpoint
CREATE INDEX `pledge_letters_second` ON `pledge_letters` (`second_user_id`);--> statement-breakpoint
CREATE TABLE `pledge_people` (
	`pledge_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`pledge_id`, `user_id`),
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pledge_people_user` ON `pledge_people` (`user_id`);--> statement-breakpoint
CREATE TABLE `pledge_reads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `pledge_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_reads_user_version` ON `pledge_reads` (`user_id`,`version_id`);--> statement-breakpoint
CREATE TABLE `pledge_signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pledge_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`letter_id` integer,
	`letter_key` integer NOT NULL,
	`side` text NOT NULL,
	`typed_name` text NOT NULL,
	`signature_svg` text,
	`unit_id` integer,
	`read_started_at` integer NOT NULL,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `pledge_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`letter_id`) REFERENCES `pledge_letters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_signatures_once` ON `pledge_signatures` (`version_id`,`user_id`,`letter_key`);--> statement-breakpoint
CREATE INDEX `pledge_signatures_pledge` ON `pledge_signatures` (`pledge_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `pledge_signatures_user` ON `pledge_signatures` (`user_id`);--> statement-breakpoint
CREATE INDEX `pledge_signatures_signed` ON `pledge_signatures` (`signed_at`);--> statement-breakpoint
CREATE TABLE `pledge_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pledge_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`content_hash` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pledge_versions_number` ON `pledge_versions` (`pledge_id`,`number`);--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`unit_id` integer NOT NULL,
	`audience` text NOT NULL,
	`due_date` text NOT NULL,
	`min_read_seconds` integer NOT NULL,
	`current_version_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `pledges_unit` ON `pledges` (`unit_id`);--> statement-breakpoint
CREATE TABLE `writing_collection_people` (
	`collection_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`collection_id`, `user_id`),
	FOREIGN KEY (`collection_id`) REFERENCES `writing_collections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `writing_collection_people_user` ON `writing_collection_people` (`user_id`);--> statement-breakpoint
CREATE TABLE `writing_collections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`theme` text DEFAULT '' NOT NULL,
	`unit_id` integer NOT NULL,
	`audience` text NOT NULL,
	`due_date` text NOT NULL,
	`min_chars` integer DEFAULT 0 NOT NULL,
	`allow_text` integer NOT NULL,
	`docx_max_mb` integer,
	`image_max_mb` integer,
	`pdf_max_mb` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `writing_collections_unit` ON `writing_collections` (`unit_id`);--> statement-breakpoint
CREATE TABLE `writing_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`action` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`actor_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `writing_submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `writing_events_submission` ON `writing_events` (`submission_id`);--> statement-breakpoint
CREATE TABLE `writing_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`text_html` text DEFAULT '' NOT NULL,
	`char_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `writing_submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `writing_files_submission` ON `writing_files` (`submission_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `writing_files_file` ON `writing_files` (`file_id`);--> statement-breakpoint
CREATE TABLE `writing_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collection_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`excellent` integer DEFAULT false NOT NULL,
	`published_at` integer,
	`review_comment` text DEFAULT '' NOT NULL,
	`reviewed_by` integer,
	`reviewed_at` integer,
	`submitted_at` integer,
	`unit_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`collection_id`) REFERENCES `writing_collections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `writing_submissions_collection_user` ON `writing_submissions` (`collection_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `writing_submissions_user` ON `writing_submissions` (`user_id`);--> statement-breakpoint
CREATE INDEX `writing_submissions_submitted` ON `writing_submissions` (`submitted_at`);--> statement-breakpoint
DROP TABLE `regulation_reads`;--> statement-breakpoint
DROP INDEX `reading_checkins_user_version`;--> statement-breakpoint
CREATE INDEX `reading_checkins_user_version` ON `reading_checkins` (`user_id`,`lesson_version_id`);--> statement-breakpoint
DROP INDEX `competition_answers_competition`;--> statement-breakpoint
CREATE INDEX `competition_answers_competition` ON `competition_answers` (`competition_id`,`id`);--> statement-breakpoint
ALTER TABLE `courses` ADD `origin` text DEFAULT 'files' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `category` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `difficulty` text DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `work` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `edition_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `status_declared` text;--> statement-breakpoint
ALTER TABLE `regulations` ADD `status` text DEFAULT 'current' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `appendices` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `origin` text DEFAULT 'files' NOT NULL;--> statement-breakpoint
ALTER TABLE `reading_list_items` ADD `scope` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `reading_lists` ADD `count_earlier` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Lists made before this choice keep counting study done before their start, as they did.
UPDATE `reading_lists` SET `count_earlier` = true;--> statement-breakpoint
ALTER TABLE `competitions` ADD `version` integer DEFAULT 0 NOT NULL;