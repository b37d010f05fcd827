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
ALTER TABLE `courses` ADD `origin` text DEFAULT 'files' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `category` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `difficulty` text DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `work` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `edition_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `status_declared` text;--> statement-breakpoint
ALTER TABLE `regulations` ADD `status` text DEFAULT 'current' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `appendices` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `regulations` ADD `origin` text DEFAULT 'files' NOT NULL;